"""Django's `createsuperuser`, audited: the new superadmin is an audit entry of the command."""

from django.contrib.auth.management.commands import createsuperuser
from django.db import transaction

from accounts.models import User
from core.audit import command_scope, record_change, snapshot


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        database = options.get("database") or "default"
        with command_scope("createsuperuser"), transaction.atomic(using=database):
            last_id = User.objects.using(database).order_by("-pk").values_list("pk", flat=True)
            before = last_id.first() or 0
            result = super().handle(*args, **options)
            for user in User.objects.using(database).filter(pk__gt=before).order_by("pk"):
                record_change(
                    "user.create",
                    User,
                    before=None,
                    after=snapshot(User, {"pk": user.pk}),
                    object_repr=user.get_username(),
                )
        return result
