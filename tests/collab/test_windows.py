"""Change windows against clinic hours, each site in its own time zone:
overnight windows, daylight-saving changes, several zones, sites open 24/7."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from tandem.collab.windows import SiteTimes, check, clashes

WEEKDAYS = {d: (time(8), time(17)) for d in range(5)}
CHICAGO = SiteTimes("Main Street", ZoneInfo("America/Chicago"), WEEKDAYS)
NEW_YORK = SiteTimes("Harbor", ZoneInfo("America/New_York"), WEEKDAYS)
WARD = SiteTimes(
    "Ward",
    ZoneInfo("America/Chicago"),
    {},
    always_open=True,
    low_impact={6: (time(1), time(5))},  # Sundays 01:00-05:00
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_an_overnight_window_outside_hours_is_clear():
    # Tuesday Nov 10, 2026, 22:00 to Wednesday 06:00 in Chicago (CST, UTC-6).
    assert clashes(CHICAGO, utc(2026, 11, 11, 4), utc(2026, 11, 11, 12)) == []


def test_an_overnight_window_running_into_the_morning_clashes():
    # Tuesday 22:00 to Wednesday 08:30 Chicago: half an hour of clinic time.
    found = clashes(CHICAGO, utc(2026, 11, 11, 4), utc(2026, 11, 11, 14, 30))
    assert len(found) == 1
    assert "Wed Nov 11 08:00 to Wed Nov 11 17:00 America/Chicago" in found[0].text


def test_the_same_utc_hour_clashes_before_the_dst_change_and_not_after():
    """13:00-14:00 UTC is 08:00-09:00 in Chicago on Monday Oct 26, 2026 (CDT),
    but 07:00-08:00 on Monday Nov 2 (CST): clinic hours follow the local clock."""
    assert clashes(CHICAGO, utc(2026, 10, 26, 13), utc(2026, 10, 26, 14))
    assert clashes(CHICAGO, utc(2026, 11, 2, 13), utc(2026, 11, 2, 14)) == []


def test_a_window_across_the_night_of_the_dst_change():
    # Saturday Oct 31 22:00 CDT to Sunday Nov 1 06:00 CST: 9 hours, weekend, clear.
    assert clashes(CHICAGO, utc(2026, 11, 1, 3), utc(2026, 11, 1, 12)) == []


def test_several_time_zones_are_each_judged_locally():
    # Monday Nov 2, 12:30-13:30 UTC: 06:30-07:30 in Chicago (clear),
    # 07:30-08:30 in New York (its clinic opens at 08:00).
    found = check([CHICAGO, NEW_YORK], utc(2026, 11, 2, 12, 30), utc(2026, 11, 2, 13, 30))
    assert [c.site for c in found] == ["Harbor"]


def test_a_window_ending_as_the_clinic_opens_is_clear():
    assert clashes(CHICAGO, utc(2026, 11, 2, 12), utc(2026, 11, 2, 14)) == []  # 06:00-08:00


def test_a_site_open_around_the_clock_takes_changes_only_in_its_low_impact_windows():
    # Sunday Nov 8, 2026, 02:00-04:00 Chicago (08:00-10:00 UTC): inside 01:00-05:00.
    assert clashes(WARD, utc(2026, 11, 8, 8), utc(2026, 11, 8, 10)) == []
    # 04:00-06:00: runs past the window.
    assert clashes(WARD, utc(2026, 11, 8, 10), utc(2026, 11, 8, 12))
    # A weekday night, when an ordinary clinic is closed: the ward is not.
    assert clashes(WARD, utc(2026, 11, 11, 4), utc(2026, 11, 11, 6))


@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),
    minutes=st.integers(min_value=1, max_value=3 * 24 * 60),
)
def test_a_clash_is_found_exactly_when_some_open_minute_falls_in_the_window(start, minutes):
    """Against a brute-force walk minute by minute on the local clock."""
    from datetime import timedelta

    starts = start.replace(tzinfo=UTC, second=0, microsecond=0)
    ends = starts + timedelta(minutes=minutes)
    zone = CHICAGO.zone
    moment, open_minute = starts, False
    while moment < ends and not open_minute:
        local = moment.astimezone(zone)
        hours = WEEKDAYS.get(local.weekday())
        open_minute = bool(hours and hours[0] <= local.time() < hours[1])
        moment += timedelta(minutes=1)
    assert bool(clashes(CHICAGO, starts, ends)) == open_minute
