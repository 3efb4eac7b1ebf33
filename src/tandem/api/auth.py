"""Who is calling the API: a signed-in session, or a bearer token limited to
scopes. Either way the handler finds `request.actor`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from tandem.accounts.actors import actor_for, client_ip
from tandem.accounts.choices import OrgKind
from tandem.api import services
from tandem.api.models import ApiToken, ServiceAccount
from tandem.core.tenancy import SYSTEM, Actor, Side, rule


def service_account_actor(account: ServiceAccount, *, ip_address: str | None = None) -> Actor:
    """A service account acts with its role in its organization, through the
    same tenancy rule as people (provider integrations see every practice)."""
    org = account.organization
    side = Side.PROVIDER if org.kind == OrgKind.PROVIDER else Side.CLIENT
    all_orgs, org_ids = rule(side=side, organization_id=org.pk)
    return Actor(
        side=side,
        organization_id=org.pk,
        role=account.role,
        all_orgs=all_orgs,
        org_ids=org_ids,
        label=f"service account {account.name}",
        ip_address=ip_address,
    )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tdm_…` with the scope an operation needs."""

    openapi_bearerFormat = "tdm_<prefix>_<secret>"

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.openapi_description = f"An API token with the scope {scope}."
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        parts = services.split(token.strip())
        if parts is None:
            return None
        row = (
            ApiToken.objects.select_related("person__organization", "service_account__organization")
            .filter(prefix=parts[0])
            .first()
        )
        if row is None or not services.matches(row, parts[1]) or not row.is_usable:
            return None
        person, account = row.person, row.service_account
        if (person is not None and not person.is_active) or (
            account is not None and not account.is_active
        ):
            # Deactivating a person (or a service account) ends its tokens on the next request.
            reason = "person deactivated" if person else "service account deactivated"
            services.revoke_token(actor=SYSTEM, token=row, reason=reason)
            return None
        if self.scope not in row.scopes:
            raise HttpError(403, f"This token lacks the scope {self.scope}.")
        ip = client_ip(request)
        if person is not None:
            actor = actor_for(person, ip_address=ip)
        elif account is not None:
            actor = service_account_actor(account, ip_address=ip)
        else:
            return None  # the database forbids a token without an owner
        request.actor = replace(  # type: ignore[attr-defined]
            actor, scopes=frozenset(row.scopes), label=f"{actor.label} via token {row.name}"
        )
        services.mark_used(row)
        return row


_BY_SCOPE: dict[str, TokenAuth] = {}


def token_auth(scope: str) -> TokenAuth:
    """One TokenAuth per scope, each its own class: the OpenAPI document names
    security schemes by class, so every operation shows the scope it needs
    (`Token_accounts_read`, …)."""
    if scope not in _BY_SCOPE:
        name = "Token_" + scope.replace(":", "_")
        _BY_SCOPE[scope] = type(name, (TokenAuth,), {})(scope)
    return _BY_SCOPE[scope]


class SessionAuth(APIKeyCookie):
    """The signed-in session, with Django's CSRF check on unsafe methods.

    ninja's own SessionAuth runs the CSRF check on every unsafe request, even
    one that carries no session cookie at all, and its failure stops the
    other methods from being tried: a script's bearer-token POST was refused
    with "CSRF check Failed". Here the check runs only when a session cookie
    is sent, which is when a browser could be tricked into sending it."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.COOKIES.get(self.param_name):
            return None  # no session: nothing to forge; a token may still answer
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if key and user is not None and user.is_authenticated else None


session_auth = SessionAuth()


def scoped(scope: str) -> list[Any]:
    """The auth of an operation: a token with `scope`, or the signed-in session."""
    return [token_auth(scope), session_auth]
