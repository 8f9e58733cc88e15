"""What accounts tells the other apps: a person's data is about to be erased, and was."""

from django.dispatch import Signal

# Sent with `user` before an erasure; each receiver returns the reasons (machine code, text) it
# refuses for, e.g. `("pending_payment", "payment 12 is still pending")`, or nothing.
user_erasure_blockers = Signal()

# What replaces the free text an erased person wrote, wherever it is kept.
ERASED_TEXT = "[erased]"

# Sent with `user` inside the erasure's transaction: each app replaces the free text the person
# wrote in its rows (its amounts stay).
user_erased = Signal()
