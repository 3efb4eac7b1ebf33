"""API: saved views of the queue (provider staff) and bulk actions on requests."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from tandem.accounts import queries as accounts
from tandem.accounts import teams
from tandem.accounts.models import Team
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Slug, Text, page_of
from tandem.desk import bulk, permissions, saved_views
from tandem.desk.choices import Category, Priority
from tandem.desk.choices import Status as RequestStatus
from tandem.desk.models import SavedView

READ = scoped("desk:read")
WRITE = scoped("desk:write")
router = Router(tags=["saved views and bulk actions"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Ref = Annotated[str, StringConstraints(pattern=r"^T-[1-9][0-9]{0,17}$")]
QueueName = Literal["mine", "my_teams", "unassigned", "patient_care", "breaching", "active", "all"]
SortName = Literal["priority", "oldest", "newest", "updated", "due", "relevance"]


def _actor(request: HttpRequest) -> Any:
    actor = request.actor  # type: ignore[attr-defined]
    if not permissions.works_the_desk(actor):
        raise PermissionDenied("Saved views and bulk actions are for the provider's staff.")
    return actor


class FiltersIO(Schema):
    queue: QueueName = "active"
    client: Slug() | None = Field(None, description="a practice's slug")  # type: ignore[valid-type]
    team: UUID | None = Field(None, description="requests of this team")
    category: Category | None = None
    priority: Priority | None = None
    phi: bool = Field(False, description="only requests whose writer kept what looked like PHI")
    sort: SortName = "priority"
    q: Text(200) | None = Field(  # type: ignore[valid-type]
        None, description="a search: every word in the subject or a message, or a reference"
    )


class ViewOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    owner: UUID
    shared_with: UUID | None = Field(description="the team that sees it; null: only its owner")
    filters: FiltersIO

    @staticmethod
    def resolve_owner(view: SavedView) -> UUID:
        return view.owner.uuid

    @staticmethod
    def resolve_shared_with(view: SavedView) -> UUID | None:
        return view.team.uuid if view.team else None

    @staticmethod
    def resolve_filters(view: SavedView) -> dict[str, Any]:
        return dict(view.filters)


class ViewIn(ObjectIn):
    name: Text(80, 1)  # type: ignore[valid-type]
    shared_with: UUID | None = None
    filters: FiltersIO | None = Field(None, description="omitted: the open requests")


class ViewPatch(ObjectIn):
    name: Text(80, 1) = None  # type: ignore[valid-type]
    shared_with: UUID | None = Field(None, description="null: only its owner")
    filters: FiltersIO | None = None


def _view(actor: Any, uuid: UUID) -> SavedView:
    try:
        return saved_views.view_for(actor, uuid)
    except SavedView.DoesNotExist:
        raise Http404("No such saved view.") from None


def _team(actor: Any, uuid: UUID | None) -> Team | None:
    if uuid is None:
        return None
    team = teams.teams_for(actor).filter(uuid=uuid).first()
    if team is None:
        raise DjangoValidationError({"shared_with": "Choose one of the provider's teams."})
    return team


def _filters(actor: Any, given: FiltersIO | None) -> saved_views.Filters:
    sent = given.dict() if given is not None else {}
    data = {k: str(v) for k, v in sent.items() if v is not None and v is not False}
    return saved_views.clean_filters(actor, data)


@router.get("/views", auth=READ, response={200: Page[ViewOut], **ERRORS})
def view_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, object]:
    """Your saved views and those shared with a team you are in."""
    return page_of(saved_views.views_for(_actor(request)), query)


@router.post("/views", auth=WRITE, response={201: ViewOut, **ERRORS})
def view_create(request: HttpRequest, payload: ViewIn) -> Status[SavedView]:
    actor = _actor(request)
    made = saved_views.save_view(
        actor=actor,
        view=None,
        name=payload.name,
        team=_team(actor, payload.shared_with),
        filters=_filters(actor, payload.filters),
    )
    return Status(201, made)


@router.get("/views/{uuid}", auth=READ, response={200: ViewOut, **ERRORS})
def view_detail(request: HttpRequest, uuid: UUID) -> SavedView:
    return _view(_actor(request), uuid)


@router.patch("/views/{uuid}", auth=WRITE, response={200: ViewOut, **ERRORS})
def view_update(request: HttpRequest, uuid: UUID, payload: ViewPatch) -> SavedView:
    actor = _actor(request)
    view = _view(actor, uuid)
    if not saved_views.can_change(actor, view):
        raise PermissionDenied("Only its owner, a provider admin or a service manager.")
    sent = payload.dict(exclude_unset=True)
    return saved_views.save_view(
        actor=actor,
        view=view,
        name=sent.get("name") or view.name,
        team=_team(actor, payload.shared_with) if "shared_with" in sent else view.team,
        filters=_filters(actor, payload.filters)
        if payload.filters is not None
        else saved_views.filters_of(actor, view),
    )


@router.delete("/views/{uuid}", auth=WRITE, response={204: None, **ERRORS})
def view_delete(request: HttpRequest, uuid: UUID) -> Status[None]:
    actor = _actor(request)
    saved_views.delete_view(actor=actor, view=_view(actor, uuid))
    return Status(204, None)


class PickIn(Schema):
    reference: Ref
    version: int = Field(ge=1, le=2**31 - 1, description="the version you read")


class BulkIn(ObjectIn):
    action: Literal["assign", "status", "note"]
    requests: list[PickIn] = Field(min_length=1, max_length=bulk.MAX_ITEMS)
    assignee: UUID | None = Field(None, description="assign: a staff member; null unassigns")
    status: RequestStatus | None = Field(None, description="status: the status to set")
    note: Text(20_000) = Field(None, description="note: the internal note to add")  # type: ignore[valid-type]


class SkippedOut(Schema):
    reference: str
    reason: str


class BulkOut(Schema):
    changed: list[str] = Field(description="references changed")
    skipped: list[SkippedOut] = Field(description="references left as they were, and why")


@router.post(
    "/requests/bulk",
    auth=WRITE,
    response={200: BulkOut, **ERRORS},
    summary="Assign, set the status or add an internal note on several requests",
    description="Each request changes on its own: one that changed since the version "
    "sent (so a retried call changes nothing twice), or cannot take the change, is "
    "listed under `skipped` with the reason; the others change.",
)
def request_bulk(request: HttpRequest, payload: BulkIn) -> dict[str, object]:
    actor = _actor(request)
    assignee = None
    if payload.action == "assign" and payload.assignee is not None:
        assignee = accounts.people_for(actor).filter(uuid=payload.assignee).first()
        if assignee is None:
            raise DjangoValidationError({"assignee": "No such staff member."})
    outcome = bulk.apply(
        actor=actor,
        action=payload.action,
        picks=[bulk.Pick(p.reference, p.version) for p in payload.requests],
        assignee=assignee,
        status=payload.status or "",
        note=payload.note or "",
    )
    return {
        "changed": outcome.done,
        "skipped": [{"reference": r, "reason": why} for r, why in outcome.skipped],
    }
