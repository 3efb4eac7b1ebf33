"""Business time: when a calendar is open, how much open time lies between
two instants, and when a number of open minutes after an instant runs out.

Pure functions over aware datetimes; no database. A calendar's hours are wall
clock times in its zone, so across daylight-saving changes an instant is
open when its local wall time is within the hours of its local date:

- in the spring-forward gap no instant has those wall times, so the skipped
  hour is never open (8:00-17:00 on that Sunday is 9 hours of wall time and
  8 hours of real time if the gap falls inside it);
- in the repeated fall-back hour both passes are open if the wall time is.

The day is split into stretches of constant UTC offset, found from the zone
itself (zoneinfo), and each stretch's wall times are mapped back to UTC, so
the arithmetic is exact to the second with no minute-by-minute loop.
Holidays and whole-day closures are local dates; a special day replaces the
hours of its date (even a holiday's); closures are instants (an office move
from Friday 15:00 to Monday 08:00)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

Span = tuple[datetime, datetime]  # [start, end), aware
DAY_MINUTES = 24 * 60
# Zones are at most 14 hours from UTC: a local date's wall times lie within
# this margin of the same date at 00:00 UTC.
MARGIN = timedelta(hours=15)
# How far a deadline is looked for before it is called unreachable.
HORIZON = timedelta(days=400)


@dataclass(frozen=True)
class Calendar:
    zone: str
    # Weekday (0 = Monday) -> open wall-clock minutes [start, end) of the day,
    # 0 <= start < end <= 1440; a weekday not listed is closed.
    hours: Mapping[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    closed_dates: frozenset[date] = frozenset()  # holidays, whole-day closures
    special_days: Mapping[date, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    closures: tuple[Span, ...] = ()  # instants closed, whatever the hours
    always_open: bool = False  # 24x7 coverage: every instant counts

    def day_hours(self, day: date) -> tuple[tuple[int, int], ...]:
        if day in self.special_days:
            return self.special_days[day]
        if day in self.closed_dates:
            return ()
        return self.hours.get(day.weekday(), ())


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    return instant.astimezone(zone).utcoffset() or timedelta(0)


def _change(zone: ZoneInfo, lo: datetime, hi: datetime) -> datetime:
    """The first whole second in (lo, hi] where the offset at lo no longer
    applies (zones change offsets on whole seconds)."""
    before = _offset(zone, lo)
    low, high = int(lo.timestamp()), int(hi.timestamp())  # offset(low) == before
    if _offset(zone, datetime.fromtimestamp(high, UTC)) == before:
        high += 1
    while high - low > 1:
        mid = (low + high) // 2
        if _offset(zone, datetime.fromtimestamp(mid, UTC)) == before:
            low = mid
        else:
            high = mid
    return datetime.fromtimestamp(high, UTC)


Segment = tuple[datetime, datetime, timedelta]  # [start, end) at one UTC offset


def segments(
    zone: ZoneInfo, lo: datetime, hi: datetime
) -> list[tuple[datetime, datetime, timedelta]]:
    """[lo, hi) cut where the zone's UTC offset changes: (start, end, offset).
    Zones change at most a few times a year, so a window of two days holds at
    most one change; probing the middle as well catches a pair."""
    out = []
    start = lo
    while start < hi:
        end = hi
        here = _offset(zone, start)
        for probe in (start + (hi - start) / 2, hi - timedelta(seconds=1)):
            if probe > start and _offset(zone, probe) != here:
                end = _change(zone, start, probe)
                break
        out.append((start, end, here))
        start = end
    return out


def _day_spans(calendar: Calendar, zone: ZoneInfo, day: date) -> Iterator[Span]:
    """The instants whose wall time is within the day's hours, on that date."""
    ranges = calendar.day_hours(day)
    if not ranges:
        return
    midnight = datetime(day.year, day.month, day.day)  # wall clock, naive
    lo = midnight.replace(tzinfo=UTC) - MARGIN
    hi = midnight.replace(tzinfo=UTC) + timedelta(days=1) + MARGIN
    for seg_start, seg_end, offset in segments(zone, lo, hi):
        wall_lo = seg_start.replace(tzinfo=None) + offset
        wall_hi = seg_end.replace(tzinfo=None) + offset
        for first, last in ranges:
            a = max(wall_lo, midnight + timedelta(minutes=first))
            b = min(wall_hi, midnight + timedelta(minutes=last))
            if a < b:
                yield ((a - offset).replace(tzinfo=UTC), (b - offset).replace(tzinfo=UTC))


def _merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _minus(spans: list[Span], holes: Sequence[Span]) -> list[Span]:
    """`spans` without the instants in `holes` (both sorted and merged)."""
    out = []
    for start, end in spans:
        pieces = [(start, end)]
        for h_start, h_end in holes:
            next_pieces = []
            for p_start, p_end in pieces:
                if h_end <= p_start or h_start >= p_end:
                    next_pieces.append((p_start, p_end))
                    continue
                if p_start < h_start:
                    next_pieces.append((p_start, h_start))
                if h_end < p_end:
                    next_pieces.append((h_end, p_end))
            pieces = next_pieces
        out.extend(pieces)
    return out


def open_spans(
    calendar: Calendar, start: datetime, end: datetime, *, pauses: Sequence[Span] = ()
) -> list[Span]:
    """When the calendar is open within [start, end), minus closures and
    pauses, sorted and merged, in UTC."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return []
    if calendar.always_open:
        spans = [(start, end)]
    else:
        zone = _zone(calendar.zone)
        first = start.astimezone(zone).date() - timedelta(days=1)
        last = end.astimezone(zone).date() + timedelta(days=1)
        found = []
        day = first
        while day <= last:
            for s, e in _day_spans(calendar, zone, day):
                s, e = max(s, start), min(e, end)
                if s < e:
                    found.append((s, e))
            day += timedelta(days=1)
        spans = _merge(found)
    holes = _merge(
        (s.astimezone(UTC), e.astimezone(UTC)) for s, e in (*calendar.closures, *pauses) if s < e
    )
    return _minus(spans, holes) if holes else spans


def elapsed(
    calendar: Calendar, start: datetime, end: datetime, *, pauses: Sequence[Span] = ()
) -> timedelta:
    """Open time between two instants (paused stretches not counted)."""
    return sum((e - s for s, e in open_spans(calendar, start, end, pauses=pauses)), timedelta(0))


def deadline(
    calendar: Calendar,
    start: datetime,
    target: timedelta,
    *,
    pauses: Sequence[Span] = (),
    horizon: timedelta = HORIZON,
) -> datetime | None:
    """The first instant by which `target` of open time has passed since
    `start`, or None if it is not reached within `horizon` (a calendar with
    no hours)."""
    start = start.astimezone(UTC)
    left = target
    if left <= timedelta(0):
        return start
    chunk = timedelta(days=7)
    at = start
    while at - start < horizon:
        upto = min(at + chunk, start + horizon)
        for s, e in open_spans(calendar, at, upto, pauses=pauses):
            if e - s >= left:
                return s + left
            left -= e - s
        at = upto
    return None
