"""Business time, checked against a brute-force oracle: a minute-by-minute
walk that converts each UTC minute to local wall time with zoneinfo and asks
whether the calendar is open then. The oracle shares no code with the engine
(tandem.sla.business_time): it reads the test's own description of a
calendar, and the engine gets the same description as its Calendar.

Hypothesis draws calendars (weekly hours, split shifts, holidays including
US federal observed dates, special days, closures), time zones, pauses and
starting instants biased towards the daylight-saving changes; explicit cases
pin the spring-forward gap, the repeated fall-back hour, July 4 on a Saturday
and a pause spanning a closure. A deliberately wrong engine that ignores
daylight saving is shown to fail under the same strategies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from tandem.sla import business_time as bt

ZONES = ["America/New_York", "America/Chicago", "America/Phoenix", "Pacific/Honolulu"]
DST_ZONES = ["America/New_York", "America/Chicago"]
MINUTE = timedelta(minutes=1)
# Horizon of the oracle's walk (and the engine's, for deadlines): three weeks.
HORIZON = timedelta(days=21)


@dataclass(frozen=True)
class Case:
    zone: str
    hours: dict[int, tuple[tuple[int, int], ...]]
    closed: frozenset[date] = frozenset()
    special: dict[date, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    closures: tuple[tuple[datetime, datetime], ...] = ()
    always: bool = False

    def engine(self) -> bt.Calendar:
        return bt.Calendar(
            zone=self.zone,
            hours=self.hours,
            closed_dates=self.closed,
            special_days=self.special,
            closures=self.closures,
            always_open=self.always,
        )


# The oracle -----------------------------------------------------------------


def oracle_open(case: Case, minute: datetime, pauses) -> bool:
    """Is the minute starting at `minute` (UTC) open and not paused?"""
    for lo, hi in (*case.closures, *pauses):
        if lo <= minute < hi:
            return False
    if case.always:
        return True
    local = minute.astimezone(ZoneInfo(case.zone))
    day = local.date()
    if day in case.special:
        ranges = case.special[day]
    elif day in case.closed:
        ranges = ()
    else:
        ranges = case.hours.get(day.weekday(), ())
    wall = local.hour * 60 + local.minute
    return any(lo <= wall < hi for lo, hi in ranges)


def oracle_elapsed(case: Case, start: datetime, end: datetime, pauses=()) -> timedelta:
    count, minute = 0, start
    while minute < end:
        count += oracle_open(case, minute, pauses)
        minute += MINUTE
    return count * MINUTE


def oracle_deadline(case: Case, start: datetime, target: timedelta, pauses=()):
    if target <= timedelta(0):
        return start
    needed, minute = target // MINUTE, start
    while minute < start + HORIZON:
        if oracle_open(case, minute, pauses):
            needed -= 1
            if needed == 0:
                return minute + MINUTE
        minute += MINUTE
    return None


# Strategies -----------------------------------------------------------------

YEAR = 2026
TRANSITIONS = [datetime(YEAR, 3, 8, 7, tzinfo=UTC), datetime(YEAR, 11, 1, 6, tzinfo=UTC)]


@st.composite
def day_ranges(draw):
    kind = draw(st.sampled_from(["closed", "day", "split", "all", "night"]))
    if kind == "closed":
        return ()
    if kind == "all":
        return ((0, 1440),)
    if kind == "night":  # open around the early-morning changes (01:00-04:00)
        start = draw(st.integers(0, 8)) * 15
        return ((start, draw(st.integers(start // 15 + 1, 20)) * 15),)
    start = draw(st.integers(0, 80)) * 15
    end = draw(st.integers(start // 15 + 1, 96)) * 15
    if kind == "day" or end - start < 60:
        return ((start, end),)
    middle = draw(st.integers(start // 15 + 1, end // 15 - 1)) * 15
    return ((start, middle), (middle + 15, end)) if middle + 15 < end else ((start, end),)


@st.composite
def instants(draw, around=None):
    base = draw(st.sampled_from([*TRANSITIONS, datetime(YEAR, 7, 2, 12, tzinfo=UTC)]))
    if around is not None:
        base = around
    return base + draw(st.integers(-3 * 24 * 60, 3 * 24 * 60)) * MINUTE


@st.composite
def cases(draw, zones=ZONES):
    zone = draw(st.sampled_from(zones))
    hours = {d: draw(day_ranges()) for d in range(7)}
    federal = holidays.US(years=YEAR, observed=True)
    closed = set(federal) if draw(st.booleans()) else set()
    start = date(YEAR, 2, 25)
    for _ in range(draw(st.integers(0, 3))):
        closed.add(start + timedelta(days=draw(st.integers(0, 270))))
    special = {}
    for _ in range(draw(st.integers(0, 2))):
        special[start + timedelta(days=draw(st.integers(0, 270)))] = draw(day_ranges())
    closures = []
    for _ in range(draw(st.integers(0, 2))):
        lo = draw(instants())
        closures.append((lo, lo + draw(st.integers(1, 3 * 24 * 60)) * MINUTE))
    return Case(
        zone=zone,
        hours=hours,
        closed=frozenset(closed),
        special=special,
        closures=tuple(closures),
        always=draw(st.integers(0, 9)) == 0,
    )


@st.composite
def pauses(draw, start):
    out = []
    for _ in range(draw(st.integers(0, 3))):
        lo = start + draw(st.integers(0, 6 * 24 * 60)) * MINUTE
        out.append((lo, lo + draw(st.integers(1, 2 * 24 * 60)) * MINUTE))
    return tuple(out)


@st.composite
def problems(draw, zones=ZONES):
    case = draw(cases(zones))
    start = draw(instants())
    return (
        case,
        start,
        draw(st.integers(0, 7 * 24 * 60)) * MINUTE,  # span for elapsed
        draw(st.integers(0, 3000)) * MINUTE,  # target for deadline
        draw(pauses(start)),
    )


SLOW = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


# Properties -----------------------------------------------------------------


@SLOW
@given(problems())
def test_elapsed_matches_the_minute_by_minute_oracle(problem):
    case, start, span, _target, paused = problem
    got = bt.elapsed(case.engine(), start, start + span, pauses=paused)
    assert got == oracle_elapsed(case, start, start + span, paused)


@SLOW
@given(problems())
def test_deadlines_match_the_minute_by_minute_oracle(problem):
    case, start, _span, target, paused = problem
    got = bt.deadline(case.engine(), start, target, pauses=paused, horizon=HORIZON)
    assert got == oracle_deadline(case, start, target, paused)


# Explicit cases -------------------------------------------------------------

NY = "America/New_York"
WEEKDAYS_8_TO_5 = {d: ((480, 1020),) for d in range(5)}


def at(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def both(case: Case, start: datetime, end: datetime, pauses=()) -> timedelta:
    engine = bt.elapsed(case.engine(), start, end, pauses=pauses)
    assert engine == oracle_elapsed(case, start, end, pauses)
    return engine


def test_the_spring_forward_gap_is_never_open():
    case = Case(zone=NY, hours={6: ((0, 1440),)})  # Sundays, all day
    sunday = both(case, at(NY, 2026, 3, 8), at(NY, 2026, 3, 9))
    assert sunday == timedelta(hours=23)
    # 01:00-04:00 wall time that night holds two real hours.
    night = Case(zone=NY, hours={6: ((60, 240),)})
    assert both(night, at(NY, 2026, 3, 7), at(NY, 2026, 3, 10)) == timedelta(hours=2)
    # An hour of target from 01:30 ends at 03:30 EDT, not 02:30 (which never happens).
    got = bt.deadline(night.engine(), at(NY, 2026, 3, 8, 1, 30), timedelta(hours=1))
    assert got == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT


def test_the_repeated_fall_back_hour_counts_twice():
    case = Case(zone=NY, hours={6: ((0, 1440),)})
    assert both(case, at(NY, 2026, 10, 31), at(NY, 2026, 11, 3)) == timedelta(hours=25)
    night = Case(zone=NY, hours={6: ((60, 120),)})  # 01:00-02:00 wall time, twice
    assert both(night, at(NY, 2026, 10, 31), at(NY, 2026, 11, 3)) == timedelta(hours=2)


def test_july_4_on_a_saturday_closes_the_observed_friday():
    federal = frozenset(holidays.US(years=2026, observed=True))
    assert date(2026, 7, 3) in federal  # the observed Friday
    case = Case(zone="America/Chicago", hours=WEEKDAYS_8_TO_5, closed=federal)
    thursday_4pm = at("America/Chicago", 2026, 7, 2, 16)
    due = bt.deadline(case.engine(), thursday_4pm, timedelta(hours=2))
    assert due == at("America/Chicago", 2026, 7, 6, 9)  # Monday 09:00
    assert due == oracle_deadline(case, thursday_4pm, timedelta(hours=2))


def test_a_pause_spanning_a_closure_counts_neither_twice():
    closure = (at(NY, 2026, 5, 15, 12), at(NY, 2026, 5, 18, 12))  # Fri noon to Mon noon
    case = Case(zone=NY, hours=WEEKDAYS_8_TO_5, closures=(closure,))
    pause = (at(NY, 2026, 5, 15, 10), at(NY, 2026, 5, 18, 14))  # Fri 10:00 to Mon 14:00
    start, end = at(NY, 2026, 5, 15, 8), at(NY, 2026, 5, 19, 8)
    # Open: Fri 8-10 (then paused), Mon 14-17: five hours.
    assert both(case, start, end, (pause,)) == timedelta(hours=5)
    due = bt.deadline(case.engine(), start, timedelta(hours=4), pauses=(pause,))
    assert due == at(NY, 2026, 5, 18, 16)
    assert due == oracle_deadline(case, start, timedelta(hours=4), (pause,))


def test_arizona_and_hawaii_have_no_daylight_saving():
    for zone in ("America/Phoenix", "Pacific/Honolulu"):
        case = Case(zone=zone, hours={6: ((0, 1440),)})
        assert both(case, at(zone, 2026, 3, 8), at(zone, 2026, 3, 9)) == timedelta(hours=24)
        assert both(case, at(zone, 2026, 11, 1), at(zone, 2026, 11, 2)) == timedelta(hours=24)


def test_a_calendar_with_no_hours_never_reaches_a_deadline():
    case = Case(zone=NY, hours={})
    assert bt.deadline(case.engine(), at(NY, 2026, 1, 5), MINUTE, horizon=HORIZON) is None


# The mutant -----------------------------------------------------------------


def _standard_offset_segments(zone, lo, hi):
    """A wrong engine's view of a zone: its January offset all year."""
    winter = datetime(lo.year, 1, 15, tzinfo=UTC).astimezone(zone).utcoffset()
    return [(lo, hi, winter)]


def test_an_engine_that_ignores_daylight_saving_is_caught(monkeypatch):
    monkeypatch.setattr(bt, "segments", _standard_offset_segments)

    def wrong(problem) -> bool:
        case, start, span, _target, paused = problem
        got = bt.elapsed(case.engine(), start, start + span, pauses=paused)
        return got != oracle_elapsed(case, start, start + span, paused)

    found = find(
        problems(zones=DST_ZONES),
        wrong,
        settings=settings(
            derandomize=True,
            database=None,
            max_examples=200,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert found is not None


@pytest.mark.parametrize("zone", ZONES)
def test_the_engine_is_exact_over_a_whole_year_of_weekdays(zone):
    """One year of 8-5 weekdays with federal holidays: 250 days minus the
    holidays that fall on weekdays, times nine hours, in every zone."""
    federal = holidays.US(years=YEAR, observed=True)
    case = Case(zone=zone, hours=WEEKDAYS_8_TO_5, closed=frozenset(federal))
    start, end = at(zone, YEAR, 1, 1), at(zone, YEAR + 1, 1, 1)
    weekdays = sum(
        1
        for n in range(365)
        if (d := date(YEAR, 1, 1) + timedelta(days=n)).weekday() < 5 and d not in federal
    )
    assert bt.elapsed(case.engine(), start, end) == weekdays * timedelta(hours=9)
