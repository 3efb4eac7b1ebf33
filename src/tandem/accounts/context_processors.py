from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tandem.accounts.models import Person
from tandem.accounts.permissions import can_manage_clients, can_read_audit, can_review_access
from tandem.accounts.queries import client_choices, current_client, provider_org
from tandem.accounts.sessions import idle_seconds


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the layout needs on every page: the provider's support line, the
    navigation the actor may use, and the client switcher for provider staff."""
    actor = getattr(request, "actor", None)
    context: dict[str, Any] = {"provider": provider_org()}
    if actor is None or not actor.is_authenticated:
        return context
    user = getattr(request, "user", None)
    if isinstance(user, Person):
        context["idle_seconds"] = idle_seconds(user)
    context["nav"] = {
        "clients": actor.is_provider,
        "manage_clients": can_manage_clients(actor),
        "audit": can_read_audit(actor),
        "emergency": actor.is_provider and not actor.all_orgs,
        "access_review": can_review_access(actor),
    }
    if actor.is_provider:
        context["switcher_clients"] = client_choices(request, actor)
        context["current_client"] = current_client(request, actor)
    return context
