"""Only superadmins are staff: the Django admin (and silk) are theirs, whatever a form says."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from accounts.models import Role, User
from tests.accounts.factories import (
    AdminFactory,
    ClientFactory,
    SuperAdminFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superadmin_site():
    client = Client()
    client.force_login(SuperAdminFactory())
    return client


def test_a_website_admin_is_never_staff_even_when_created_as_staff():
    admin = User.objects.create_user(
        "site_admin", "site_admin@example.com", "pw-123456789", role=Role.ADMIN,
        website=AdminFactory().website, is_staff=True, is_superuser=True,
    )  # fmt: skip
    admin.refresh_from_db()
    assert (admin.is_staff, admin.is_superuser) == (False, False)
    assert (AdminFactory().is_staff, WriterFactory().is_staff, ClientFactory().is_staff) == (
        False,
        False,
        False,
    )


def test_staff_status_follows_a_change_of_role():
    user = WriterFactory()
    user.role, user.website = Role.SUPERADMIN, None
    user.save(update_fields=["role", "website"])
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (True, True)
    user.role, user.website = Role.ADMIN, AdminFactory().website
    user.save()
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)


def test_a_website_admin_cannot_open_the_django_admin():
    client = Client()
    client.force_login(AdminFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_flags_cannot_be_ticked_in_the_user_admin(superadmin_site):
    writer = WriterFactory()
    url = f"/admin/accounts/user/{writer.pk}/change/"
    page = superadmin_site.get(url).content.decode()
    assert 'name="is_staff"' not in page
    assert 'name="is_superuser"' not in page
    response = superadmin_site.post(
        url,
        {
            "username": writer.username,
            "email": writer.email,
            "role": Role.WRITER,
            "website": writer.website_id,
            "first_name": "",
            "last_name": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    writer.refresh_from_db()
    assert (writer.is_staff, writer.is_superuser) == (False, False)


def test_a_staff_website_admin_cannot_change_roles_or_permissions():
    admin = AdminFactory()
    User.objects.filter(pk=admin.pk).update(is_staff=True)  # a staff flag set by hand
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    writer = WriterFactory(website=admin.website)
    client = Client()
    client.force_login(User.objects.get(pk=admin.pk))
    url = f"/admin/accounts/user/{writer.pk}/change/"
    page = client.get(url).content.decode()
    for field in ("role", "website", "groups", "user_permissions", "is_superuser"):
        assert f'name="{field}"' not in page, field
    response = client.post(
        url,
        {
            "username": writer.username,
            "email": writer.email,
            "role": Role.SUPERADMIN,
            "first_name": "",
            "last_name": "",
            "is_active": "on",
            "is_superuser": "on",
            "user_permissions": list(Permission.objects.values_list("pk", flat=True)[:3]),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    writer.refresh_from_db()
    assert (writer.role, writer.is_superuser, writer.user_permissions.count()) == (
        Role.WRITER,
        False,
        0,
    )
    assert client.get("/admin/accounts/user/add/").status_code == 403
    assert client.get(f"/admin/accounts/user/{admin.pk}/change/").status_code == 404


def test_a_writer_promoted_to_superadmin_in_the_admin_becomes_staff(superadmin_site):
    writer = WriterFactory()
    promoted = superadmin_site.post(
        f"/admin/accounts/user/{writer.pk}/change/",
        {
            "username": writer.username,
            "email": writer.email,
            "role": Role.SUPERADMIN,
            "website": "",
            "first_name": "",
            "last_name": "",
            "is_active": "on",
        },
    )
    assert promoted.status_code == 302, promoted.content.decode()[:3000]
    writer.refresh_from_db()
    assert (writer.role, writer.website, writer.is_staff, writer.is_superuser) == (
        Role.SUPERADMIN,
        None,
        True,
        True,
    )
