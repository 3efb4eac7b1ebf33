"""Signals sent inside the SLA sweep's transaction, for apps to its right
(on call pages for a missed deadline) without the sla app importing them."""

from django.dispatch import Signal

# clocks, at: these clocks just missed their deadline.
clocks_breached = Signal()
