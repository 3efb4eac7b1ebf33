"""Does a change window touch a site while it is open?

Each site is judged in its own time zone, with the real offsets of the days
concerned (so a window across a daylight-saving change, or an overnight one,
is placed where the clinic's clock puts it). A site open around the clock is
disturbed by any window that does not lie wholly inside one of its declared
low-impact windows. Comparisons are made in UTC: Python compares two times of
the same ZoneInfo by wall clock, which is wrong across a DST change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_WINDOW = timedelta(days=7)
Weekly = Mapping[int, tuple[time, time]]  # weekday (Monday 0) -> (from, to)


@dataclass(frozen=True)
class SiteTimes:
    name: str
    zone: ZoneInfo
    hours: Weekly  # clinic hours; a missing weekday is closed
    always_open: bool = False
    low_impact: Weekly | None = None


@dataclass(frozen=True)
class Clash:
    site: str
    text: str

    def __str__(self) -> str:
        return f"{self.site} {self.text}"


def _intervals(
    weekly: Weekly, zone: ZoneInfo, first: date, last: date
) -> Iterator[tuple[datetime, datetime]]:
    """Each weekly interval between two local dates, as UTC instants."""
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        if day.weekday() in weekly:
            opens, closes = weekly[day.weekday()]
            yield (
                datetime.combine(day, opens, tzinfo=zone).astimezone(UTC),
                datetime.combine(day, closes, tzinfo=zone).astimezone(UTC),
            )


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%a %b %-d %H:%M}"


def _span(a: datetime, b: datetime, zone: ZoneInfo) -> str:
    return f"{_local(a, zone)} to {_local(b, zone)} {zone.key}"


def clashes(site: SiteTimes, starts: datetime, ends: datetime) -> list[Clash]:
    """Where the window [starts, ends) meets the site's open time."""
    starts, ends = starts.astimezone(UTC), ends.astimezone(UTC)
    zone = site.zone
    first = starts.astimezone(zone).date() - timedelta(days=1)
    last = ends.astimezone(zone).date() + timedelta(days=1)
    if site.always_open:
        windows = list(_intervals(site.low_impact or {}, zone, first, last))
        if any(a <= starts and ends <= b for a, b in windows):
            return []
        return [
            Clash(
                site.name,
                "is open around the clock, and the window "
                f"({_span(starts, ends, zone)}) is not inside one of its low-impact windows.",
            )
        ]
    return [
        Clash(
            site.name,
            f"is open {_span(a, b, zone)}; the window is {_span(starts, ends, zone)} there.",
        )
        for a, b in _intervals(site.hours, zone, first, last)
        if a < ends and starts < b
    ]


def check(sites: list[SiteTimes], starts: datetime, ends: datetime) -> list[Clash]:
    out: list[Clash] = []
    for site in sites:
        out += clashes(site, starts, ends)
    return out
