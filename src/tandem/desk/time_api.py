"""API: the time report (provider staff)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from tandem.accounts import queries as accounts
from tandem.accounts.models import Person
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, Slug
from tandem.desk import permissions, time_report

READ = scoped("desk:read")
router = Router(tags=["time"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class TimeQuery(Schema):
    month: str = Field("", max_length=7, description="YYYY-MM; this month when left out")
    organization: Slug() | None = None  # type: ignore[valid-type]


class TimeLine(Schema):
    practice: str
    technician: str
    minutes: int


class TimeReportOut(Schema):
    month: str
    time_zone: str = Field(description="months are counted in the caller's time zone")
    lines: list[TimeLine]
    total_minutes: int


@router.get("/time-report", auth=READ, response={200: TimeReportOut, **ERRORS})
def report(request: HttpRequest, query: Query[TimeQuery]) -> dict[str, object]:
    actor = request.actor  # type: ignore[attr-defined]
    if not permissions.works_the_desk(actor):
        raise PermissionDenied("The time report is for the provider's staff.")
    person = Person.objects.filter(pk=actor.person_id).first()
    zone = person.zone() if person else timezone.get_current_timezone()
    month = time_report.parse_month(query.month, timezone.now().astimezone(zone).date())
    client = accounts.organization_for(actor, query.organization) if query.organization else None
    lines = time_report.summary(actor, month, zone, organization_id=client.pk if client else None)
    return {
        "month": f"{month:%Y-%m}",
        "time_zone": str(zone),
        "lines": [vars(line) for line in lines],
        "total_minutes": sum(line.minutes for line in lines),
    }
