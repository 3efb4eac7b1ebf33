"""Writing the on-call schedule: rotations (provider leads), overrides (a
lead, or the person who covers), and secret calendar feeds. Every change is
audited in the provider's trail."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.choices import OrgKind
from tandem.accounts.models import Organization, Person, validate_time_zone
from tandem.accounts.permissions import is_provider_lead
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.oncall.models import CalendarFeed, Override, Period, Rotation, RotationMember

MAX_MEMBERS = 20
MAX_OVERRIDE = timedelta(days=31)


can_manage = is_provider_lead


def provider_id() -> int:
    return Organization.objects.filter(kind=OrgKind.PROVIDER).values_list("pk", flat=True).get()


def clean_text(value: str, field: str, limit: int) -> str:
    text = " ".join(strip_nul(value or "").split())
    if not text or len(text) > limit:
        raise ValidationError({field: f"Give 1 to {limit} characters."})
    return text


def require_staff(people: list[Person], field: str) -> None:
    for person in people:
        if person.organization.kind != OrgKind.PROVIDER or not person.is_active:
            raise ValidationError({field: f"{person.full_name} is not active provider staff."})


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _member_names(rotation: Rotation) -> list[str]:
    return [m.person.full_name for m in rotation.members.select_related("person")]


@transaction.atomic
def save_rotation(
    *,
    actor: Actor,
    rotation: Rotation | None,
    name: str,
    time_zone: str,
    handoff_time: time,
    period_days: int,
    starts_on: date,
    members: list[Person],
) -> Rotation:
    if not can_manage(actor):
        raise PermissionDenied("Only a provider admin or service manager sets rotations.")
    name = clean_text(name, "name", 100)
    try:
        validate_time_zone(time_zone)
    except ValidationError as exc:
        raise ValidationError({"time_zone": exc.messages}) from exc
    if period_days not in Period.values:
        raise ValidationError({"period_days": "Hand off every day or every week."})
    if not members or len(members) > MAX_MEMBERS:
        raise ValidationError({"members": f"Give 1 to {MAX_MEMBERS} people, in turn order."})
    if len({p.pk for p in members}) != len(members):
        raise ValidationError({"members": "Each person takes one place in the order."})
    require_staff(members, "members")
    clash = Rotation.objects.filter(name=name)
    if rotation is not None:
        clash = clash.exclude(pk=rotation.pk)
    if clash.exists():
        raise ValidationError({"name": "Another rotation has this name."})
    fields = ["name", "time_zone", "handoff_time", "period_days", "starts_on"]
    before: dict[str, Any] = {}
    if rotation is not None:
        rotation = Rotation.objects.select_for_update().get(pk=rotation.pk)
        before = {**audit.snapshot(rotation, fields), "members": _member_names(rotation)}
    rotation = rotation or Rotation()
    rotation.name, rotation.time_zone = name, time_zone
    rotation.handoff_time, rotation.period_days, rotation.starts_on = (
        handoff_time,
        period_days,
        starts_on,
    )
    rotation.save()
    rotation.members.all().delete()
    RotationMember.objects.bulk_create(
        RotationMember(rotation=rotation, person=p, position=i) for i, p in enumerate(members)
    )
    after = {**audit.snapshot(rotation, fields), "members": [p.full_name for p in members]}
    audit.record(
        actor=actor,
        verb="oncall.rotation_update" if before else "oncall.rotation_create",
        organization_id=provider_id(),
        target=rotation,
        changes=audit.diff(before, after),
    )
    return rotation


def can_override(actor: Actor, person: Person) -> bool:
    """A lead sets anyone on call; anyone else only themselves (covering a shift)."""
    return can_manage(actor) or (actor.is_provider and actor.person_id == person.pk)


@transaction.atomic
def add_override(
    *,
    actor: Actor,
    rotation: Rotation,
    person: Person,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
) -> Override:
    if not can_override(actor, person):
        raise PermissionDenied("You can put yourself on call; a lead can put anyone.")
    require_staff([person], "person")
    reason = clean_text(reason, "reason", 200)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The cover ends after it starts."})
    if ends_at - starts_at > MAX_OVERRIDE:
        raise ValidationError({"ends_at": "A cover lasts at most 31 days; change the rotation."})
    if ends_at <= timezone.now():
        raise ValidationError({"ends_at": "This cover would already be over."})
    override = Override.objects.create(
        rotation=rotation,
        person=person,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        created_by_id=actor.person_id,
    )
    audit.record(
        actor=actor,
        verb="oncall.override_create",
        organization_id=provider_id(),
        target=rotation,
        changes={
            "person": [None, person.full_name],
            "starts_at": [None, starts_at.isoformat()],
            "ends_at": [None, ends_at.isoformat()],
            "reason": [None, reason],
        },
    )
    return override


@transaction.atomic
def remove_override(*, actor: Actor, override: Override) -> None:
    mine = actor.person_id in (override.person_id, override.created_by_id)
    if not (can_manage(actor) or (actor.is_provider and mine)):
        raise PermissionDenied
    rotation = override.rotation
    audit.record(
        actor=actor,
        verb="oncall.override_remove",
        organization_id=provider_id(),
        target=rotation,
        changes={
            "person": [override.person.full_name, None],
            "starts_at": [override.starts_at.isoformat(), None],
            "ends_at": [override.ends_at.isoformat(), None],
        },
    )
    override.delete()


@transaction.atomic
def create_feed(*, actor: Actor, rotation: Rotation | None = None) -> tuple[CalendarFeed, str]:
    """A new secret feed of the actor's own shifts, or of one rotation's;
    the token is returned once and only its digest kept."""
    if not actor.is_provider or actor.person_id is None:
        raise PermissionDenied("Calendar feeds are for provider staff.")
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        owner_id=actor.person_id, rotation=rotation, token_digest=digest(token)
    )
    audit.record(
        actor=actor,
        verb="oncall.feed_create",
        organization_id=provider_id(),
        target=rotation,
        target_label=rotation.name if rotation else "own shifts",
        changes={"feed": [None, str(feed.uuid)]},
    )
    return feed, token


@transaction.atomic
def revoke_feed(*, actor: Actor, feed: CalendarFeed) -> None:
    if not (actor.person_id == feed.owner_id or can_manage(actor)):
        raise PermissionDenied
    if feed.revoked_at is not None:
        return
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        verb="oncall.feed_revoke",
        organization_id=provider_id(),
        target=feed.rotation,
        target_label=feed.rotation.name if feed.rotation else "own shifts",
        changes={"feed": [str(feed.uuid), None]},
    )
