"""accounts 0002 takes staff status away from everyone but superadmins, and reverses cleanly."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("accounts", "0001_initial")
AFTER = ("accounts", "0002_staff_status_follows_role")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_website_admins_lose_staff_status_and_superadmins_keep_it():
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes("accounts")
    try:
        old_apps = _migrate([BEFORE])
        website = old_apps.get_model("websites", "Website").objects.create(
            name="M", domain="m.example.com", slug="m"
        )
        user = old_apps.get_model("accounts", "User")
        for username, role, staff in (
            ("old_admin", "admin", True),
            ("old_writer", "writer", True),
            ("old_root", "superadmin", False),
        ):
            user.objects.create(
                username=username,
                email=f"{username}@example.com",
                role=role,
                website=None if role == "superadmin" else website,
                is_staff=staff,
                is_superuser=staff,
            )
        new_apps = _migrate([AFTER])
        flags = {
            row.username: (row.is_staff, row.is_superuser)
            for row in new_apps.get_model("accounts", "User").objects.all()
        }
        assert flags == {
            "old_admin": (False, False),
            "old_writer": (False, False),
            "old_root": (True, True),
        }
        _migrate([BEFORE])  # the reverse keeps the (valid) flags
    finally:
        _migrate(leaf)
