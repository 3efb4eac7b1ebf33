"""How the SLA clocks read to people: "due in 35 min", "paused: waiting on
the practice", "met in 12 min". The same words for both sides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from django.conf import settings

from tandem.sla import clocks
from tandem.sla.choices import ClockKind, ClockState, Coverage
from tandem.sla.models import Breach, ClockEvent, SlaClock


def duration(value: timedelta) -> str:
    """35 min, 3 h 10 min, 2 d 4 h (rounded down to the minute)."""
    minutes = max(0, int(value.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def soon() -> timedelta:
    return timedelta(minutes=settings.SLA_SOON_MINUTES)


def countdown(due: datetime | None, paused: bool, now: datetime) -> tuple[str, str] | None:
    """(css class, words) for a list row; None when no clock counts."""
    if due is not None:
        left = due - now
        if left < timedelta(0):
            return "sla-late", f"Overdue {duration(-left)}"
        return ("sla-soon" if left <= soon() else "sla-ok"), f"Due in {duration(left)}"
    if paused:
        return "sla-paused", "Clock paused"
    return None


@dataclass(frozen=True)
class Line:
    label: Any
    words: str
    css: str
    detail: str
    breach: Breach | None = None  # a missed deadline the sweep recorded


def lines(request: Any, *, zone: tzinfo, now: datetime) -> list[Line]:
    """One line per clock of the request, the latest of each kind."""
    missed = {b.clock_id: b for b in Breach.objects.filter(request=request)}
    latest: dict[str, SlaClock] = {}
    for each in SlaClock.objects.filter(request=request).select_related("calendar").order_by("id"):
        latest[each.kind] = each
    out = []
    for kind in (ClockKind.FIRST_RESPONSE, ClockKind.NEXT_RESPONSE, ClockKind.RESOLUTION):
        clock = latest.get(kind)
        if clock is None:
            continue
        target = duration(timedelta(minutes=clock.target_minutes))
        cover = "around the clock" if clock.coverage == Coverage.ALWAYS else "in business hours"
        detail = f"Target {target} {cover}."
        if clock.state == ClockState.RUNNING and clock.deadline is not None:
            local = clock.deadline.astimezone(zone)
            css, words = countdown(clock.deadline, False, now) or ("", "")
            when = f"{words} ({local:%a %b %-d, %H:%M %Z})"
            out.append(Line(kind.label, when, css, detail, missed.get(clock.pk)))
        elif clock.state == ClockState.PAUSED:
            why = (
                ClockEvent.objects.filter(clock=clock, what="pause")
                .order_by("-id")
                .values_list("reason", flat=True)
                .first()
            )
            used = duration(clocks.elapsed(clock, now))
            out.append(Line(kind.label, f"Paused: {why or 'waiting'}", "sla-paused",
                            f"{detail} {used} used so far.", missed.get(clock.pk)))  # fmt: skip
        elif clock.state == ClockState.STOPPED:
            took = duration(clocks.elapsed(clock, now))
            if clock.met:
                out.append(Line(kind.label, f"Met in {took}", "sla-met", detail))
            else:
                out.append(
                    Line(
                        kind.label, f"Missed: took {took}", "sla-late", detail, missed.get(clock.pk)
                    )
                )
    return out
