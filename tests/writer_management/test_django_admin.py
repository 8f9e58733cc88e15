"""The Django admin lists levels, profiles, tip settings and (read-only) tips."""

import pytest
from django.test import Client

from tests.accounts.factories import SuperAdminFactory
from tests.writer_management.factories import TipFactory, TipSettingsFactory, WriterProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site_client():
    client = Client()
    client.force_login(SuperAdminFactory())
    return client


@pytest.fixture
def rows():
    profile = WriterProfileFactory()
    tip = TipFactory(website=profile.website, writer=profile.user, writer_level=profile.level)
    settings = TipSettingsFactory(website=profile.website)
    return profile, tip, settings


@pytest.mark.parametrize(
    "url",
    [
        "/admin/writer_management/writerlevel/?q=Level&is_active__exact=1",
        "/admin/writer_management/writerprofile/?q=Pen",
        "/admin/writer_management/tipsettings/?q=Website",
        "/admin/writer_management/tip/?q=user&payment_status__exact=completed&tip_type__exact=direct",
        "/admin/writer_management/writerlevel/add/",
    ],
)
def test_admin_lists_answer_for_a_superuser(admin_site_client, rows, url):
    assert admin_site_client.get(url).status_code == 200


def test_change_pages_answer_and_tips_are_read_only(admin_site_client, rows):
    profile, tip, settings = rows
    for url in (
        f"/admin/writer_management/writerlevel/{profile.level_id}/change/",
        f"/admin/writer_management/writerprofile/{profile.pk}/change/",
        f"/admin/writer_management/tipsettings/{settings.pk}/change/",
        f"/admin/writer_management/tip/{tip.pk}/change/",
    ):
        assert admin_site_client.get(url).status_code == 200, url
    assert admin_site_client.get("/admin/writer_management/tip/add/").status_code == 403
    html = admin_site_client.get("/admin/writer_management/tip/").content.decode()
    assert "column-writer_earning" in html
    assert "column-platform_profit" in html
