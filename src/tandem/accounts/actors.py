"""Building the Actor for a person, through the one tenancy rule in core."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.choices import OrgKind
from tandem.accounts.models import EmergencyAccess, Person
from tandem.core.tenancy import ANONYMOUS, Actor, Side, rule


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: behind TRUSTED_PROXY_COUNT proxies, taken from
    X-Forwarded-For the way allauth's sign-in rate limits take it."""
    if request is None:
        return None
    try:
        return str(get_adapter(request).get_client_ip(request))
    except (PermissionDenied, ImproperlyConfigured):
        return None


def actor_for(user: Any, *, ip_address: str | None = None) -> Actor:
    if not isinstance(user, Person) or not user.is_active:
        return ANONYMOUS
    org = user.organization
    side = Side.PROVIDER if org.kind == OrgKind.PROVIDER else Side.CLIENT
    assigned: frozenset[int] = frozenset()
    emergency: frozenset[int] = frozenset()
    if side is Side.PROVIDER and user.restricted_to_assigned:
        assigned = frozenset(user.assigned_clients.values_list("id", flat=True))
        emergency = frozenset(
            EmergencyAccess.objects.filter(
                person=user, ended_at=None, expires_at__gt=timezone.now()
            ).values_list("organization_id", flat=True)
        )
    all_orgs, org_ids = rule(
        side=side,
        organization_id=org.pk,
        restricted=user.restricted_to_assigned,
        assigned_client_ids=assigned,
        emergency_client_ids=emergency,
    )
    return Actor(
        side=side,
        person_id=user.pk,
        organization_id=org.pk,
        role=user.role,
        all_orgs=all_orgs,
        org_ids=org_ids,
        label=f"{user.full_name} <{user.email}>",
        ip_address=ip_address,
    )
