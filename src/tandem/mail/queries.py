"""Read paths of the mail pages."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.core.tenancy import Actor
from tandem.mail.models import InboundMessage, Mailbox, Outcome


def sees_held_mail(actor: Actor) -> bool:
    """Held mail belongs to no practice yet and may be any practice's: only
    provider staff who see every practice sort it."""
    return actor.is_provider and actor.all_orgs


def held(actor: Actor) -> QuerySet[InboundMessage]:
    if not sees_held_mail(actor):
        return InboundMessage.objects.none()
    return InboundMessage.objects.filter(outcome=Outcome.TRIAGE).defer("raw", "html")


def inbound(actor: Actor) -> QuerySet[InboundMessage]:
    """Every stored email the actor may look at: all of them for staff who see
    every practice; else those filed to practices they see."""
    qs = InboundMessage.objects.defer("raw", "html").select_related("mailbox", "request")
    if not actor.is_provider:
        return qs.none()
    if actor.all_orgs:
        return qs
    return qs.filter(organization_id__in=actor.org_ids)


def mailboxes() -> QuerySet[Mailbox]:
    return Mailbox.objects.order_by("name")
