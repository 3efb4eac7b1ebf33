"""Who is calling the API: a signed-in session, or a bearer token limited to
scopes. Either way the handler finds `request.actor`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from tandem.accounts.actors import actor_for, client_ip
from tandem.api import services
from tandem.api.models import ApiToken
from tandem.core.tenancy import SYSTEM


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tdm_…` with the scope an operation needs."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        parts = services.split(token.strip())
        if parts is None:
            return None
        row = (
            ApiToken.objects.select_related("person__organization").filter(prefix=parts[0]).first()
        )
        if row is None or not services.matches(row, parts[1]) or not row.is_usable:
            return None
        if not row.person.is_active:
            # Deactivating a person ends their tokens on the next request.
            services.revoke_token(actor=SYSTEM, token=row, reason="person deactivated")
            return None
        if self.scope not in row.scopes:
            raise HttpError(403, f"This token lacks the scope {self.scope}.")
        actor = actor_for(row.person, ip_address=client_ip(request))
        request.actor = replace(  # type: ignore[attr-defined]
            actor, scopes=frozenset(row.scopes), label=f"{actor.label} via token {row.name}"
        )
        services.mark_used(row)
        return row


def scoped(scope: str) -> list[Any]:
    """The auth of an operation: the signed-in session, or a token with `scope`."""
    return [django_auth, TokenAuth(scope)]
