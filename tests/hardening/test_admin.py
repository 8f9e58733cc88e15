"""The Django admin keeps each website's rows to itself.

Only superadmins are staff, but a staff flag set by hand (an old row, a restored dump) must not
open another website: here website A's admin is made staff with every permission, and every
admin page family is checked against website B's rows, whose text carries the marker `ZZB`.
One module-wide world serves every test; each test runs in a savepoint rolled back after it.
"""

import re
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin as django_admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import User
from core.admin_services import ServiceFormAdmin
from loyalty_management.models import ClientBadge
from tests.hardening.conftest import shared_world  # noqa: F401 - the module-wide world
from websites.admin_scoping import SuperadminOnlyAdmin, WebsiteScopedAdmin

pytestmark = pytest.mark.django_db

MARKER = "zzb"  # B's marker as it appears in names, codes and usernames, in any case
SITE = django_admin.site
# Website-owned models: those the tenancy layer scopes (`visible_to`); the rest are the platform's.
SCOPED = sorted(
    (model for model in SITE._registry if hasattr(model._default_manager.all(), "visible_to")),
    key=lambda model: model._meta.label,
)
PLATFORM_ONLY = sorted(
    (model for model in SITE._registry if model not in SCOPED),
    key=lambda model: model._meta.label,
)


def _text(response) -> str:
    """The page in lower case, without its random CSRF token (which may spell the marker)."""
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode()
    ).lower()


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _rows_of(model, website):
    rows = model._default_manager.all().for_website(website.pk)
    if any(field.name == "website" for field in model._meta.fields):
        rows = rows.filter(website=website)  # not the global rows every website sees
    return rows


@pytest.fixture
def world(shared_world):  # noqa: F811
    # No client of the world reached a milestone yet: give each side one badge earned.
    for side in (shared_world.a, shared_world.b):
        ClientBadge.objects.create(
            client=side.client, badge=side.badge, website=side.website, milestone=side.milestone
        )
    return shared_world


@pytest.fixture
def staff_admin_a(world):
    """Website A's admin, made staff by hand and given every permission."""
    admin = world.a.admin
    User.objects.filter(pk=admin.pk).update(is_staff=True)
    admin.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(User.objects.get(pk=admin.pk))
    return client


def test_every_admin_is_website_scoped_or_for_superadmins_only():
    assert len(SCOPED) >= 25
    for model in SCOPED:
        assert isinstance(SITE._registry[model], WebsiteScopedAdmin), model._meta.label
    for model in PLATFORM_ONLY:
        assert isinstance(SITE._registry[model], SuperadminOnlyAdmin) or (
            model._meta.label == "core.IdempotencyKey"  # core knows no roles; it checks itself
        ), model._meta.label


@pytest.mark.parametrize("model", SCOPED, ids=lambda model: model._meta.label)
def test_an_admin_lists_only_their_websites_rows_and_filters(world, staff_admin_a, model):
    assert _rows_of(model, world.b.website).exists(), "the world has B rows of every model"
    listing = staff_admin_a.get(_url(model, "changelist"))
    assert listing.status_code == 200
    page = _text(listing)
    assert MARKER not in page
    for row in _rows_of(model, world.b.website):
        assert _url(model, "change", row.pk) not in page
    searched = staff_admin_a.get(_url(model, "changelist"), {"q": "zzb"}).content.decode()
    for row in _rows_of(model, world.b.website):
        assert _url(model, "change", row.pk) not in searched


@pytest.mark.parametrize("model", SCOPED, ids=lambda model: model._meta.label)
def test_another_websites_row_typed_in_the_url_is_not_found(world, staff_admin_a, model):
    row = _rows_of(model, world.b.website).order_by("pk").first()
    for view in ("change", "history", "delete"):
        assert staff_admin_a.get(_url(model, view, row.pk)).status_code == 404, view
    assert staff_admin_a.post(_url(model, "change", row.pk), {}).status_code in (403, 404)
    assert staff_admin_a.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 404
    assert model._default_manager.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", SCOPED, ids=lambda model: model._meta.label)
def test_forms_offer_no_choice_of_another_website(world, staff_admin_a, model):
    own = model._default_manager.visible_to(world.a.admin).order_by("pk").first()
    pages = [_url(model, "change", own.pk)]
    if SITE._registry[model].has_add_permission(_request_of(world)):
        pages.append(_url(model, "add"))
    for url in pages:
        response = staff_admin_a.get(url)
        assert response.status_code == 200, url
        assert MARKER not in _text(response), url


def _request_of(world):
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(pk=world.a.admin.pk)
    return request


WRITABLE = [model for model in SCOPED if isinstance(SITE._registry[model], ServiceFormAdmin)]


def _posted_back(page, *, change: bool) -> dict:
    """What a browser posts for the form on `page`, with one text or number field changed."""
    form = page.context["adminform"].form
    data, changed = {}, not change
    for bound in form:
        field, value, name = bound.field, bound.value(), bound.html_name
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(field, forms.SplitDateTimeField):
            value = field.widget.decompress(value) if not isinstance(value, list) else value
            data[f"{name}_0"], data[f"{name}_1"] = (str(part or "") for part in value)
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = [str(pk) for pk in value or []]
        else:
            data[name] = "" if value is None else str(value)
            if changed or name in ("code", "perks") or getattr(field, "choices", None):
                continue
            if isinstance(field, forms.CharField):
                data[name], changed = f"{data[name]} 2".strip(), True
            elif isinstance(field, forms.DecimalField) and value not in (None, ""):
                data[name], changed = str(Decimal(str(value)) + 1), True
    assert changed, "nothing on the page to change"
    for inline in page.context["inline_admin_formsets"]:
        for bound in inline.formset.management_form:
            data[bound.html_name] = bound.value()
    return data


@pytest.mark.parametrize("actor", ["superadmin", "staff admin"])
@pytest.mark.parametrize("model", WRITABLE, ids=lambda model: model._meta.label)
def test_every_writable_page_saves_a_change_through_its_service(world, staff_admin_a, model, actor):
    browser = staff_admin_a
    if actor == "superadmin":
        browser = Client()
        browser.force_login(world.superadmin)
    row = model._default_manager.visible_to(world.a.admin).order_by("pk").first()
    url = _url(model, "change", row.pk)
    page = browser.get(url)
    response = browser.post(url, _posted_back(page, change=True))
    assert response.status_code == 302, page.context["adminform"].form.errors or (
        response.context["adminform"].form.errors
    )
    row.refresh_from_db()
    assert row.updated_at > page.context["original"].updated_at
    website = getattr(row, "website", None) or row.bundle.website
    assert website == world.a.website


@pytest.mark.parametrize("model", PLATFORM_ONLY, ids=lambda model: model._meta.label)
def test_platform_rows_are_for_superadmins_only(world, staff_admin_a, model):
    assert staff_admin_a.get(_url(model, "changelist")).status_code == 403
    superadmin = Client()
    superadmin.force_login(world.superadmin)
    assert superadmin.get(_url(model, "changelist")).status_code == 200


def test_autocomplete_offers_only_the_admins_own_website(world, staff_admin_a):
    response = staff_admin_a.get(
        "/admin/autocomplete/",
        {
            "app_label": "order_payments_management",
            "model_name": "discount",
            "field_name": "website",
            "term": "",
        },
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(world.a.website.pk)]


def test_another_websites_id_posted_in_a_form_is_refused(world, staff_admin_a):
    bundle = world.a.bundle_draft
    response = staff_admin_a.post(
        _url(type(bundle), "change", bundle.pk),
        {
            "title": "Renamed",
            "course": bundle.course,
            "assigned_writer": world.b.writer.pk,
            "installments-TOTAL_FORMS": "0",
            "installments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in response.content.decode()
    bundle.refresh_from_db()
    assert (bundle.title, bundle.assigned_writer_id) != ("Renamed", world.b.writer.pk)


def test_a_row_added_by_an_admin_belongs_to_their_website(world, staff_admin_a):
    badge_model = type(world.a.badge)
    response = staff_admin_a.post(
        _url(badge_model, "add"),
        {"website": world.b.website.pk, "name": "Night owl", "icon": "", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert badge_model.objects.get(name="Night owl").website == world.a.website


def test_an_action_on_another_websites_row_changes_nothing(world, staff_admin_a):
    order = world.b.order
    staff_admin_a.post(
        _url(type(order), "changelist"),
        {"action": "cancel_selected", ACTION_CHECKBOX_NAME: [order.pk], "index": 0},
    )
    order.refresh_from_db()
    assert order.status == "unpaid"


def test_a_global_fine_type_is_read_only_for_a_website_admin(world, staff_admin_a):
    fine_type = type(world.a.fine_type).objects.create(
        website=None, code="global-late", name="Global late", calculation="fixed", amount=5
    )
    assert staff_admin_a.get(_url(type(fine_type), "change", fine_type.pk)).status_code == 200
    response = staff_admin_a.post(
        _url(type(fine_type), "change", fine_type.pk),
        {"name": "Changed", "calculation": "fixed", "amount": "9.00", "base_amount": ""},
    )
    assert response.status_code == 403
    assert (
        staff_admin_a.post(
            _url(type(fine_type), "delete", fine_type.pk), {"post": "yes"}
        ).status_code
        == 403
    )
    fine_type.refresh_from_db()
    assert fine_type.name == "Global late"
