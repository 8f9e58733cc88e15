"""Signals other apps listen to."""

from django.dispatch import Signal

# Sent inside the transaction that changes a website's time zone, with `website`,
# `previous_zone` and `zone` (effective zone names). Receivers move what they keep per local day
# to the new calendar in that same transaction (the tip statistics rebuild the website's rows).
website_time_zone_changed = Signal()
