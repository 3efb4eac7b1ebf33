"""API: the shared action plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from tandem.accounts import queries as accounts
from tandem.accounts.models import Organization, Person
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Slug, Text, page_of
from tandem.collab import actions, queries
from tandem.collab.models import ActionItem, ActionStatus, Side

READ = scoped("collab:read")
WRITE = scoped("collab:write")
router = Router(tags=["action plan"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


class ActionOut(Schema):
    id: UUID = Field(alias="uuid")
    reference: str = Field(description="A-1001")
    practice: str = Field(alias="organization.slug")
    title: str
    notes: str
    side: Side = Field(description="who owes it")
    owner: UUID = Field(alias="owner.uuid")
    owner_name: str = Field(alias="owner.full_name")
    due_on: date
    status: ActionStatus
    done_at: datetime | None
    updated_at: datetime


class ActionIn(ObjectIn):
    practice: Slug()  # type: ignore[valid-type]
    title: Text(200, 1)  # type: ignore[valid-type]
    owner: UUID = Field(description="a person of the practice, or of the provider")
    due_on: date
    notes: Text(actions.MAX_NOTES) = ""  # type: ignore[valid-type]


class ActionPatch(ObjectIn):
    title: Text(200, 1) = None  # type: ignore[valid-type]
    owner: UUID | None = None
    due_on: date | None = None
    notes: Text(actions.MAX_NOTES) = None  # type: ignore[valid-type]
    status: ActionStatus | None = None


class ActionQuery(PageQuery):
    practice: Slug() | None = None  # type: ignore[valid-type]
    status: ActionStatus | None = None
    side: Side | None = None
    mine: bool = Field(False, description="only the caller's items")


class OverdueQuery(Schema):
    practice: Slug() | None = Field(  # type: ignore[valid-type]
        None, description="one practice's plan; omitted: every plan you see (UTC dates)"
    )


class OverdueOut(Schema):
    provider: int = Field(description="open items the provider owes, past their due date")
    client: int = Field(description="open items the practice owes, past their due date")
    today: date = Field(description="the practice's date")


def _practice(actor: Any, slug: str) -> Organization:
    found = accounts.visible_clients(actor).filter(slug=slug).first()
    if found is None:
        raise Http404("No such practice.")
    return found


def _owner(organization: Organization, uuid: UUID) -> Person:
    person = actions.owners(organization).filter(uuid=uuid).first()
    if person is None:
        raise DjangoValidationError(
            {"owner": "Choose someone of the practice or of the provider who works for it."}
        )
    return person


@router.get("/actions", auth=READ, response={200: Page[ActionOut], **ERRORS})
def action_list(request: HttpRequest, query: Query[ActionQuery]) -> dict[str, object]:
    actor = _actor(request)
    qs = queries.actions_for(actor)
    if query.practice:
        qs = qs.filter(organization__slug=query.practice)
    if query.status:
        qs = qs.filter(status=query.status)
    if query.side:
        qs = qs.filter(side=query.side)
    if query.mine:
        qs = qs.filter(owner_id=actor.person_id)
    return page_of(qs, query)


@router.get("/actions/overdue", auth=READ, response={200: OverdueOut, **ERRORS})
def action_overdue(request: HttpRequest, query: Query[OverdueQuery]) -> dict[str, object]:
    """What each side owes, overdue: on one practice's plan, or on every plan
    the caller sees."""
    actor = _actor(request)
    qs = queries.actions_for(actor)
    if query.practice:
        practice = _practice(actor, query.practice)
        qs, today = qs.filter(organization=practice), actions.today_for(practice)
    else:
        today = timezone.now().date()
    return {**actions.overdue_by_side(qs, today), "today": today}


@router.post("/actions", auth=WRITE, response={201: ActionOut, **ERRORS})
def action_create(request: HttpRequest, payload: ActionIn) -> Status[ActionItem]:
    actor = _actor(request)
    practice = _practice(actor, payload.practice)
    if not actions.can_plan(actor, practice.pk):
        raise PermissionDenied(
            "The action plan is kept by the provider's staff and practice admins."
        )
    made = actions.create(
        actor=actor,
        organization=practice,
        item=actions.Item(
            title=payload.title,
            owner=_owner(practice, payload.owner),
            due_on=payload.due_on,
            notes=payload.notes,
        ),
    )
    return Status(201, made)


@router.get("/actions/{uuid}", auth=READ, response={200: ActionOut, **ERRORS})
def action_detail(request: HttpRequest, uuid: UUID) -> ActionItem:
    return queries.action_for(_actor(request), uuid)


@router.patch("/actions/{uuid}", auth=WRITE, response={200: ActionOut, **ERRORS})
def action_update(request: HttpRequest, uuid: UUID, payload: ActionPatch) -> ActionItem:
    """Its owner may change its status only; those who keep the plan, anything."""
    actor = _actor(request)
    item = queries.action_for(actor, uuid)
    sent = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    status = sent.pop("status", None)
    if sent:
        item = actions.update(
            actor=actor,
            item=item,
            fields=actions.Item(
                title=sent.get("title", item.title),
                owner=_owner(item.organization, sent["owner"]) if "owner" in sent else item.owner,
                due_on=sent.get("due_on", item.due_on),
                notes=sent.get("notes", item.notes),
            ),
        )
    if status is not None:
        item = actions.set_status(actor=actor, item=item, status=status)
    return queries.action_for(actor, uuid)
