"""On-call shifts as an iCalendar feed (RFC 5545), for calendar apps."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from tandem.oncall.queries import Turn


def render(turns: list[Turn], name: str, now: datetime) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tandem//On-call//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for turn in turns:
        event = icalendar.Event()
        # Stable across reads, so calendar apps update a shift rather than duplicate it.
        event.add("uid", f"{turn.rotation.uuid}-{turn.start:%Y%m%dT%H%M%SZ}@tandem")
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", turn.start.astimezone(UTC))
        event.add("dtend", turn.end.astimezone(UTC))
        what = "covering" if turn.covering else "on call"
        event.add("summary", f"{turn.person.full_name} {what}: {turn.rotation.name}")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
