"""What the tips app tells others: a tip was created or changed status (sent inside the write)."""

from django.dispatch import Signal

# Sent with `tip=` inside the transaction that wrote the tip; receivers that act on the
# database's final state schedule their work on commit.
tip_changed = Signal()
