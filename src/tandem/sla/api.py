"""API: the SLA of a request (its clocks and missed deadlines, both sides)
and a provider lead's explanation of a miss."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Slug, Text
from tandem.desk import queries
from tandem.desk.api import Ref, actor
from tandem.sla import breaches, clocks, figures
from tandem.sla.models import Breach, SlaClock

READ = scoped("desk:read")
WRITE = scoped("desk:write")
router = Router(tags=["service levels"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ClockOut(Schema):
    kind: str = Field(description="first_response, next_response or resolution")
    state: str = Field(description="running, paused or stopped")
    coverage: str = Field(description="business (the contract's calendar) or 24x7")
    target_minutes: int
    started_at: datetime
    deadline: datetime | None = Field(description="while it runs")
    stopped_at: datetime | None
    met: bool | None = Field(description="stopped within the target; null while it counts")
    elapsed_minutes: int = Field(description="covered time counted so far")

    @staticmethod
    def resolve_elapsed_minutes(clock: SlaClock) -> int:
        return int(clocks.elapsed(clock, timezone.now()).total_seconds() // 60)


class BreachOut(Schema):
    id: UUID = Field(alias="uuid")
    kind: str
    deadline: datetime
    recorded_at: datetime
    explanation: str = Field(alias="annotation", description="the provider's words on why")
    explained_at: datetime | None = Field(alias="annotated_at")


class SlaOut(Schema):
    clocks: list[ClockOut]
    breaches: list[BreachOut]


class ExplanationIn(ObjectIn):
    text: Text(breaches.MAX_EXPLANATION, 1)  # type: ignore[valid-type]


@router.get("/requests/{ref}/sla", auth=READ, response={200: SlaOut, **ERRORS})
def request_sla(request: HttpRequest, ref: Ref) -> dict[str, object]:
    """Every clock of the request, oldest first, and its missed deadlines."""
    item = queries.request_for(actor(request), ref)
    return {
        "clocks": list(
            SlaClock.objects.filter(request=item).select_related("calendar").order_by("id")
        ),
        "breaches": list(breaches.for_request(item)),
    }


@router.post(
    "/requests/{ref}/sla/breaches/{uuid}/explanation",
    auth=WRITE,
    response={200: BreachOut, **ERRORS},
    summary="Explain a missed deadline to the practice (provider admins and service managers)",
)
def breach_explain(request: HttpRequest, ref: Ref, uuid: UUID, payload: ExplanationIn) -> Breach:
    a = actor(request)
    item = queries.request_for(a, ref)
    found = breaches.for_request(item).filter(uuid=uuid).first()
    if found is None:
        raise Http404("No such missed deadline on this request.")
    return breaches.explain(actor=a, breach=found, text=payload.text)


class FigureOut(Schema):
    practice: str = Field(description="the practice's slug")
    period: str = Field(description='"30d" for the last 30 days, or a month as YYYY-MM')
    priority: int
    promises: int = Field(description="promises whose outcome became known in the period")
    kept: int
    missed: int
    attainment_percent: float | None = Field(description="kept / promises; null when none")
    first_responses: int
    median_first_response_minutes: int | None = Field(
        description="covered minutes (the contract's hours)"
    )
    median_first_response_wall_minutes: int | None


class FiguresQuery(Schema):
    practice: Slug() | None = Field(  # type: ignore[valid-type]
        None, description="a practice's slug; every practice you see if left out"
    )
    months: int = Field(0, ge=0, le=figures.MAX_MONTHS, description="0: the last 30 days")


def _figure(f: figures.Figure) -> dict[str, object]:
    return {
        "practice": f.practice.slug,
        "period": f.period,
        "priority": f.priority,
        "promises": f.promises,
        "kept": f.kept,
        "missed": f.missed,
        "attainment_percent": f.attainment,
        "first_responses": f.first_responses,
        "median_first_response_minutes": f.median_first_response,
        "median_first_response_wall_minutes": f.median_first_response_wall,
    }


@router.get(
    "/sla/figures",
    auth=READ,
    response={200: list[FigureOut], **ERRORS},
    summary="SLA attainment and median first response, per practice and priority",
)
def sla_figures(request: HttpRequest, query: Query[FiguresQuery]) -> list[dict[str, object]]:
    """The last 30 days (`months=0`), or per calendar month for the last
    `months` months. A practice's people read their own practice only."""
    practices = figures.practices_for(actor(request))
    practice, months = query.practice, query.months
    if practice:
        chosen = practices.filter(slug=practice).first()
        if chosen is None:
            raise Http404("No such practice.")
        selected = [chosen]
    else:
        selected = list(practices)
    found = figures.monthly(selected, months) if months else figures.recent(selected)
    return [_figure(f) for f in found]
