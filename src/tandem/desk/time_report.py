"""The time report: the minutes recorded on replies, internal notes and logged
calls (each such message is a time entry), per practice, technician and
month, in the reader's time zone. Provider staff only."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet, Sum

from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.desk import permissions
from tandem.desk.models import RequestMessage

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(value: str, today: date) -> date:
    """`2026-11` → the first of that month; empty → this month."""
    if not value:
        return today.replace(day=1)
    match = MONTH.match(value.strip())
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError({"month": "Give a month as YYYY-MM, for example 2026-11."})
    return date(int(match.group(1)), int(match.group(2)), 1)


def bounds(month: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The month's first and last instants (exclusive end) in `zone`."""
    days = calendar.monthrange(month.year, month.month)[1]
    start = datetime.combine(month, time.min, tzinfo=zone)
    end = datetime.combine(month + timedelta(days=days), time.min, tzinfo=zone)
    return start, end


def entries(
    actor: Actor, month: date, zone: ZoneInfo, *, organization_id: int | None = None
) -> QuerySet[RequestMessage]:
    """The month's time entries the actor may read, oldest first."""
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    start, end = bounds(month, zone)
    qs = actor.scope(RequestMessage.objects.all()).filter(
        time_spent_minutes__gt=0, created_at__gte=start, created_at__lt=end
    )
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    return qs.order_by("created_at", "id")


@dataclass
class Line:
    practice: str
    technician: str
    minutes: int

    @property
    def hours(self) -> str:
        return f"{self.minutes // 60}:{self.minutes % 60:02d}"


def summary(
    actor: Actor, month: date, zone: ZoneInfo, *, organization_id: int | None = None
) -> list[Line]:
    """Minutes per practice and technician for the month."""
    rows = (
        entries(actor, month, zone, organization_id=organization_id)
        .values("organization__name", "author_label")
        .annotate(minutes=Sum("time_spent_minutes"))
        .order_by("organization__name", "author_label")
    )
    return [Line(r["organization__name"], r["author_label"], r["minutes"] or 0) for r in rows]


def export_rows(
    actor: Actor, month: date, zone: ZoneInfo, *, organization_id: int | None = None
) -> list[tuple[Any, ...]]:
    qs = entries(actor, month, zone, organization_id=organization_id).select_related(
        "request", "organization"
    )
    return [
        (
            f"{month:%Y-%m}",
            m.organization.name,
            m.author_label,
            m.request.reference,
            m.request.subject,
            m.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            m.get_kind_display(),
            m.channel,
            m.time_spent_minutes,
        )
        for m in qs
    ]


HEADER = [
    "month",
    "practice",
    "technician",
    "request",
    "subject",
    "when",
    "kind",
    "channel",
    "minutes",
]


def record_export(actor: Actor, month: date, rows: int, scope_label: str) -> None:
    if actor.organization_id is None:
        raise PermissionDenied
    audit.record(
        actor=actor,
        verb="time_report.export",
        organization_id=actor.organization_id,
        target_label=f"time report {month:%Y-%m} ({scope_label})",
        changes={"rows": [None, rows]},
    )
