"""API: rating a resolved request (the requester who was asked, once) and the
satisfaction results (provider staff)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Text
from tandem.desk import permissions, queries, satisfaction
from tandem.desk.models import Survey

READ = scoped("desk:read")
WRITE = scoped("desk:write")
router = Router(tags=["satisfaction"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Ref = Annotated[str, StringConstraints(pattern=r"^T-[1-9][0-9]{0,17}$")]


class RatingIn(ObjectIn):
    rating: int = Field(ge=1, le=5, description="1 (very poor) to 5 (excellent)")
    comment: Text(satisfaction.MAX_COMMENT) = ""  # type: ignore[valid-type]


class RatingOut(Schema):
    request: str
    rating: int
    comment: str
    answered_at: datetime

    @staticmethod
    def resolve_request(survey: Survey) -> str:
        return survey.request.reference


class ResultRow(Schema):
    label: str
    sent: int = Field(description="requesters asked")
    answered: int
    response_rate: float = Field(description="answered / sent, 0 to 1")
    average: float | None = Field(description="average rating of the answers")


class ResultsOut(Schema):
    days: int
    practices: list[ResultRow]
    technicians: list[ResultRow]


class ResultsQuery(Schema):
    days: int = Field(90, ge=1, le=3660, description="the period: the last this many days")


@router.post(
    "/requests/{ref}/rating",
    auth=WRITE,
    response={201: RatingOut, **ERRORS},
    summary="Rate a resolved request (the requester who was asked; once)",
)
def rate(request: HttpRequest, ref: Ref, payload: RatingIn) -> Status[Survey]:
    actor = request.actor  # type: ignore[attr-defined]
    item = queries.request_for(actor, ref)
    survey = Survey.objects.filter(request=item, person_id=actor.person_id).first()
    if survey is None or actor.person_id is None:
        raise PermissionDenied("You were not asked to rate this request.")
    done = satisfaction.answer(
        survey=survey, rating=payload.rating, comment=payload.comment, via="api", actor=actor
    )
    return Status(201, done)


@router.get("/satisfaction", auth=READ, response={200: ResultsOut, **ERRORS})
def results(request: HttpRequest, query: Query[ResultsQuery]) -> dict[str, object]:
    actor = request.actor  # type: ignore[attr-defined]
    if not permissions.works_the_desk(actor):
        raise PermissionDenied("Satisfaction results are for the provider's staff.")
    found = satisfaction.results(actor, days=query.days)
    return {
        "days": query.days,
        **{
            key: [
                {
                    "label": r.label,
                    "sent": r.sent,
                    "answered": r.answered,
                    "response_rate": round(r.response_rate, 4),
                    "average": round(r.average, 2) if r.average is not None else None,
                }
                for r in rows
            ]
            for key, rows in found.items()
        },
    }
