"""SLA figures both sides read: per practice and priority, how many promises
were kept (attainment) and the median time to the first response, over the
last 30 days and per month.

A promise (a clock: first response, next response or resolution) counts in
the period its outcome became known: kept when it stopped in time, missed
when its deadline passed (the breach) or it stopped late. A first response
counts in the period it was given; its time is the covered time it took
(the contract's hours, 24x7 for around-the-clock priorities) and the time
on the wall. Months are calendar months in the provider's default time
zone, so both sides see the same figures whoever reads them.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tandem.accounts import queries as accounts
from tandem.accounts.models import Organization
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.sla import display
from tandem.sla.choices import ClockKind
from tandem.sla.clocks import default_calendar
from tandem.sla.models import SlaClock

RECENT_DAYS = 30
MAX_MONTHS = 24
MISSED = Q(breached_at__isnull=False) | Q(met=False)


@dataclass
class Figure:
    """One practice, one priority, one period."""

    practice: Organization
    priority: int
    period: str  # "30d" or "YYYY-MM"
    promises: int = 0
    kept: int = 0
    first_responses: int = 0
    first_covered: list[int] = field(default_factory=list, repr=False)
    first_wall: list[float] = field(default_factory=list, repr=False)

    @property
    def missed(self) -> int:
        return self.promises - self.kept

    @property
    def attainment(self) -> float | None:
        """Share of promises kept, in percent; None when none was due."""
        return round(100 * self.kept / self.promises, 1) if self.promises else None

    @property
    def median_first_response(self) -> int | None:
        """Covered minutes, the time the contract counts."""
        return round(statistics.median(self.first_covered)) if self.first_covered else None

    @property
    def median_first_response_wall(self) -> int | None:
        """Minutes on the wall clock, nights and weekends included."""
        return round(statistics.median(self.first_wall)) if self.first_wall else None

    @property
    def period_words(self) -> str:
        if self.period == "30d":
            return f"Last {RECENT_DAYS} days"
        return datetime.strptime(self.period, "%Y-%m").strftime("%b %Y")

    @property
    def first_response_words(self) -> str:
        return _words(self.median_first_response)

    @property
    def first_response_wall_words(self) -> str:
        return _words(self.median_first_response_wall)


def _words(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    return "under 1 min" if minutes == 0 else display.duration(timedelta(minutes=minutes))


def zone() -> ZoneInfo:
    return ZoneInfo(default_calendar().time_zone)


def practices_for(actor: Actor) -> QuerySet[Organization]:
    """Whose figures the actor may read: the practices the provider side
    sees, or the reader's own practice."""
    return accounts.visible_clients(actor)


def month_starts(months: int, tz: ZoneInfo, now: datetime | None = None) -> list[date]:
    """The first days of the last `months` calendar months, this one last."""
    today = (now or timezone.now()).astimezone(tz).date()
    first = today.replace(day=1)
    out = [first]
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        out.append(first)
    return out[::-1]


def _clocks(practices: Iterable[Organization]) -> QuerySet[SlaClock]:
    return SlaClock.objects.filter(organization__in=[p.pk for p in practices])


def _collect(
    practices: list[Organization],
    since: datetime,
    until: datetime,
    period_of: Any,
    month: Any = None,
) -> dict[tuple[int, int, str], Figure]:
    by_pk = {p.pk: p for p in practices}
    out: dict[tuple[int, int, str], Figure] = {}

    def figure(org_id: int, priority: int, period: str) -> Figure:
        key = (org_id, priority, period)
        if key not in out:
            out[key] = Figure(by_pk[org_id], priority, period)
        return out[key]

    decided = _clocks(practices).filter(decided_at__gte=since, decided_at__lt=until)
    keys = ["organization_id", "priority"] + (["month"] if month is not None else [])
    if month is not None:
        decided = decided.annotate(month=month)
    counted = decided.values(*keys).annotate(
        promises=Count("id"), missed=Count("id", filter=MISSED)
    )
    for row in counted.order_by():
        f = figure(row["organization_id"], row["priority"], period_of(row.get("month")))
        f.promises += row["promises"]
        f.kept += row["promises"] - row["missed"]
    answered = (
        _clocks(practices)
        .filter(kind=ClockKind.FIRST_RESPONSE, stopped_at__gte=since, stopped_at__lt=until)
        .values_list("organization_id", "priority", "started_at", "stopped_at", "used_minutes")
    )
    for org_id, priority, started, stopped, used in answered.order_by():
        if stopped is None:  # the filter on stopped_at leaves none
            continue
        f = figure(org_id, priority, period_of(stopped))
        f.first_responses += 1
        f.first_wall.append((stopped - started).total_seconds() / 60)
        if used is not None:
            f.first_covered.append(used)
    return out


def recent(practices: Iterable[Organization], now: datetime | None = None) -> list[Figure]:
    """The last 30 days, per practice and priority (only where something counted)."""
    now = now or timezone.now()
    found = _collect(list(practices), now - timedelta(days=RECENT_DAYS), now, lambda _m: "30d")
    return sorted(found.values(), key=lambda f: (f.practice.name, f.priority))


def monthly(
    practices: Iterable[Organization], months: int = 12, now: datetime | None = None
) -> list[Figure]:
    """Per calendar month, the last `months` of them (this one so far)."""
    tz = zone()
    starts = month_starts(months, tz, now)
    since = datetime.combine(starts[0], datetime.min.time(), tzinfo=tz)
    until = now or timezone.now()

    def period_of(value: Any) -> str:
        return f"{value.astimezone(tz) if isinstance(value, datetime) else value:%Y-%m}"

    found = _collect(list(practices), since, until, period_of, TruncMonth("decided_at", tzinfo=tz))
    return sorted(found.values(), key=lambda f: (f.practice.name, f.period, f.priority))


HEADER = [
    "practice",
    "period",
    "priority",
    "promises",
    "kept",
    "missed",
    "attainment_percent",
    "first_responses",
    "median_first_response_covered_minutes",
    "median_first_response_wall_minutes",
]


def export_rows(figures: list[Figure]) -> list[list[Any]]:
    return [
        [
            f.practice.name,
            f.period,
            f"P{f.priority}",
            f.promises,
            f.kept,
            f.missed,
            "" if f.attainment is None else f.attainment,
            f.first_responses,
            "" if f.median_first_response is None else f.median_first_response,
            "" if f.median_first_response_wall is None else f.median_first_response_wall,
        ]
        for f in figures
    ]


def record_export(actor: Actor, practices: list[Organization], rows: int) -> None:
    """Exports leave a trace in each practice's trail (who took its figures away)."""
    for practice in practices:
        audit.record(
            actor=actor,
            verb="sla.figures_export",
            organization_id=practice.pk,
            target=practice,
            changes={"rows": [None, rows]},
        )
