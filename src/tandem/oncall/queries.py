"""Reading the on-call schedule: who is on call now, each rotation's shifts
over a period, one person's shifts across rotations, and the calendar feed
a secret token opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from tandem.accounts.models import Person
from tandem.oncall import services
from tandem.oncall.models import CalendarFeed, Override, Rotation
from tandem.oncall.shifts import Cover, Shift, on_call, shifts

MAX_SPAN = timedelta(days=92)


@dataclass(frozen=True)
class Turn:
    """A shift with its rotation and person at hand."""

    rotation: Rotation
    start: datetime
    end: datetime
    person: Person
    covering: bool


def rotations() -> QuerySet[Rotation]:
    return Rotation.objects.prefetch_related("members__person").order_by("name")


def covers(rotation: Rotation, start: datetime, end: datetime) -> list[Cover]:
    found = Override.objects.filter(rotation=rotation, starts_at__lt=end, ends_at__gt=start)
    return [
        Cover(o.starts_at, o.ends_at, o.person_id, o.pk)
        for o in found.only("starts_at", "ends_at", "person_id")
    ]


def _people(ids: set[int]) -> dict[int, Person]:
    return {p.pk: p for p in Person.objects.filter(pk__in=ids)}


def turns_of(rotation: Rotation, start: datetime, end: datetime) -> list[Turn]:
    """The rotation's shifts over [start, end) with overrides laid on top."""
    end = min(end, start + MAX_SPAN)
    laid: list[Shift] = shifts(rotation.schedule(), covers(rotation, start, end), start, end)
    people = _people({s.person for s in laid})
    return [Turn(rotation, s.start, s.end, people[s.person], s.covering) for s in laid]


def on_call_now(rotation: Rotation, at: datetime | None = None) -> Person | None:
    at = at or timezone.now()
    person_id = on_call(rotation.schedule(), covers(rotation, at, at + timedelta(seconds=1)), at)
    return Person.objects.filter(pk=person_id).first() if person_id else None


def turns_of_person(person: Person, start: datetime, end: datetime) -> list[Turn]:
    """Every shift the person holds over [start, end), in any rotation."""
    involved = Rotation.objects.filter(
        Q(members__person=person)
        | Q(overrides__person=person, overrides__ends_at__gt=start, overrides__starts_at__lt=end)
    ).distinct()
    out = [
        t
        for rotation in involved.prefetch_related("members")
        for t in turns_of(rotation, start, end)
        if t.person.pk == person.pk
    ]
    return sorted(out, key=lambda t: t.start)


def feed_for(token: str) -> CalendarFeed | None:
    """The live feed this token opens (a revoked one opens nothing)."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("owner", "rotation")
        .filter(token_digest=services.digest(token), revoked_at__isnull=True)
        .first()
    )
