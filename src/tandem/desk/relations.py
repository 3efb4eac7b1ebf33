"""Merging a duplicate into another request of the same practice, and linking
related requests (possibly of different practices: such a link is seen by the
provider's staff only, because each end is shown only to those who can read it)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.audit import services as audit
from tandem.core import links
from tandem.core.tenancy import Actor
from tandem.desk import search
from tandem.desk.choices import Status
from tandem.desk.models import Attachment, RequestMessage, ServiceRequest, Watcher
from tandem.desk.services import (
    _event,
    _set_status,
    _short_label,
    _staff_only,
    _touch,
    refuse_stale,
)

REQUEST = "desk.servicerequest"


def _lock_both(a: ServiceRequest, b: ServiceRequest) -> tuple[ServiceRequest, ServiceRequest]:
    # In id order, so two merges of the same pair the other way round cannot deadlock.
    rows = {
        r.pk: r
        for r in ServiceRequest.objects.select_for_update()
        .filter(pk__in=[a.pk, b.pk])
        .order_by("pk")
    }
    return rows[a.pk], rows[b.pk]


@transaction.atomic
def merge(
    *,
    actor: Actor,
    duplicate: ServiceRequest,
    into: ServiceRequest,
    version: int | None = None,
) -> ServiceRequest:
    """Move the duplicate's conversation (replies, internal notes, events and
    files, each keeping its kind) into `into`; the duplicate is closed and
    points to it. Only within one practice. Returns the survivor."""
    _staff_only(actor)
    if duplicate.pk == into.pk:
        raise ValidationError({"into": "A request cannot be merged into itself."})
    duplicate, into = _lock_both(duplicate, into)
    refuse_stale(duplicate, version)
    if duplicate.organization_id != into.organization_id:
        raise ValidationError(
            {"into": "Only requests of the same practice can be merged; link them instead."}
        )
    if duplicate.merged_into_id is not None:
        raise ValidationError({"into": f"{duplicate.reference} is already merged."})
    if into.merged_into_id is not None:
        raise ValidationError(
            {"into": f"{into.reference} was itself merged; merge into the request it went to."}
        )
    if into.status == Status.CLOSED:
        raise ValidationError({"into": f"{into.reference} is closed; merge it the other way."})
    now = timezone.now()
    moved = RequestMessage.objects.filter(request=duplicate).update(request=into)
    Attachment.objects.filter(request=duplicate).update(request=into)
    # Everyone who followed the duplicate, and whoever raised it, follows the survivor.
    followers = set(Watcher.objects.filter(request=duplicate).values_list("person_id", flat=True))
    if duplicate.requester_id and duplicate.requester_id != into.requester_id:
        followers.add(duplicate.requester_id)
    have = set(Watcher.objects.filter(request=into).values_list("person_id", flat=True))
    Watcher.objects.bulk_create(
        [Watcher(request=into, person_id=p) for p in sorted(followers - have)]
    )
    links.move(duplicate, into, REQUEST, by=_short_label(actor))
    duplicate.merged_into = into
    fields = ["merged_into", *_set_status(duplicate, Status.CLOSED, now)]
    _event(
        actor, duplicate, f"Merged into {into.reference}: the conversation continues there.", now
    )
    _touch(duplicate, now, fields)
    _event(
        actor,
        into,
        f"{duplicate.reference} ({duplicate.subject}) was merged into this request.",
        now,
    )
    if duplicate.first_response_at and (
        into.first_response_at is None or duplicate.first_response_at < into.first_response_at
    ):
        into.first_response_at = duplicate.first_response_at
    _touch(into, now, ["first_response_at"])
    search.refresh(duplicate)
    search.refresh(into)
    for item, other in ((duplicate, into), (into, duplicate)):
        audit.record(
            actor=actor,
            verb="request.merge",
            organization_id=item.organization_id,
            target=item,
            target_label=item.reference,
            changes={
                "merged_into": [None, into.reference],
                "merged_from": [None, duplicate.reference],
                "messages_moved": [None, moved],
                "other": [None, other.reference],
            },
        )
    return into


def _check_linkable(a: ServiceRequest, b: ServiceRequest) -> None:
    if a.pk == b.pk:
        raise ValidationError({"ref": "A request cannot be linked to itself."})


@transaction.atomic
def link(*, actor: Actor, request: ServiceRequest, other: ServiceRequest) -> bool:
    """Relate two requests (staff; the practices may differ). False if they already were."""
    _staff_only(actor)
    _check_linkable(request, other)
    created = links.link(request, other, by=_short_label(actor))
    if created:
        _record(actor, "request.link", request, other)
    return created


@transaction.atomic
def unlink(*, actor: Actor, request: ServiceRequest, other: ServiceRequest) -> bool:
    _staff_only(actor)
    removed = links.unlink(request, other)
    if removed:
        _record(actor, "request.unlink", request, other)
    return removed


def _record(actor: Actor, verb: str, request: ServiceRequest, other: ServiceRequest) -> None:
    # Each practice's trail names only its own request when the link crosses practices.
    same = request.organization_id == other.organization_id
    for item, them in ((request, other), (other, request)):
        audit.record(
            actor=actor,
            verb=verb,
            organization_id=item.organization_id,
            target=item,
            target_label=item.reference,
            changes={"other": [None, them.reference if same else "a request of another practice"]},
        )
