"""The Django admin lists levels, profiles, tip settings and (read-only) tips, writes them
through the writer services and moves tips only with actions calling the tip services.
"""

import html

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client, TestCase

from core.invariants import violations
from tests.accounts.factories import SuperAdminFactory, WriterFactory
from tests.hardening.world import build_world
from tests.writer_management.factories import (
    TipFactory,
    TipSettingsFactory,
    WriterLevelFactory,
    WriterProfileFactory,
)
from writer_management.models import WriterProfile

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


def _profile_form(profile, **changes) -> dict:
    return {"level": profile.level_id or "", "pen_name": profile.pen_name, **changes}


def test_a_profile_cannot_get_another_websites_level_even_from_a_superadmin(admin_site_client):
    profile = WriterProfileFactory()
    foreign = WriterLevelFactory()  # a level of another website
    url = f"/admin/writer_management/writerprofile/{profile.pk}/change/"
    response = admin_site_client.post(url, _profile_form(profile, level=foreign.pk))
    assert response.status_code == 200  # the form again, with the error on the level
    assert f"Level {foreign.pk} does not exist on this website." in response.content.decode()
    profile.refresh_from_db()
    assert profile.level_id != foreign.pk
    own = WriterLevelFactory(website=profile.website)
    changed = admin_site_client.post(url, _profile_form(profile, level=own.pk, pen_name="Quill"))
    assert changed.status_code == 302, changed.content.decode()[:3000]
    profile.refresh_from_db()
    assert (profile.level, profile.pen_name) == (own, "Quill")


def test_a_profile_added_in_the_admin_is_on_its_writers_website(admin_site_client):
    writer = WriterFactory()
    foreign = WriterLevelFactory()
    add = "/admin/writer_management/writerprofile/add/"
    refused = admin_site_client.post(add, {"user": writer.pk, "level": foreign.pk, "pen_name": ""})
    assert refused.status_code == 200
    assert not WriterProfile.objects.filter(user=writer).exists()
    created = admin_site_client.post(add, {"user": writer.pk, "level": "", "pen_name": "Ink"})
    assert created.status_code == 302, created.content.decode()[:3000]
    assert WriterProfile.objects.get(user=writer).website == writer.website


@pytest.fixture
def world(db):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return build_world()


def _act(browser, action: str, tips, **extra) -> str:
    response = browser.post(
        "/admin/writer_management/tip/",
        {"action": action, ACTION_CHECKBOX_NAME: [tip.pk for tip in tips], "index": 0, **extra},
        follow=True,
    )
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_tips_are_confirmed_and_refunded_by_actions_calling_the_tip_services(world):
    browser = Client()
    browser.force_login(world.superadmin)
    manual, completed = world.a.tip_manual, world.a.tip
    assert 'name="reference"' in _act(browser, "confirm_selected", [manual])
    confirmed = _act(browser, "confirm_selected", [manual, completed], apply="1", reference="R-9")
    assert "1 tip(s) confirmed." in confirmed
    assert f"Not confirmed: #{completed.pk}" in confirmed
    refunded = _act(browser, "refund_selected", [completed], apply="1", reason="Mistake")
    assert "1 tip(s) refunded." in refunded
    manual.refresh_from_db()
    completed.refresh_from_db()
    assert (manual.payment_status, manual.payment.status) == ("completed", "completed")
    assert (completed.payment_status, completed.payment.status) == ("refunded", "refunded")
    assert violations() == []
