"""The clocks on a request, moved by the desk's services in their own
transaction: a request opened starts its first-response and resolution
clocks; the provider's first human public answer (or a logged call) stops
the first; a practice's message starts a next-response clock that the next
answer stops; waiting on the practice or a third party pauses them all;
resolving stops the resolution clock and reopening resumes it (the resolved
stretch not counted); a new priority recomputes every target and deadline.
Every move is kept in ClockEvent. The request carries the earliest running
deadline (`sla_due`) for its queues."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import holidays
from django.db.models import Q
from django.utils import timezone

from tandem.sla import business_time as bt
from tandem.sla.choices import DEFAULT_HOURS, DEFAULT_TARGETS, ClockKind, ClockState, Coverage
from tandem.sla.models import (
    BusinessCalendar,
    ClockEvent,
    Contract,
    SlaClock,
    SlaPolicy,
)

ACTIVE = (ClockState.RUNNING, ClockState.PAUSED)
WAITING = {
    "waiting_client": "Waiting on the practice",
    "waiting_third_party": "Waiting on a third party",
}


# Calendars and promises ------------------------------------------------------

_engines: dict[tuple[Any, int, int], bt.Calendar] = {}


def engine(calendar: BusinessCalendar) -> bt.Calendar:
    """The calendar as business_time reads it, cached per process until the
    calendar changes: whatever changes a calendar or one of its days bumps the
    calendar's version (the cache key, with its UUID: a key never reused, as
    a row id can be), so no query is made to check."""
    key = (calendar.uuid, calendar.version, timezone.now().year)
    if key not in _engines:
        closed: set[date] = set()
        if calendar.us_federal_holidays:
            closed |= _federal()
        special = {day.date: _ranges(day.hours) for day in calendar.days.all()}
        weekly = {int(k): _ranges(v) for k, v in calendar.hours.items()}
        _engines[key] = bt.Calendar(
            zone=calendar.time_zone,
            hours=weekly,
            closed_dates=frozenset(closed),
            special_days=special,
        )
    return _engines[key]


def _ranges(value: Any) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in value)


def _federal() -> frozenset[date]:
    """US federal holidays with their observed dates, five years back and ten ahead."""
    return _federal_years(timezone.now().year)


@cache
def _federal_years(year: int) -> frozenset[date]:
    return frozenset(
        holidays.country_holidays("US", years=range(year - 5, year + 11), observed=True)
    )


def default_calendar() -> BusinessCalendar:
    found = BusinessCalendar.objects.filter(is_default=True).first()
    if found is None:
        found, _ = BusinessCalendar.objects.get_or_create(
            name="Business hours", defaults={"hours": DEFAULT_HOURS, "is_default": True}
        )
    return found


def default_policy() -> SlaPolicy:
    found = SlaPolicy.objects.filter(is_default=True).first()
    if found is None:
        found, _ = SlaPolicy.objects.get_or_create(
            name="Standard", defaults={"targets": default_targets(), "is_default": True}
        )
    return found


def default_targets() -> dict[str, dict[str, Any]]:
    return {
        str(p): {
            "first_response": t["first_response"],
            "next_response": t["first_response"],
            "resolution": t["resolution"],
            "coverage": str(t["coverage"]),
        }
        for p, t in DEFAULT_TARGETS.items()
    }


def contract_for(organization_id: int, on: date) -> Contract | None:
    return (
        Contract.objects.filter(organization_id=organization_id, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("policy", "calendar")
        .order_by("-starts_on", "-id")
        .first()
    )


def promise(request: Any, on: date) -> tuple[SlaPolicy, BusinessCalendar]:
    contract = contract_for(request.organization_id, on)
    if contract is not None:
        return contract.policy, contract.calendar
    return default_policy(), default_calendar()


def first_response_promises(organization_id: int, on: date) -> dict[int, tuple[int, str]]:
    """Priority -> (minutes, coverage) of the first response the practice is
    promised on that date: its contract's policy, else the default."""
    contract = contract_for(organization_id, on)
    policy = contract.policy if contract is not None else default_policy()
    return {p: target(policy, p, ClockKind.FIRST_RESPONSE) for p in (1, 2, 3, 4)}


def target(policy: SlaPolicy, priority: int, kind: str) -> tuple[int, str]:
    row = policy.targets.get(str(priority)) or default_targets()[str(priority)]
    minutes: Any = row.get(kind) or row.get("first_response") or 0
    return int(minutes), str(row.get("coverage") or Coverage.BUSINESS)


# One clock ---------------------------------------------------------------


def _calendar_of(clock: SlaClock) -> bt.Calendar:
    if clock.coverage == Coverage.ALWAYS:
        return bt.Calendar(zone=clock.calendar.time_zone, always_open=True)
    return engine(clock.calendar)


def _spans(clock: SlaClock) -> list[bt.Span]:
    return [(datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in clock.pauses]


def elapsed(clock: SlaClock, now: datetime) -> timedelta:
    """Covered time the clock has counted by `now` (or until it stopped)."""
    end = clock.stopped_at or clock.paused_at or now
    return bt.elapsed(_calendar_of(clock), clock.started_at, end, pauses=_spans(clock))


def _deadline(clock: SlaClock) -> datetime | None:
    if clock.state != ClockState.RUNNING:
        return None
    return bt.deadline(
        _calendar_of(clock),
        clock.started_at,
        timedelta(minutes=clock.target_minutes),
        pauses=_spans(clock),
    )


def _log(clock: SlaClock, what: str, at: datetime, reason: str = "") -> None:
    ClockEvent.objects.create(
        clock=clock,
        at=at,
        what=what,
        reason=reason[:200],
        deadline=clock.deadline,
        target_minutes=clock.target_minutes,
    )


def _warn_at(clock: SlaClock) -> datetime | None:
    if clock.state != ClockState.RUNNING:
        return None
    share = timedelta(minutes=clock.target_minutes) * clock.warn_percent / 100
    return bt.deadline(_calendar_of(clock), clock.started_at, share, pauses=_spans(clock))


def _save(clock: SlaClock, what: str, at: datetime, reason: str = "") -> None:
    clock.deadline = _deadline(clock)
    clock.warn_at = _warn_at(clock)
    clock.version += 1
    clock.save()
    _log(clock, what, at, reason)


def start(
    request: Any,
    kind: str,
    at: datetime,
    promised: tuple[SlaPolicy, BusinessCalendar] | None = None,
) -> SlaClock:
    policy, calendar = promised or promise(request, at.date())
    minutes, coverage = target(policy, request.priority, kind)
    clock = SlaClock(
        organization_id=request.organization_id,
        request=request,
        kind=kind,
        state=ClockState.RUNNING,
        coverage=coverage,
        calendar=calendar,
        target_minutes=minutes,
        started_at=at,
        warn_percent=policy.warn_at_percent,
        priority=request.priority,
    )
    clock.deadline = _deadline(clock)
    clock.warn_at = _warn_at(clock)
    clock.save()
    _log(clock, "start", at)
    return clock


def stop(clock: SlaClock, at: datetime, reason: str) -> None:
    if clock.state == ClockState.PAUSED and clock.paused_at is not None:
        clock.pauses = [*clock.pauses, [clock.paused_at.isoformat(), at.isoformat()]]
        clock.paused_at = None
    clock.state = ClockState.STOPPED
    clock.stopped_at = at
    used = elapsed(clock, at)
    clock.used_minutes = int(used.total_seconds() // 60)
    clock.met = used <= timedelta(minutes=clock.target_minutes)
    clock.decided_at = clock.breached_at or at
    _save(clock, "stop", at, reason)


def pause(clock: SlaClock, at: datetime, reason: str) -> None:
    clock.state = ClockState.PAUSED
    clock.paused_at = at
    _save(clock, "pause", at, reason)


def resume(clock: SlaClock, at: datetime, reason: str = "") -> None:
    since = clock.paused_at or clock.stopped_at
    if since is not None and since < at:
        clock.pauses = [*clock.pauses, [since.isoformat(), at.isoformat()]]
    clock.state = ClockState.RUNNING
    clock.paused_at = clock.stopped_at = None
    clock.met = clock.used_minutes = None
    clock.decided_at = clock.breached_at  # a recorded miss stays one
    _save(clock, "resume", at, reason)


# The desk's moves -----------------------------------------------------------


def _clocks(request: Any, *kinds: str, states: tuple[str, ...] = ACTIVE) -> list[SlaClock]:
    qs = SlaClock.objects.select_for_update().filter(request=request, state__in=states)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return list(qs.select_related("calendar").order_by("id"))


def _refresh_request(request: Any, known: list[SlaClock] | None = None) -> None:
    """The request's own copy of its earliest running deadline (the queues
    sort and filter on it) and whether a clock is paused. `known`: every
    clock of the request, when the caller has them all at hand."""
    if known is None:
        active = SlaClock.objects.filter(request=request, state__in=ACTIVE)
        known = list(active.only("state", "deadline"))
    due = [c.deadline for c in known if c.state == ClockState.RUNNING and c.deadline]
    request.sla_due = min(due, default=None)
    request.sla_paused = any(c.state == ClockState.PAUSED for c in known)
    type(request).objects.filter(pk=request.pk).update(
        sla_due=request.sla_due, sla_paused=request.sla_paused
    )


def request_opened(request: Any, at: datetime, *, answered: bool = False) -> None:
    """A new request: its clocks start. `answered`: a call the provider
    logged is itself the first response."""
    promised = promise(request, at.date())
    first = start(request, ClockKind.FIRST_RESPONSE, at, promised)
    if answered:
        stop(first, at, "Logged call")
    resolution = start(request, ClockKind.RESOLUTION, at, promised)
    _refresh_request(request, [first, resolution])


def public_message(request: Any, at: datetime, *, by_provider: bool) -> None:
    if by_provider:
        for clock in _clocks(request, ClockKind.FIRST_RESPONSE, ClockKind.NEXT_RESPONSE):
            stop(clock, at, "Answered")
    else:
        answered = SlaClock.objects.filter(
            request=request, kind=ClockKind.FIRST_RESPONSE, state=ClockState.STOPPED
        ).exists()
        waiting = _clocks(request, ClockKind.NEXT_RESPONSE)
        if answered and not waiting and request.status not in ("resolved", "closed"):
            start(request, ClockKind.NEXT_RESPONSE, at)
    _refresh_request(request)


def status_changed(request: Any, before: str, after: str, at: datetime) -> None:
    if after in WAITING:
        for clock in _clocks(request, states=(ClockState.RUNNING,)):
            pause(clock, at, WAITING[after])
    elif before in WAITING and after in ("new", "open"):
        for clock in _clocks(request, states=(ClockState.PAUSED,)):
            resume(clock, at, "Back with the provider")
    if after == "resolved":
        for clock in _clocks(request):
            stop(clock, at, "Resolved")
    elif after == "closed":
        for clock in _clocks(request):
            stop(clock, at, "Closed")
    elif before == "resolved" and after in ("new", "open"):
        for clock in _clocks(request, ClockKind.RESOLUTION, states=(ClockState.STOPPED,)):
            resume(clock, at, "Reopened")
    _refresh_request(request)


def priority_changed(request: Any, at: datetime) -> None:
    """New targets for the clocks that still count, from the same promise."""
    for clock in _clocks(request):
        policy, _calendar = promise(request, clock.started_at.date())
        minutes, coverage = target(policy, request.priority, clock.kind)
        if (minutes, coverage, request.priority) == (
            clock.target_minutes,
            clock.coverage,
            clock.priority,
        ):
            continue
        clock.target_minutes, clock.coverage = minutes, coverage
        clock.priority = request.priority
        _save(clock, "recompute", at, f"Priority P{request.priority}")
    _refresh_request(request)


def recompute(request: Any, at: datetime, reason: str) -> int:
    """The clocks that still count, under the terms as they now stand: the
    practice's contract (as of each clock's start), its policy's target for
    the clock's priority, its calendar as now set. Returns how many moved;
    each move is kept in the clock's history."""
    moved = 0
    clocks = _clocks(request)
    for clock in clocks:
        policy, calendar = promise(request, clock.started_at.date())
        minutes, coverage = target(policy, clock.priority, clock.kind)
        before = (clock.target_minutes, clock.coverage, clock.calendar_id, clock.warn_percent)
        before_times = (clock.deadline, clock.warn_at)
        clock.target_minutes, clock.coverage, clock.calendar = minutes, coverage, calendar
        clock.warn_percent = policy.warn_at_percent
        after = (minutes, coverage, calendar.pk, policy.warn_at_percent)
        if before == after and before_times == (_deadline(clock), _warn_at(clock)):
            continue
        _save(clock, "recompute", at, reason)
        moved += 1
    if moved:
        _refresh_request(request, clocks)
    return moved
