"""Writing to and verifying the audit trail.

`record()` is called inside the service that makes the change, in the same
transaction: the change and its audit event commit together or not at all.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from tandem.audit import anchors
from tandem.audit.anchors import Anchor
from tandem.audit.models import AuditEvent, ChainHead
from tandem.core import bulk
from tandem.core.tenancy import Actor
from tandem.core.text import deep_strip_nul, digest

GENESIS = "0" * 64


def _key() -> bytes:
    return str(settings.AUDIT_HMAC_KEY).encode()


def _canonical(event: AuditEvent) -> bytes:
    occurred: datetime = event.occurred_at
    body = {
        "organization": event.organization_id,
        "position": event.position,
        "occurred_at": occurred.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "verb": event.verb,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "changes": event.changes,
        "ip_address": event.ip_address,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def compute_hash(event: AuditEvent) -> str:
    return hmac.new(_key(), _canonical(event), hashlib.sha256).hexdigest()


def _value(field: models.Field[Any, Any], value: Any) -> Any:
    """How a field's value is kept in the trail. Free text (TextField) is kept as
    a digest and a length, so redacting the text later leaves no copy here."""
    if isinstance(field, models.TextField) and isinstance(value, str):
        return {"sha256": digest(value), "length": len(value)}
    if isinstance(field, models.BinaryField):
        return {"bytes": len(value or b"")}
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audit view of some fields of an instance, taken before a change."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_one:
            # Who or what it points to, by name: ids mean nothing to an auditor.
            related = getattr(instance, name)
            out[name] = str(related) if related is not None else None
        else:
            out[name] = _value(field, getattr(instance, field.attname))  # type: ignore[arg-type,union-attr]
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that changed."""
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def created(instance: models.Model, fields: Iterable[str]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in snapshot(instance, fields).items() if v not in (None, "")}


def _head_for_update(organization_id: int) -> ChainHead:
    try:
        return ChainHead.objects.select_for_update().get(organization_id=organization_id)
    except ChainHead.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            ChainHead.objects.create(organization_id=organization_id)
    except IntegrityError:
        pass  # another writer created it first; it now holds the lock until it commits
    return ChainHead.objects.select_for_update().get(organization_id=organization_id)


@dataclass(frozen=True)
class Entry:
    """One event to append: what `record` takes, for `record_many`."""

    verb: str
    organization_id: int
    target: models.Model | None = None
    target_label: str = ""
    changes: Mapping[str, Any] | None = None


def _event(actor: Actor, entry: Entry, head: ChainHead, ip_address: str | None) -> AuditEvent:
    target = entry.target
    event = AuditEvent(
        organization_id=entry.organization_id,
        position=head.position + 1,
        occurred_at=timezone.now(),
        actor_id=actor.person_id,
        actor_label=actor.label[:300],
        verb=entry.verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(getattr(target, "uuid", None) or getattr(target, "pk", "") or "")
        if target is not None
        else "",
        target_label=(entry.target_label or (str(target) if target is not None else ""))[:300],
        changes=deep_strip_nul(dict(entry.changes or {})),
        ip_address=ip_address or actor.ip_address,
        prev_hash=head.last_hash or GENESIS,
    )
    # Round-trip the JSON so the hash covers exactly what the database returns.
    event.changes = json.loads(json.dumps(event.changes, default=str))
    event.hash = compute_hash(event)
    head.position = event.position
    head.last_hash = event.hash
    return event


def record(
    *,
    actor: Actor,
    verb: str,
    organization_id: int,
    target: models.Model | None = None,
    target_label: str = "",
    changes: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one event to an organization's chain."""
    entry = Entry(verb, organization_id, target, target_label, changes)
    with transaction.atomic():
        head = _head_for_update(organization_id)
        event = _event(actor, entry, head, ip_address)
        event.save(force_insert=True)
        head.save(update_fields=["position", "last_hash"])
    return event


def record_many(*, actor: Actor, entries: Iterable[Entry]) -> list[AuditEvent]:
    """Append many events by one actor (a background job's batch), each to its
    organization's chain in the order given: one insert for all, one head
    update per organization. Heads are locked in organization order so two
    batches never wait on each other in a circle."""
    entries = list(entries)
    if not entries:
        return []
    with transaction.atomic():
        heads = {
            org_id: _head_for_update(org_id)
            for org_id in sorted({e.organization_id for e in entries})
        }
        events = [_event(actor, e, heads[e.organization_id], None) for e in entries]
        fields = [f.attname for f in AuditEvent._meta.concrete_fields if not f.primary_key]
        bulk.insert(AuditEvent, [{f: getattr(e, f) for f in fields} for e in events])
        for head in heads.values():
            head.save(update_fields=["position", "last_hash"])
    return events


def record_changes(
    *,
    actor: Actor,
    verb: str,
    organization_id: int,
    target: models.Model,
    changes: Mapping[str, Any],
) -> AuditEvent | None:
    """Record an update, or nothing when nothing changed (a save of the same values)."""
    if not changes:
        return None
    return record(
        actor=actor, verb=verb, organization_id=organization_id, target=target, changes=changes
    )


@dataclass
class ChainReport:
    organization_id: int
    events: int
    ok: bool
    first_bad_position: int | None = None
    problem: str = ""


def verify_chain(organization_id: int, anchor: Anchor | None = None) -> ChainReport:
    """Walk one chain from its first event and report the first bad one; with an
    anchor, also check that the anchored event is still there, unchanged."""
    expected_position = 1
    prev = GENESIS
    count = 0
    events = AuditEvent.objects.filter(organization_id=organization_id).order_by("position")
    for event in events.iterator(chunk_size=2000):
        count += 1
        if event.position != expected_position:
            problem = f"event at position {expected_position} is missing (found {event.position})"
            return ChainReport(organization_id, count, False, expected_position, problem)
        if event.prev_hash != prev:
            problem = "does not follow the event before it (removed, inserted or swapped)"
            return ChainReport(organization_id, count, False, event.position, problem)
        if not hmac.compare_digest(compute_hash(event), event.hash):
            problem = (
                "content does not match its keyed hash (altered or recomputed without the key)"
            )
            return ChainReport(organization_id, count, False, event.position, problem)
        if anchor is not None and event.position == anchor.position and event.hash != anchor.hash:
            problem = f"differs from the copy anchored outside the database at {anchor.written_at}"
            return ChainReport(organization_id, count, False, event.position, problem)
        prev = event.hash
        expected_position += 1
    if anchor is not None and anchor.position > expected_position - 1:
        problem = (
            f"chain ends at position {expected_position - 1}, but it reached {anchor.position} "
            f"when anchored at {anchor.written_at} (events were removed)"
        )
        return ChainReport(organization_id, count, False, expected_position, problem)
    head = ChainHead.objects.filter(organization_id=organization_id).first()
    head_position = head.position if head else 0
    head_hash = (head.last_hash if head else "") or GENESIS
    if head_position != expected_position - 1 or head_hash != prev:
        problem = f"chain ends at position {expected_position - 1}, its head says {head_position}"
        return ChainReport(organization_id, count, False, expected_position, problem)
    return ChainReport(organization_id, count, True)


def verify(organization_ids: Iterable[int] | None = None) -> list[ChainReport]:
    if organization_ids is None:
        ids = set(ChainHead.objects.values_list("organization_id", flat=True))
        ids |= set(AuditEvent.objects.values_list("organization_id", flat=True).distinct())
        organization_ids = sorted(ids)
    known = anchors.latest()
    return [verify_chain(org_id, known.get(org_id)) for org_id in organization_ids]
