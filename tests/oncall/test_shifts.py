"""The on-call arithmetic: turns hand off at a wall-clock time in the
rotation's zone (23- and 25-hour shifts around daylight-saving changes, a
hand-off in the spring-forward gap happening when the clocks have moved on),
weekly turns, overrides that cover and swap, the last made winning; and
every instant of a random week agrees between `on_call` and `shifts`."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.oncall.shifts import Cover, Schedule, Shift, on_call, shifts, turn_at, turns

NY = ZoneInfo("America/New_York")
DAILY = Schedule("America/New_York", time(9), 1, date(2026, 3, 1), (1, 2, 3))


def ny(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=NY, fold=fold)


def test_daily_turns_go_round_the_members_at_the_local_hand_off():
    assert on_call(DAILY, [], ny(2026, 3, 1, 9, 0)) == 1
    assert on_call(DAILY, [], ny(2026, 3, 2, 8, 59)) == 1
    assert on_call(DAILY, [], ny(2026, 3, 2, 9, 0)) == 2
    assert on_call(DAILY, [], ny(2026, 3, 4, 12, 0)) == 1
    # Before the anchor the order runs backwards: Feb 28 is the third member's turn.
    assert on_call(DAILY, [], ny(2026, 2, 28, 10, 0)) == 3


def test_the_shift_across_spring_forward_is_23_hours_and_across_fall_back_25():
    _turn, start, end = turn_at(DAILY, ny(2026, 3, 8, 1, 0))  # DST begins Mar 8, 02:00
    assert (start, end) == (ny(2026, 3, 7, 9, 0), ny(2026, 3, 8, 9, 0))
    assert end - start == timedelta(hours=23)
    _turn, start, end = turn_at(DAILY, ny(2026, 10, 31, 12, 0))  # DST ends Nov 1, 02:00
    assert end - start == timedelta(hours=25)


def test_a_hand_off_inside_the_spring_forward_gap_happens_when_clocks_moved_on():
    night = Schedule("America/New_York", time(2, 30), 1, date(2026, 3, 1), (1, 2))
    _turn, start, _end = turn_at(night, ny(2026, 3, 8, 12, 0))
    assert start.astimezone(NY).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 30)
    # And in the repeated hour the first 01:30 is the hand-off.
    repeat = Schedule("America/New_York", time(1, 30), 1, date(2026, 10, 1), (1, 2))
    _turn, start, _end = turn_at(repeat, ny(2026, 11, 1, 12, 0))
    assert start.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_weekly_turns_hand_off_on_the_anchor_weekday():
    weekly = Schedule("America/Chicago", time(8), 7, date(2026, 11, 2), (7, 8))  # a Monday
    chicago = ZoneInfo("America/Chicago")
    assert on_call(weekly, [], datetime(2026, 11, 8, 23, 0, tzinfo=chicago)) == 7  # Sunday
    assert on_call(weekly, [], datetime(2026, 11, 9, 8, 0, tzinfo=chicago)) == 8
    assert on_call(weekly, [], datetime(2026, 11, 16, 7, 59, tzinfo=chicago)) == 8
    assert on_call(weekly, [], datetime(2026, 11, 16, 8, 0, tzinfo=chicago)) == 7


def test_an_override_covers_and_the_last_made_wins_where_two_overlap():
    covers = [
        Cover(ny(2026, 3, 2, 12), ny(2026, 3, 2, 18), person=9, order=1),
        Cover(ny(2026, 3, 2, 16), ny(2026, 3, 2, 20), person=8, order=2),
    ]
    day = shifts(DAILY, covers, ny(2026, 3, 2, 9), ny(2026, 3, 3, 9))
    assert day == [
        Shift(ny(2026, 3, 2, 9), ny(2026, 3, 2, 12), 2),
        Shift(ny(2026, 3, 2, 12), ny(2026, 3, 2, 16), 9, True),
        Shift(ny(2026, 3, 2, 16), ny(2026, 3, 2, 20), 8, True),
        Shift(ny(2026, 3, 2, 20), ny(2026, 3, 3, 9), 2),
    ]
    assert on_call(DAILY, covers, ny(2026, 3, 2, 17)) == 8


def test_a_swap_is_two_covers():
    # Members 1 and 2 swap Mar 1 and Mar 2.
    swap = [
        Cover(ny(2026, 3, 1, 9), ny(2026, 3, 2, 9), person=2, order=1),
        Cover(ny(2026, 3, 2, 9), ny(2026, 3, 3, 9), person=1, order=2),
    ]
    got = [
        (s.person, s.covering) for s in shifts(DAILY, swap, ny(2026, 3, 1, 9), ny(2026, 3, 4, 9))
    ]
    assert got == [(2, True), (1, True), (3, False)]


def test_no_members_means_nobody():
    empty = Schedule("America/New_York", time(9), 1, date(2026, 3, 1), ())
    assert on_call(empty, [], ny(2026, 3, 2, 10)) is None
    assert turns(empty, ny(2026, 3, 1), ny(2026, 3, 5)) == []


zones = st.sampled_from(
    ["America/New_York", "America/Chicago", "America/Phoenix", "Pacific/Honolulu"]
)


@settings(max_examples=60, deadline=None)
@given(
    zone=zones,
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 30]),
    period=st.sampled_from([1, 7]),
    size=st.integers(1, 4),
    start_day=st.dates(date(2026, 1, 1), date(2026, 12, 20)),
    cover_spec=st.lists(
        st.tuples(st.integers(0, 7 * 24 * 4), st.integers(1, 48), st.integers(50, 52)), max_size=3
    ),
)
def test_shifts_and_on_call_agree_at_every_quarter_hour(
    zone, hour, minute, period, size, start_day, cover_spec
):
    schedule = Schedule(
        zone, time(hour, minute), period, date(2026, 6, 1), tuple(range(1, size + 1))
    )
    begin = datetime.combine(start_day, time(0), tzinfo=UTC)
    end = begin + timedelta(days=7)
    covers = [
        Cover(begin + timedelta(minutes=15 * q), begin + timedelta(minutes=15 * q + 30 * h), p, i)
        for i, (q, h, p) in enumerate(cover_spec)
    ]
    laid = shifts(schedule, covers, begin, end)
    # The pieces tile the week without gaps or overlaps.
    assert laid[0].start == begin
    assert laid[-1].end == end
    assert all(a.end == b.start for a, b in itertools.pairwise(laid))
    at = begin
    while at < end:
        holder = next(s for s in laid if s.start <= at < s.end)
        assert holder.person == on_call(schedule, covers, at), at
        at += timedelta(minutes=15)
