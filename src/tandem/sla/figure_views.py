"""The SLA figures page and its CSV export: provider staff see the practices
they work for, a practice's people their own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from tandem.core.csv import stream_rows
from tandem.core.http import TandemRequest
from tandem.sla import figures

MONTH_CHOICES = (3, 6, 12, 24)


def _query(request: TandemRequest) -> dict[str, Any]:
    actor = request.actor
    practices = figures.practices_for(actor)
    slug = request.GET.get("practice", "")[:60]
    if actor.is_provider:
        chosen = get_object_or_404(practices, slug=slug) if slug else None
    else:
        # A practice's people read their own figures, whatever the address says.
        chosen = get_object_or_404(practices, pk=actor.organization_id)
    try:
        months = int(request.GET.get("months", "12"))
    except ValueError:
        months = 12
    months = months if months in MONTH_CHOICES else 12
    return {
        "practices": practices,
        "practice": chosen,
        "selected": [chosen] if chosen else list(practices),
        "months": months,
    }


@require_GET
@login_required
def figures_page(request: TandemRequest) -> HttpResponse:
    q = _query(request)
    return render(
        request,
        "sla/figures.html",
        {
            **q,
            "recent": figures.recent(q["selected"]),
            "monthly": figures.monthly(q["selected"], q["months"]) if q["practice"] else [],
            "month_choices": MONTH_CHOICES,
            "zone": figures.zone(),
            "days": figures.RECENT_DAYS,
        },
    )


@require_GET
@login_required
def figures_export(request: TandemRequest) -> HttpResponseBase:
    q = _query(request)
    rows = figures.export_rows(
        figures.recent(q["selected"]) + figures.monthly(q["selected"], q["months"])
    )
    figures.record_export(request.actor, q["selected"], len(rows))
    response = StreamingHttpResponse(
        stream_rows(figures.HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    name = f"service-levels{'-' + q['practice'].slug if q['practice'] else ''}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
