"""API: change requests: planning, the window check, the practice admin's
signed answer, the execution record and the check after. An approved change
answers every edit with 409."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tandem.accounts import queries as accounts
from tandem.accounts.models import Site
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Slug, Text, page_of
from tandem.collab import changes, queries
from tandem.collab.decision_api import SignatureOut
from tandem.collab.models import ChangeRequest, ChangeStatus, CheckResult, Risk
from tandem.signoff import services as signoff
from tandem.signoff.models import Signature

READ = scoped("collab:read")
WRITE = scoped("collab:write")
router = Router(tags=["changes"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
LONG = changes.MAX_TEXT


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


class ChangeOut(Schema):
    id: UUID = Field(alias="uuid")
    reference: str = Field(description="C-1001")
    practice: str = Field(alias="organization.slug")
    title: str
    description: str
    reason: str
    risk: Risk
    risk_notes: str
    systems: str
    rollback_plan: str
    starts_at: datetime
    ends_at: datetime
    sites: list[UUID]
    emergency_justification: str
    clashes: list[str] = Field(description="where the window meets clinic hours, at submission")
    status: ChangeStatus
    content_sha256: str = Field(description="what an approval signs now")
    approved_sha256: str
    submitted_at: datetime | None
    decided_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    execution_notes: str
    check_result: str
    check_notes: str

    @staticmethod
    def resolve_sites(c: ChangeRequest) -> list[UUID]:
        return [s.uuid for s in c.sites.all()]

    @staticmethod
    def resolve_content_sha256(c: ChangeRequest) -> str:
        return changes.current_hash(c)


class ChangeDetailOut(ChangeOut):
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_signatures(c: ChangeRequest) -> list[Signature]:
        return list(signoff.signatures_of(c))


class ChangeIn(ObjectIn):
    practice: Slug() = Field(description="the practice's slug")  # type: ignore[valid-type]
    title: Text(200, 1)  # type: ignore[valid-type]
    starts_at: datetime = Field(description="with its UTC offset")
    ends_at: datetime
    sites: list[UUID] = Field(min_length=1, max_length=100)
    description: Text(LONG) = ""  # type: ignore[valid-type]
    reason: Text(LONG) = ""  # type: ignore[valid-type]
    risk: Risk = Risk.LOW
    risk_notes: Text(LONG) = ""  # type: ignore[valid-type]
    systems: Text(500) = ""  # type: ignore[valid-type]
    rollback_plan: Text(LONG) = ""  # type: ignore[valid-type]
    emergency_justification: Text(LONG) = ""  # type: ignore[valid-type]


class ChangePatch(ObjectIn):
    title: Text(200, 1) = None  # type: ignore[valid-type]
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    sites: list[UUID] | None = Field(None, min_length=1, max_length=100)
    description: Text(LONG) = None  # type: ignore[valid-type]
    reason: Text(LONG) = None  # type: ignore[valid-type]
    risk: Risk | None = None
    risk_notes: Text(LONG) = None  # type: ignore[valid-type]
    systems: Text(500) = None  # type: ignore[valid-type]
    rollback_plan: Text(LONG) = None  # type: ignore[valid-type]
    emergency_justification: Text(LONG) = None  # type: ignore[valid-type]


class DecisionIn(ObjectIn):
    meaning: str = Field(pattern="^(approve|reject|ask_changes)$")
    password: str = Field(min_length=1, max_length=4096, description="the approver's password")
    code: str = Field("", max_length=12, description="authenticator code, when they have one")
    content_sha256: str = Field(pattern="^[0-9a-f]{64}$", description="the digest read")
    comment: Text(1000) = ""  # type: ignore[valid-type]


class StepIn(ObjectIn):
    step: str = Field(pattern="^(start|complete|roll_back|cancel)$")
    notes: Text(LONG) = ""  # type: ignore[valid-type]


class CheckIn(ObjectIn):
    result: CheckResult
    notes: Text(LONG) = ""  # type: ignore[valid-type]


class ChangeQuery(PageQuery):
    practice: Slug() | None = None  # type: ignore[valid-type]
    status: ChangeStatus | None = None


def _sites(organization_id: int, ids: list[UUID]) -> list[Site]:
    found = list(Site.objects.filter(organization_id=organization_id, uuid__in=ids))
    if len(found) != len(set(ids)):
        raise DjangoValidationError({"sites": "Choose sites of this practice."})
    return found


@router.get("/changes", auth=READ, response={200: Page[ChangeOut], **ERRORS})
def change_list(request: HttpRequest, query: Query[ChangeQuery]) -> dict[str, object]:
    qs = queries.changes_for(_actor(request)).prefetch_related("sites")
    if query.practice:
        qs = qs.filter(organization__slug=query.practice)
    if query.status:
        qs = qs.filter(status=query.status)
    return page_of(qs, query)


@router.post("/changes", auth=WRITE, response={201: ChangeDetailOut, **ERRORS})
def change_create(request: HttpRequest, payload: ChangeIn) -> Status[ChangeRequest]:
    actor = _actor(request)
    organization = accounts.visible_clients(actor).filter(slug=payload.practice).first()
    if organization is None:
        raise Http404("No such practice.")
    if not changes.can_write(actor, organization.pk):
        raise PermissionDenied("Changes are planned by the provider's staff.")
    data = payload.dict(exclude={"practice", "sites"})
    plan = changes.Plan(sites=_sites(organization.pk, payload.sites), **data)
    return Status(201, changes.create(actor=actor, organization=organization, plan=plan))


@router.get("/changes/{uuid}", auth=READ, response={200: ChangeDetailOut, **ERRORS})
def change_detail(request: HttpRequest, uuid: UUID) -> ChangeRequest:
    return queries.change_for(_actor(request), uuid)


@router.patch("/changes/{uuid}", auth=WRITE, response={200: ChangeDetailOut, **ERRORS})
def change_update(request: HttpRequest, uuid: UUID, payload: ChangePatch) -> ChangeRequest:
    """Change a draft or one sent back; an approved change answers 409."""
    actor = _actor(request)
    change = queries.change_for(actor, uuid)
    sent = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    sites = (
        _sites(change.organization_id, sent.pop("sites"))
        if "sites" in sent
        else list(change.sites.all())
    )
    fields = ("title", "starts_at", "ends_at", "description", "reason", "risk", "risk_notes",
              "systems", "rollback_plan", "emergency_justification")  # fmt: skip
    plan = changes.Plan(sites=sites, **{f: sent.get(f, getattr(change, f)) for f in fields})
    return changes.update(actor=actor, change=change, plan=plan)


@router.post("/changes/{uuid}/submission", auth=WRITE, response={200: ChangeDetailOut, **ERRORS})
def change_submit(request: HttpRequest, uuid: UUID) -> ChangeRequest:
    """Send it for approval; 422 naming the clashes when the window meets
    clinic hours and no emergency justification is given."""
    actor = _actor(request)
    return changes.submit(actor=actor, change=queries.change_for(actor, uuid))


@router.post(
    "/changes/{uuid}/decision",
    auth=WRITE,
    response={201: SignatureOut, **ERRORS},
    summary="A practice admin's signed answer: approve, reject or ask for changes",
)
def change_decide(request: HttpRequest, uuid: UUID, payload: DecisionIn) -> Status[Signature]:
    actor = _actor(request)
    signature = changes.decide(
        actor=actor,
        change=queries.change_for(actor, uuid),
        meaning=payload.meaning,
        password=payload.password,
        code=payload.code,
        seen_sha256=payload.content_sha256,
        comment=payload.comment,
    )
    return Status(201, signature)


@router.post("/changes/{uuid}/steps", auth=WRITE, response={200: ChangeDetailOut, **ERRORS})
def change_step(request: HttpRequest, uuid: UUID, payload: StepIn) -> ChangeRequest:
    """The execution record: start, complete, roll_back (with notes), or cancel."""
    actor = _actor(request)
    return changes.record_step(
        actor=actor, change=queries.change_for(actor, uuid), step=payload.step, notes=payload.notes
    )


@router.post("/changes/{uuid}/check", auth=WRITE, response={200: ChangeDetailOut, **ERRORS})
def change_check(request: HttpRequest, uuid: UUID, payload: CheckIn) -> ChangeRequest:
    actor = _actor(request)
    return changes.record_check(
        actor=actor,
        change=queries.change_for(actor, uuid),
        result=payload.result,
        notes=payload.notes,
    )
