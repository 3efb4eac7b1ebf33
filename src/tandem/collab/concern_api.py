"""API: the concerns register. Who sees a concern is narrower than the
tenancy rule (collab.concerns.visible): others get 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tandem.accounts.models import Organization, Person
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Text, page_of
from tandem.collab import concerns, queries
from tandem.collab.models import Concern, ConcernAbout, ConcernEntry, ConcernStatus

READ = scoped("collab:read")
WRITE = scoped("collab:write")
router = Router(tags=["concerns"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
LONG = concerns.MAX_TEXT


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


class EntryOut(Schema):
    kind: ConcernEntry.Kind
    author: str | None
    text: str
    at: datetime

    @staticmethod
    def resolve_author(e: ConcernEntry) -> str | None:
        return e.author.full_name if e.author_id else None  # type: ignore[union-attr]


class ConcernOut(Schema):
    id: UUID = Field(alias="uuid")
    reference: str = Field(description="CN-1001")
    practice: str = Field(alias="organization.slug")
    title: str
    description: str
    about: ConcernAbout
    about_person: UUID | None
    strength: int = Field(description="1 (a little) to 5 (very strongly)")
    restricted: bool
    status: ConcernStatus
    ack_due_at: datetime
    acknowledged_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    escalated_at: datetime | None

    @staticmethod
    def resolve_about_person(c: Concern) -> UUID | None:
        return c.about_person.uuid if c.about_person_id else None  # type: ignore[union-attr]


class ConcernDetailOut(ConcernOut):
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(c: Concern) -> list[ConcernEntry]:
        return list(c.entries.select_related("author"))


class ConcernIn(ObjectIn):
    title: Text(200, 1)  # type: ignore[valid-type]
    about: ConcernAbout
    strength: int = Field(ge=1, le=5)
    description: Text(LONG) = ""  # type: ignore[valid-type]
    about_person: UUID | None = None
    restricted: bool = False


class NoteIn(ObjectIn):
    note: Text(LONG) = ""  # type: ignore[valid-type]


class ResponseIn(ObjectIn):
    text: Text(LONG, 1)  # type: ignore[valid-type]


class ConfirmationIn(ObjectIn):
    addressed: bool
    comment: Text(LONG) = ""  # type: ignore[valid-type]


class ConcernQuery(PageQuery):
    status: ConcernStatus | None = None


@router.get("/concerns", auth=READ, response={200: Page[ConcernOut], **ERRORS})
def concern_list(request: HttpRequest, query: Query[ConcernQuery]) -> dict[str, object]:
    qs = queries.concerns_for(_actor(request))
    if query.status:
        qs = qs.filter(status=query.status)
    return page_of(qs, query)


@router.post("/concerns", auth=WRITE, response={201: ConcernDetailOut, **ERRORS})
def concern_raise(request: HttpRequest, payload: ConcernIn) -> Status[Concern]:
    """A practice person raises a concern for their own practice."""
    actor = _actor(request)
    organization = Organization.objects.filter(pk=actor.organization_id or 0).first()
    if organization is None or not concerns.can_raise(actor, organization.pk):
        raise PermissionDenied("A concern is raised by the practice's people.")
    person = (
        Person.objects.filter(uuid=payload.about_person).first() if payload.about_person else None
    )
    if payload.about_person and person is None:
        raise ValidationError(
            {"about_person": "Choose someone of the provider or of your practice."}
        )
    made = concerns.raise_concern(
        actor=actor,
        organization=organization,
        raised=concerns.Raised(
            title=payload.title,
            about=payload.about,
            strength=payload.strength,
            description=payload.description,
            about_person=person,
            restricted=payload.restricted,
        ),
    )
    return Status(201, made)


@router.get("/concerns/{uuid}", auth=READ, response={200: ConcernDetailOut, **ERRORS})
def concern_detail(request: HttpRequest, uuid: UUID) -> Concern:
    return queries.concern_for(_actor(request), uuid)


@router.post(
    "/concerns/{uuid}/acknowledgement", auth=WRITE, response={200: ConcernDetailOut, **ERRORS}
)
def concern_acknowledge(request: HttpRequest, uuid: UUID, payload: NoteIn) -> Concern:
    actor = _actor(request)
    return concerns.acknowledge(
        actor=actor, concern=queries.concern_for(actor, uuid), note=payload.note
    )


@router.post("/concerns/{uuid}/response", auth=WRITE, response={200: ConcernDetailOut, **ERRORS})
def concern_respond(request: HttpRequest, uuid: UUID, payload: ResponseIn) -> Concern:
    actor = _actor(request)
    return concerns.respond(
        actor=actor, concern=queries.concern_for(actor, uuid), text=payload.text
    )


@router.post(
    "/concerns/{uuid}/confirmation", auth=WRITE, response={200: ConcernDetailOut, **ERRORS}
)
def concern_confirm(request: HttpRequest, uuid: UUID, payload: ConfirmationIn) -> Concern:
    """The practice: addressed (closes it) or not yet (with a comment)."""
    actor = _actor(request)
    return concerns.confirm(
        actor=actor,
        concern=queries.concern_for(actor, uuid),
        addressed=payload.addressed,
        comment=payload.comment,
    )
