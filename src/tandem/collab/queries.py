"""Reading decisions, always through the tenancy rule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.collab.models import (
    ActionItem,
    ChangeRequest,
    ChangeStatus,
    Concern,
    Decision,
    DecisionFile,
)
from tandem.core import links
from tandem.core.references import parse_ref
from tandem.core.tenancy import Actor
from tandem.desk import queries as desk
from tandem.desk.models import ServiceRequest


def decisions_for(actor: Actor) -> QuerySet[Decision]:
    """Provider staff: the practices they see; a practice's people: their own."""
    return actor.scope(Decision.objects.select_related("organization"))


def decision_for(actor: Actor, uuid: Any) -> Decision:
    try:
        return decisions_for(actor).select_related("supersedes").get(uuid=uuid)
    except (Decision.DoesNotExist, ValueError):
        raise Http404("No such decision.") from None


def search(qs: QuerySet[Decision], text: str) -> QuerySet[Decision]:
    """A decision log's search: a reference (D-1004) exactly, else every word
    in the title, context, positions, discussion or options."""
    text = " ".join((text or "").split())[:200]
    if not text:
        return qs
    number = parse_ref("D", text)
    if number is not None and text.upper().startswith("D-"):
        return qs.filter(number=number)
    for word in text.split()[:10]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(context__icontains=word)
            | Q(practice_position__icontains=word)
            | Q(provider_position__icontains=word)
            | Q(discussion__icontains=word)
            | Q(options__icontains=word)
        )
    return qs


def file_for(decision: Decision, uuid: Any) -> DecisionFile:
    try:
        return decision.files.get(uuid=uuid)
    except (DecisionFile.DoesNotExist, ValueError):
        raise Http404("No such file.") from None


def linked_requests(actor: Actor, decision: Decision) -> list[ServiceRequest]:
    """The related requests the actor may read, in the order linked."""
    ids = links.linked_ids(decision, ServiceRequest._meta.label_lower)
    found = {str(r.pk): r for r in desk.requests_for(actor).filter(pk__in=[int(i) for i in ids])}
    return [found[i] for i in ids if i in found]


def linked_changes(actor: Actor, decision: Decision) -> list[ChangeRequest]:
    ids = links.linked_ids(decision, ChangeRequest._meta.label_lower)
    found = {str(c.pk): c for c in changes_for(actor).filter(pk__in=[int(i) for i in ids])}
    return [found[i] for i in ids if i in found]


def linked_decisions(actor: Actor, change: ChangeRequest) -> list[Decision]:
    ids = links.linked_ids(change, Decision._meta.label_lower)
    return list(decisions_for(actor).filter(pk__in=[int(i) for i in ids]).order_by("number"))


def changes_for(actor: Actor) -> QuerySet[ChangeRequest]:
    """Provider staff: the practices they see; a practice's people: their own."""
    return actor.scope(ChangeRequest.objects.select_related("organization"))


def change_for(actor: Actor, uuid: Any) -> ChangeRequest:
    try:
        return changes_for(actor).get(uuid=uuid)
    except (ChangeRequest.DoesNotExist, ValueError):
        raise Http404("No such change.") from None


def calendar(actor: Actor, start: datetime, end: datetime) -> QuerySet[ChangeRequest]:
    """Changes whose window meets [start, end), but not drafts or dead ones."""
    return (
        changes_for(actor)
        .filter(starts_at__lt=end, ends_at__gt=start)
        .exclude(status__in=[ChangeStatus.DRAFT, ChangeStatus.CANCELLED, ChangeStatus.REJECTED])
        .prefetch_related("sites")
        .order_by("starts_at", "number")
    )


def actions_for(actor: Actor) -> QuerySet[ActionItem]:
    return actor.scope(ActionItem.objects.select_related("organization", "owner"))


def action_for(actor: Actor, uuid: Any) -> ActionItem:
    try:
        return actions_for(actor).get(uuid=uuid)
    except (ActionItem.DoesNotExist, ValueError):
        raise Http404("No such action item.") from None


def action_sources(actor: Actor, item: ActionItem) -> list[Decision]:
    """What the item came from, as far as the actor may read it (decisions
    for now; reviews and concerns link the same way)."""
    ids = links.linked_ids(item, Decision._meta.label_lower, relation="source")
    return list(decisions_for(actor).filter(pk__in=[int(i) for i in ids]))


def concerns_for(actor: Actor) -> QuerySet[Concern]:
    """The concerns the actor may read (collab.concerns.visible)."""
    from tandem.collab.concerns import visible

    return visible(
        actor, Concern.objects.select_related("organization", "raised_by", "about_person")
    )


def concern_for(actor: Actor, uuid: Any) -> Concern:
    try:
        return concerns_for(actor).get(uuid=uuid)
    except (Concern.DoesNotExist, ValueError):
        raise Http404("No such concern.") from None
