"""Only superadmins are staff (and Django superusers): the Django admin and silk are theirs.

Website admins, writers and clients lose `is_staff`/`is_superuser`; superadmins get both. The
reverse keeps the flags as they are: they are valid for the previous code as well.
"""

from django.db import migrations
from django.db.models import Q

SUPERADMIN = "superadmin"


def staff_status_from_role(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.exclude(role=SUPERADMIN).filter(Q(is_staff=True) | Q(is_superuser=True)).update(
        is_staff=False, is_superuser=False
    )
    User.objects.filter(role=SUPERADMIN).filter(Q(is_staff=False) | Q(is_superuser=False)).update(
        is_staff=True, is_superuser=True
    )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(staff_status_from_role, migrations.RunPython.noop),
    ]
