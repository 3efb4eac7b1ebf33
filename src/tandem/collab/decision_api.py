"""API: decision records: the log, drafting, proposing, signing, superseding.

A signed decision answers every change with 409: it changes only by a
superseding decision (`POST /decisions/{id}/successor`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tandem.accounts import queries as accounts
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Slug, Text, page_of
from tandem.collab import decisions, queries
from tandem.collab.models import Decision, DecisionStatus
from tandem.signoff import services as signoff
from tandem.signoff.models import Capacity, Signature

READ = scoped("collab:read")
WRITE = scoped("collab:write")
router = Router(tags=["decisions"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
LONG = decisions.MAX_TEXT


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


class OptionIO(ObjectIn):
    title: Text(200, 1)  # type: ignore[valid-type]
    pros: Text(2000) = ""  # type: ignore[valid-type]
    cons: Text(2000) = ""  # type: ignore[valid-type]
    cost: Text(200) = ""  # type: ignore[valid-type]
    risk: Text(200) = ""  # type: ignore[valid-type]


class SignatureOut(Schema):
    id: UUID = Field(alias="uuid")
    capacity: Capacity
    meaning: str
    signer_name: str
    signer_email: str
    signer_role: str
    signer_designation: str
    method: str = Field(description="how the signer proved it was them")
    comment: str
    content_sha256: str
    signed_at: datetime


class DecisionOut(Schema):
    id: UUID = Field(alias="uuid")
    reference: str = Field(description="D-1001")
    practice: str = Field(alias="organization.slug")
    title: str
    context: str
    options: list[OptionIO]
    recommended: int | None = Field(description="index into options")
    practice_position: str
    provider_position: str
    discussion: str
    status: DecisionStatus
    supersedes: str | None = Field(description="the reference of the decision it replaces")
    content_sha256: str = Field(description="what is signed now: the digest of the content")
    signed_sha256: str = Field(
        description="once agreed or rejected, the digest of the content signed"
    )
    proposed_at: datetime | None
    decided_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_supersedes(d: Decision) -> str | None:
        return d.supersedes.reference if d.supersedes_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_content_sha256(d: Decision) -> str:
        return decisions.current_hash(d)

    @staticmethod
    def resolve_signed_sha256(d: Decision) -> str:
        return d.content_sha256


class DecisionDetailOut(DecisionOut):
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_signatures(d: Decision) -> list[Signature]:
        return list(signoff.signatures_of(d))


class DecisionIn(ObjectIn):
    practice: Slug() = Field(description="the practice's slug")  # type: ignore[valid-type]
    title: Text(200, 1)  # type: ignore[valid-type]
    context: Text(LONG) = ""  # type: ignore[valid-type]
    options: list[OptionIO] = Field([], max_length=decisions.MAX_OPTIONS)
    recommended: int | None = Field(None, ge=0, le=decisions.MAX_OPTIONS - 1)
    practice_position: Text(LONG) = ""  # type: ignore[valid-type]
    provider_position: Text(LONG) = ""  # type: ignore[valid-type]
    discussion: Text(LONG) = ""  # type: ignore[valid-type]


class DecisionPatch(ObjectIn):
    title: Text(200, 1) = None  # type: ignore[valid-type]
    context: Text(LONG) = None  # type: ignore[valid-type]
    options: list[OptionIO] | None = Field(None, max_length=decisions.MAX_OPTIONS)
    recommended: int | None = Field(None, ge=0, le=decisions.MAX_OPTIONS - 1)
    practice_position: Text(LONG) = None  # type: ignore[valid-type]
    provider_position: Text(LONG) = None  # type: ignore[valid-type]
    discussion: Text(LONG) = None  # type: ignore[valid-type]


class SignIn(ObjectIn):
    meaning: str = Field(pattern="^(agree|reject)$", description="agree or reject")
    password: str = Field(min_length=1, max_length=4096, description="the signer's password")
    code: str = Field("", max_length=12, description="authenticator code, when the signer has one")
    content_sha256: str = Field(
        pattern="^[0-9a-f]{64}$", description="the content_sha256 the signer read"
    )
    comment: Text(1000) = ""  # type: ignore[valid-type]


class DecisionQuery(PageQuery):
    practice: Slug() | None = None  # type: ignore[valid-type]
    status: DecisionStatus | None = None
    q: str | None = Field(None, max_length=200, description="words, or a reference like D-1001")


def _decision(actor: Any, uuid: UUID) -> Decision:
    return queries.decision_for(actor, uuid)


@router.get("/decisions", auth=READ, response={200: Page[DecisionOut], **ERRORS})
def decision_list(request: HttpRequest, query: Query[DecisionQuery]) -> dict[str, object]:
    actor = _actor(request)
    qs = queries.decisions_for(actor).select_related("supersedes").prefetch_related("files")
    if query.practice:
        qs = qs.filter(organization__slug=query.practice)
    if query.status:
        qs = qs.filter(status=query.status)
    return page_of(queries.search(qs, query.q or ""), query)


@router.post("/decisions", auth=WRITE, response={201: DecisionDetailOut, **ERRORS})
def decision_create(request: HttpRequest, payload: DecisionIn) -> Status[Decision]:
    actor = _actor(request)
    organization = accounts.visible_clients(actor).filter(slug=payload.practice).first()
    if organization is None:
        raise Http404("No such practice.")
    if not decisions.can_write(actor, organization.pk):
        raise PermissionDenied("Decisions are drafted by the provider's staff and practice admins.")
    made = decisions.create(
        actor=actor,
        organization=organization,
        draft=decisions.Draft(
            title=payload.title,
            context=payload.context,
            options=[o.dict() for o in payload.options],
            recommended=payload.recommended,
            practice_position=payload.practice_position,
            provider_position=payload.provider_position,
            discussion=payload.discussion,
        ),
    )
    return Status(201, made)


@router.get("/decisions/{uuid}", auth=READ, response={200: DecisionDetailOut, **ERRORS})
def decision_detail(request: HttpRequest, uuid: UUID) -> Decision:
    return _decision(_actor(request), uuid)


@router.patch("/decisions/{uuid}", auth=WRITE, response={200: DecisionDetailOut, **ERRORS})
def decision_update(request: HttpRequest, uuid: UUID, payload: DecisionPatch) -> Decision:
    """Change a draft or proposed decision; a signed one answers 409."""
    actor = _actor(request)
    decision = _decision(actor, uuid)
    sent = payload.dict(exclude_unset=True)
    options = sent.get("options", decision.options)

    def keep(name: str) -> Any:
        return sent[name] if sent.get(name) is not None else getattr(decision, name)

    return decisions.update(
        actor=actor,
        decision=decision,
        draft=decisions.Draft(
            title=keep("title"),
            context=keep("context"),
            options=options or [],
            recommended=sent.get("recommended", decision.recommended),
            practice_position=keep("practice_position"),
            provider_position=keep("provider_position"),
            discussion=keep("discussion"),
        ),
    )


@router.post("/decisions/{uuid}/proposal", auth=WRITE, response={200: DecisionDetailOut, **ERRORS})
def decision_propose(request: HttpRequest, uuid: UUID) -> Decision:
    """Ask both sides' signers to sign it."""
    actor = _actor(request)
    return decisions.propose(actor=actor, decision=_decision(actor, uuid))


@router.post(
    "/decisions/{uuid}/signatures",
    auth=WRITE,
    response={201: SignatureOut, **ERRORS},
    summary="Sign a proposed decision for your side (agree or reject)",
)
def decision_sign(request: HttpRequest, uuid: UUID, payload: SignIn) -> Status[Signature]:
    """The signer proves it is them with their password (and authenticator
    code when they have one), whatever the token. `content_sha256` is the
    digest read from the decision: if the content changed since, 409."""
    actor = _actor(request)
    decision = _decision(actor, uuid)
    signature = decisions.sign(
        actor=actor,
        decision=decision,
        meaning=payload.meaning,
        password=payload.password,
        code=payload.code,
        seen_sha256=payload.content_sha256,
        comment=payload.comment,
    )
    return Status(201, signature)


@router.post(
    "/decisions/{uuid}/successor",
    auth=WRITE,
    response={201: DecisionDetailOut, **ERRORS},
    summary="Start the decision that supersedes an agreed one (a draft)",
)
def decision_supersede(request: HttpRequest, uuid: UUID) -> Status[Decision]:
    actor = _actor(request)
    return Status(201, decisions.supersede(actor=actor, decision=_decision(actor, uuid)))
