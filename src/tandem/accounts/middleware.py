from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from tandem.accounts.actors import actor_for, client_ip


class ActorMiddleware:
    """Attach `request.actor`: who is acting and which organizations they see."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ip = client_ip(request)
        request.actor = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: actor_for(request.user, ip_address=ip)
        )
        return self.get_response(request)
