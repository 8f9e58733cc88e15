"""Signals other apps subscribe to; this app imports none of them.

Both are sent after the transaction that changed the payment commits, with `payment=` (an
`OrderPayment`). Receivers decide by `payment.payment_type` what a payment means to them.
"""

from django.dispatch import Signal

payment_completed = Signal()
payment_refunded = Signal()
