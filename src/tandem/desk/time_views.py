"""The time report page and its CSV export (provider staff)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tandem.accounts import queries as accounts
from tandem.accounts.models import Person
from tandem.core.csv import stream_rows
from tandem.core.http import TandemRequest
from tandem.desk import permissions, time_report


def _query(request: TandemRequest) -> dict[str, Any]:
    actor = request.actor
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    reader = request.user
    zone = reader.zone() if isinstance(reader, Person) else timezone.get_current_timezone()
    today = timezone.now().astimezone(zone).date()
    error = ""
    try:
        month = time_report.parse_month(request.GET.get("month", "")[:20], today)
    except ValidationError as exc:
        error = exc.message_dict["month"][0]
        month = today.replace(day=1)
    slug = request.GET.get("client", "")[:60]
    client = accounts.organization_for(actor, slug) if slug else None
    return {
        "actor": actor,
        "zone": zone,
        "month": month,
        "client": client,
        "error": error,
        "organization_id": client.pk if client else None,
    }


@require_GET
@login_required
def time_report_page(request: TandemRequest) -> HttpResponse:
    q = _query(request)
    lines = time_report.summary(
        q["actor"], q["month"], q["zone"], organization_id=q["organization_id"]
    )
    return render(
        request,
        "desk/time_report.html",
        {
            "lines": lines,
            "total": sum(line.minutes for line in lines),
            "month": q["month"],
            "client": q["client"],
            "clients": accounts.visible_clients(q["actor"]).only("name", "slug"),
            "error": q["error"],
        },
        status=422 if q["error"] else 200,
    )


@require_GET
@login_required
def time_report_export(request: TandemRequest) -> HttpResponseBase:
    q = _query(request)
    if q["error"]:
        return HttpResponse(q["error"], status=422, content_type="text/plain; charset=utf-8")
    rows = time_report.export_rows(
        q["actor"], q["month"], q["zone"], organization_id=q["organization_id"]
    )
    time_report.record_export(
        q["actor"],
        q["month"],
        len(rows),
        q["client"].name if q["client"] else "all practices",
    )
    response = StreamingHttpResponse(
        stream_rows(time_report.HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    name = f"time-{q['month']:%Y-%m}{'-' + q['client'].slug if q['client'] else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
