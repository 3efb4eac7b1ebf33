"""Scoped reads of service accounts and tokens."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tandem.api.models import ServiceAccount
from tandem.core.tenancy import Actor


def service_accounts_for(actor: Actor) -> QuerySet[ServiceAccount]:
    """Service accounts of the organizations the actor sees, with their live
    tokens counted and their last use, in one query."""
    now = timezone.now()
    return (
        actor.scope(ServiceAccount.objects.select_related("organization", "created_by"))
        .annotate(
            live_tokens=Count(
                "tokens", filter=Q(tokens__revoked_at=None, tokens__expires_at__gt=now)
            ),
            last_used_at=Max("tokens__last_used_at"),
        )
        .order_by("organization__name", "deactivated_at", "name")
    )


def service_account_for(actor: Actor, uuid: str) -> ServiceAccount:
    return get_object_or_404(service_accounts_for(actor), uuid=uuid)
