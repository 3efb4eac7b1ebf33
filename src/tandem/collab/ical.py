"""Change windows as an iCalendar feed (RFC 5545), for calendar apps."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from tandem.collab.models import ChangeRequest


def render(rows: list[ChangeRequest], *, name: str, now: datetime, base: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tandem//Changes//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for change in rows:
        event = icalendar.Event()
        # Stable across reads: calendar apps update the event when the window moves.
        event.add("uid", f"{change.uuid}@tandem")
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", change.starts_at.astimezone(UTC))
        event.add("dtend", change.ends_at.astimezone(UTC))
        event.add("summary", f"{change.reference} {change.title} ({change.organization.name})")
        sites = ", ".join(s.name for s in change.sites.all())
        event.add(
            "description",
            f"{change.get_status_display()}. Risk: {change.get_risk_display()}. Sites: {sites}.",
        )
        event.add("status", "TENTATIVE" if change.status == "submitted" else "CONFIRMED")
        event.add("url", f"{base.rstrip('/')}/changes/{change.uuid}/")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
