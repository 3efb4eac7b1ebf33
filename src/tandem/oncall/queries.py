"""Reading the on-call schedule: who is on call now, each rotation's shifts
over a period, one person's shifts across rotations, and the calendar feed
a secret token opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from django.db.models import Q, QuerySet
from django.utils import timezone

from tandem.accounts.models import Person
from tandem.core.tenancy import Actor
from tandem.notify.models import OutboxMessage
from tandem.oncall import services
from tandem.oncall.models import (
    CalendarFeed,
    EscalationLevel,
    OnCallPage,
    Override,
    PageAttempt,
    PageStatus,
    Rotation,
)
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


def open_pages() -> QuerySet[OnCallPage]:
    return (
        OnCallPage.objects.filter(status=PageStatus.OPEN)
        .select_related("request__organization", "policy")
        .order_by("created_at")
    )


def pages_for(actor: Actor) -> QuerySet[OnCallPage]:
    """Pages of the practices the actor sees (provider staff)."""
    if not actor.is_provider:
        return OnCallPage.objects.none()
    return actor.scope(
        OnCallPage.objects.select_related("request__organization", "policy", "acknowledged_by"),
        "organization_id",
    )


@dataclass(frozen=True)
class AckTimes:
    person: Person
    paged: int
    acknowledged: int
    median_minutes: float | None
    slowest_minutes: float | None


def ack_times(since: datetime) -> list[AckTimes]:
    """Per person paged since `since`: pages, acknowledgements, and minutes
    from their first page of it to their acknowledgement."""
    attempts = PageAttempt.objects.filter(paged_at__gte=since).select_related("page", "person")
    first: dict[tuple[int, int], datetime] = {}
    people: dict[int, Person] = {}
    for a in attempts:
        key = (a.person_id, a.page_id)
        first[key] = min(first.get(key, a.paged_at), a.paged_at)
        people[a.person_id] = a.person
    waits: dict[int, list[float]] = {person_id: [] for person_id in people}
    acked = OnCallPage.objects.filter(
        acknowledged_by_id__in=people, acknowledged_at__gte=since
    ).values_list("pk", "acknowledged_by_id", "acknowledged_at")
    for page_id, person_id, at in acked:
        start = first.get((person_id, page_id))
        if start is not None and at is not None:
            waits[person_id].append((at - start).total_seconds() / 60)
    out = []
    for person_id, person in people.items():
        times = sorted(waits[person_id])
        out.append(
            AckTimes(
                person=person,
                paged=sum(1 for p, _ in first if p == person_id),
                acknowledged=len(times),
                median_minutes=round(median(times), 1) if times else None,
                slowest_minutes=round(times[-1], 1) if times else None,
            )
        )
    return sorted(out, key=lambda t: t.person.full_name)


def on_call_now_everywhere(at: datetime | None = None) -> list[tuple[Rotation, Person | None]]:
    """Who is on call in each rotation a policy pages first (all rotations
    when no policy names one)."""
    first = EscalationLevel.objects.filter(position=0, rotation__isnull=False).values("rotation")
    named = rotations().filter(pk__in=first)
    chosen = named if named.exists() else rotations()
    return [(r, on_call_now(r, at)) for r in chosen]


def last_deliveries(targets: list[str]) -> dict[str, OutboxMessage]:
    """The latest outbox row of each paging target: how its last post went."""
    latest: dict[str, OutboxMessage] = {}
    rows = OutboxMessage.objects.filter(
        channel="webhook", recipient__in=[f"target:{t}" for t in targets]
    )
    for row in rows.order_by("id"):
        latest[row.recipient.removeprefix("target:")] = row
    return latest
