"""What the orders app asks of others, inside its own writes; it imports none of them."""

from django.dispatch import Signal

# Sent with `order=` under the order's row lock before an admin cancels it. A receiver that
# must refuse the cancel (the payments app, while a payment paid or is paying the order)
# raises a `DomainError`, which reaches the caller and leaves the order unchanged.
order_cancel_requested = Signal()
