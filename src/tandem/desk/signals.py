"""Signals sent inside the desk's transactions, for apps to its right that
must act in the same transaction (on call opens a page as the request
opens), without the desk importing them. Unlike `core.events`, which run
after commit, a receiver's writes commit or roll back with the desk's."""

from django.dispatch import Signal

# request, at: a request was raised, or its priority changed.
priority_set = Signal()
