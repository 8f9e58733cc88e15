"""Signal receivers: a password change, reset or removal revokes every token issued before it."""

from django.contrib.auth.hashers import is_password_usable
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import User
from accounts.services import user_tokens_revoke


def _saves_password(instance: User, update_fields) -> bool:
    return instance.pk is not None and (update_fields is None or "password" in update_fields)


@receiver(pre_save, sender=User, dispatch_uid="accounts.user_password_disabling")
def user_password_disabling(sender, instance: User, update_fields=None, **kwargs) -> None:
    # `set_unusable_password()` leaves no trace but the new hash: compare it with the stored one.
    if _saves_password(instance, update_fields) and not instance.has_usable_password():
        stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
        instance._password_disabled = stored is not None and is_password_usable(stored)


@receiver(post_save, sender=User, dispatch_uid="accounts.user_password_changed")
def user_password_changed(sender, instance: User, created: bool, **kwargs) -> None:
    # `set_password()` keeps the new raw password in `_password` until the save that stores it
    # (the admin's password forms, `changepassword`, a password reset); a hash upgrade on login
    # clears it first, so it does not count as a change.
    disabled = instance.__dict__.pop("_password_disabled", False)
    if not created and (instance._password is not None or disabled):
        user_tokens_revoke(user=instance)
