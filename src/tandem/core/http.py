"""The typed request every view receives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from tandem.core.tenancy import Actor


class TandemRequest(HttpRequest):
    actor: Actor  # set by ActorMiddleware, ANONYMOUS when signed out
    htmx: HtmxDetails
