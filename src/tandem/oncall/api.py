"""On-call API (provider staff): the rotations with who is on call now,
a rotation's shifts, and covers (a lead puts anyone on call, anyone else
only themselves)."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from tandem.accounts.models import Person
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Text
from tandem.desk.api import actor
from tandem.oncall import queries, services
from tandem.oncall.models import Override, Rotation

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
