"""Where a request stands, in plain words, for the person reading it:
"Dana picked this up 4 minutes after you wrote", "Waiting for your answer
since Tuesday". Times are told in the reader's time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from tandem.desk.choices import Status
from tandem.desk.models import RequestMessage, ServiceRequest


def span(delta: timedelta) -> str:
    """4 minutes, 2 hours 5 minutes, 3 days: as a person would say it."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 1:
        return "less than a minute"
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        text = f"{hours} hour{'s' if hours != 1 else ''}"
        return f"{text} {rest} minute{'s' if rest != 1 else ''}" if rest and hours < 3 else text
    days = hours // 24
    return f"{days} day{'s' if days != 1 else ''}"


def when(moment: datetime, *, now: datetime, tz: ZoneInfo) -> str:
    """today at 08:12, yesterday at 17:02, on Tuesday, on Nov 3."""
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    days = (today - local.date()).days
    if days == 0:
        return f"today at {local:%H:%M}"
    if days == 1:
        return f"yesterday at {local:%H:%M}"
    if 1 < days < 7:
        return f"on {local:%A}"
    return f"on {local:%b} {local.day}"


def story(
    item: ServiceRequest,
    first: RequestMessage | None,
    *,
    reader_id: int | None,
    staff: bool,
    tz: ZoneInfo,
    promise: str | None = None,
    now: datetime | None = None,
) -> list[str]:
    now = now or timezone.now()
    mine = reader_id is not None and item.requester_id == reader_id
    raiser = "you" if mine else (item.requester.full_name if item.requester else "the practice")
    wrote = f"{raiser} wrote" if item.channel != "phone" else f"{raiser} called"
    lines = [f"{wrote[0].upper()}{wrote[1:]} {when(item.created_at, now=now, tz=tz)}."]
    if item.picked_up_at:
        who = item.assignee.full_name if item.assignee else "Someone"
        lines.append(
            f"{who} picked this up {span(item.picked_up_at - item.created_at)} after {wrote}."
        )
    if first is not None:
        lines.append(
            f"{first.author_label} answered {span(first.created_at - item.created_at)} "
            f"after {wrote}."
        )
    since = when(item.status_changed_at, now=now, tz=tz)
    if item.status == Status.NEW and not item.picked_up_at and first is None:
        waiting = f"Not picked up yet ({span(now - item.created_at)} so far)."
        if promise and not staff:
            waiting += f" {promise[0].upper()}{promise[1:]}."
        lines.append(waiting)
    elif item.status == Status.WAITING_CLIENT:
        whose = "the practice's" if staff else "your"
        lines.append(f"Waiting for {whose} answer since {since}.")
    elif item.status == Status.WAITING_THIRD_PARTY:
        lines.append(f"Waiting on a third party (a vendor or a carrier) since {since}.")
    elif item.status == Status.RESOLVED and item.resolved_at:
        until = (item.resolved_at + timedelta(days=settings.DESK_REOPEN_DAYS)).astimezone(tz)
        lines.append(
            f"Resolved {when(item.resolved_at, now=now, tz=tz)}. "
            f"A reply until {until:%b} {until.day} reopens it."
        )
    elif item.status == Status.CLOSED and item.closed_at:
        lines.append(
            f"Closed {when(item.closed_at, now=now, tz=tz)}. Writing here opens a new request."
        )
    elif item.status in {Status.OPEN, Status.NEW} and item.assignee:
        lines.append(f"{item.assignee.full_name} is working on it.")
    return lines
