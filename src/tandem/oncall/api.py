"""On-call API (provider staff): the rotations with who is on call now,
a rotation's shifts, covers (a lead puts anyone on call, anyone else only
themselves), the escalation policies, and pages with their acknowledgement."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from tandem.accounts.models import Person
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Text
from tandem.core.exceptions import Conflict
from tandem.desk.api import actor
from tandem.oncall import paging, queries, services
from tandem.oncall.models import (
    EscalationLevel,
    EscalationPolicy,
    OnCallPage,
    Override,
    PageAttempt,
    PageStatus,
    Rotation,
)

READ = scoped("desk:read")
WRITE = scoped("desk:write")
router = Router(tags=["on call"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PersonRef(Schema):
    id: UUID = Field(alias="uuid")
    full_name: str


class RotationOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    time_zone: str
    handoff_time: str = Field(description="HH:MM in the rotation's time zone")
    period_days: int = Field(description="1: hands off every day, 7: every week")
    starts_on: str
    members: list[PersonRef] = Field(description="in turn order")
    on_call_now: PersonRef | None

    @staticmethod
    def resolve_handoff_time(rotation: Rotation) -> str:
        return f"{rotation.handoff_time:%H:%M}"

    @staticmethod
    def resolve_starts_on(rotation: Rotation) -> str:
        return rotation.starts_on.isoformat()

    @staticmethod
    def resolve_members(rotation: Rotation) -> list[Person]:
        return [m.person for m in rotation.members.all()]

    @staticmethod
    def resolve_on_call_now(rotation: Rotation) -> Person | None:
        return queries.on_call_now(rotation)


class ShiftOut(Schema):
    start: datetime
    end: datetime
    person: PersonRef
    covering: bool = Field(description="a cover, not the rotation's own turn")


class ShiftQuery(Schema):
    days: int = Field(14, ge=1, le=90, description="from now, this many days ahead")


class CoverIn(ObjectIn):
    person: UUID = Field(description="provider staff; yourself unless you are a lead")
    starts_at: datetime
    ends_at: datetime
    reason: Text(200, 1)  # type: ignore[valid-type]


class CoverOut(Schema):
    id: UUID = Field(alias="uuid")
    person: PersonRef
    starts_at: datetime
    ends_at: datetime
    reason: str


def _staff(request: HttpRequest) -> None:
    if not actor(request).is_provider:
        raise PermissionDenied("On call is the provider's.")


def _rotation(uuid: UUID) -> Rotation:
    found = Rotation.objects.prefetch_related("members__person").filter(uuid=uuid).first()
    if found is None:
        raise Http404("No such rotation.")
    return found


@router.get("/oncall/rotations", auth=READ, response={200: list[RotationOut], **ERRORS})
def rotation_list(request: HttpRequest) -> list[Rotation]:
    """Every rotation, with its members in turn order and who is on call now."""
    _staff(request)
    return list(queries.rotations())


@router.get("/oncall/rotations/{uuid}/shifts", auth=READ, response={200: list[ShiftOut], **ERRORS})
def rotation_shifts(
    request: HttpRequest, uuid: UUID, query: Query[ShiftQuery]
) -> list[dict[str, object]]:
    """Who is on call from now on, covers laid over the rotation's turns."""
    _staff(request)
    rotation = _rotation(uuid)
    now = timezone.now()
    return [
        {"start": t.start, "end": t.end, "person": t.person, "covering": t.covering}
        for t in queries.turns_of(rotation, now, now + timedelta(days=query.days))
    ]


@router.post("/oncall/rotations/{uuid}/overrides", auth=WRITE, response={201: CoverOut, **ERRORS})
def cover_create(request: HttpRequest, uuid: UUID, payload: CoverIn) -> Status[Override]:
    """Put someone on call for a while (yourself; a lead: anyone)."""
    _staff(request)
    rotation = _rotation(uuid)
    person = Person.objects.filter(uuid=payload.person, organization__kind="provider").first()
    if person is None:
        raise Http404("No such member of staff.")
    return Status(
        201,
        services.add_override(
            actor=actor(request),
            rotation=rotation,
            person=person,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            reason=payload.reason,
        ),
    )


@router.delete("/oncall/overrides/{uuid}", auth=WRITE, response={204: None, **ERRORS})
def cover_delete(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Remove a cover (a lead, whoever made it, or whoever it puts on call)."""
    _staff(request)
    found = Override.objects.select_related("rotation", "person").filter(uuid=uuid).first()
    if found is None:
        raise Http404("No such cover.")
    services.remove_override(actor=actor(request), override=found)
    return HttpResponse(status=204)


class LevelOut(Schema):
    rotation: str | None = Field(description="the rotation whose person on call is paged")
    person: PersonRef | None
    delay_minutes: int = Field(description="time to acknowledge before the next level")

    @staticmethod
    def resolve_rotation(level: EscalationLevel) -> str | None:
        return level.rotation.name if level.rotation else None


class PolicyOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    priorities: list[int]
    out_of_hours: bool = Field(description="pages when such a request is raised out of hours")
    on_breach: bool = Field(description="pages when such a request misses an SLA deadline")
    repeats: int = Field(description="times the levels run again if nobody acknowledges")
    levels: list[LevelOut]

    @staticmethod
    def resolve_levels(policy: EscalationPolicy) -> list[EscalationLevel]:
        return list(policy.levels.all())


class AttemptOut(Schema):
    person: PersonRef
    level: int = Field(description="1 is the first level")
    round: int
    paged_at: datetime

    @staticmethod
    def resolve_level(attempt: PageAttempt) -> int:
        return attempt.level + 1

    @staticmethod
    def resolve_round(attempt: PageAttempt) -> int:
        return attempt.round + 1


class PageOut(Schema):
    id: UUID = Field(alias="uuid")
    request: str = Field(description="the request's reference")
    practice: str
    reason: str
    status: str
    policy: str
    created_at: datetime
    next_at: datetime | None = Field(description="when the next level is paged, if open")
    acknowledged_at: datetime | None
    acknowledged_by: PersonRef | None
    attempts: list[AttemptOut]

    @staticmethod
    def resolve_request(page: OnCallPage) -> str:
        return page.request.reference

    @staticmethod
    def resolve_practice(page: OnCallPage) -> str:
        return page.request.organization.name

    @staticmethod
    def resolve_policy(page: OnCallPage) -> str:
        return page.policy.name

    @staticmethod
    def resolve_attempts(page: OnCallPage) -> list[PageAttempt]:
        return list(page.attempts.all())


class PageQuery(Schema):
    status: PageStatus | None = None


@router.get("/oncall/policies", auth=READ, response={200: list[PolicyOut], **ERRORS})
def policy_list(request: HttpRequest) -> list[EscalationPolicy]:
    """The escalation policies, each with its levels in order."""
    _staff(request)
    return list(
        EscalationPolicy.objects.prefetch_related("levels__rotation", "levels__person").order_by(
            "name"
        )
    )


def _pages(request: HttpRequest) -> QuerySet[OnCallPage]:
    return queries.pages_for(actor(request)).prefetch_related("attempts__person")


@router.get("/oncall/pages", auth=READ, response={200: list[PageOut], **ERRORS})
def page_list(request: HttpRequest, query: Query[PageQuery]) -> list[OnCallPage]:
    """The latest 100 pages of the practices you see, newest first."""
    _staff(request)
    pages = _pages(request)
    if query.status:
        pages = pages.filter(status=query.status)
    return list(pages[:100])


@router.post(
    "/oncall/pages/{uuid}/acknowledgement",
    auth=WRITE,
    response={200: PageOut, 409: ErrorOut, **ERRORS},
)
def page_acknowledge(request: HttpRequest, uuid: UUID) -> OnCallPage:
    """Acknowledge a page: the escalation stops and the request says you are
    on it. Acknowledging a page that is already over changes nothing (409)."""
    _staff(request)
    found = _pages(request).filter(uuid=uuid).first()
    if found is None:
        raise Http404("No such page.")
    who = actor(request)
    if not paging.can_acknowledge(who, found):
        raise PermissionDenied("You cannot acknowledge this page.")
    person = Person.objects.get(pk=who.person_id or 0)
    if not paging.acknowledge(page=found, person=person, via="api"):
        raise Conflict("This page was already acknowledged or is over.")
    return _pages(request).get(pk=found.pk)
