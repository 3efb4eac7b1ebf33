"""API: requests and their messages. Creates take an `Idempotency-Key`;
updates carry the version they were made against (or `If-Match`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StringConstraints

from tandem.accounts import queries as accounts
from tandem.accounts import teams
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Slug, Text, page_of, ranked_page
from tandem.core import idempotency
from tandem.core.tenancy import Actor
from tandem.desk import permissions, phi_guard, queries, relations, saved_views, services
from tandem.desk.choices import (
    Category,
    Channel,
    Impact,
    MessageKind,
    Urgency,
)
from tandem.desk.choices import (
    Status as RequestStatus,
)
from tandem.desk.models import Attachment, RequestMessage, SavedView, ServiceRequest

READ = scoped("desk:read")
WRITE = scoped("desk:write")
router = Router(tags=["desk"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Ref = Annotated[str, StringConstraints(pattern=r"^T-[1-9][0-9]{0,17}$")]
IdempotencyKey = Annotated[
    str | None,
    Header(
        None,
        alias="Idempotency-Key",
        description="Any unique string (a UUID, say), up to 200 characters. A retried "
        "create with the same key returns the first result instead of creating again.",
        max_length=200,
    ),
]


def actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


class RequestOut(Schema):
    reference: str
    organization: str
    subject: str
    category: str
    impact: str
    urgency: str
    priority: int = Field(description="1 (most urgent) to 4")
    patient_care: bool
    contains_phi: bool = Field(description="the writer was warned of PHI and kept it")
    status: str
    channel: str
    site: UUID | None
    requester: UUID | None
    requester_name: str
    assignee: UUID | None
    assignee_name: str
    team: UUID | None = Field(description="the provider's team that has it (null to a practice)")
    affected: str
    callback_phone: str
    follows: str | None = Field(description="the request this one follows up, if any")
    merged_into: str | None = Field(description="the request this duplicate was merged into")
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    version: int = Field(description="send it back with an update (or as If-Match)")

    @staticmethod
    def resolve_organization(item: ServiceRequest) -> str:
        return item.organization.slug

    @staticmethod
    def resolve_site(item: ServiceRequest) -> UUID | None:
        return item.site.uuid if item.site else None

    @staticmethod
    def resolve_requester(item: ServiceRequest) -> UUID | None:
        return item.requester.uuid if item.requester else None

    @staticmethod
    def resolve_requester_name(item: ServiceRequest) -> str:
        return item.requester.full_name if item.requester else item.created_by_label

    @staticmethod
    def resolve_assignee(item: ServiceRequest) -> UUID | None:
        return item.assignee.uuid if item.assignee else None

    @staticmethod
    def resolve_assignee_name(item: ServiceRequest) -> str:
        return item.assignee.full_name if item.assignee else ""

    @staticmethod
    def resolve_team(item: ServiceRequest, context: dict[str, Any]) -> UUID | None:
        staff = permissions.works_the_desk(context["request"].actor)
        return item.team.uuid if staff and item.team_id and item.team else None

    @staticmethod
    def resolve_merged_into(item: ServiceRequest) -> str | None:
        return f"T-{item.merged_into.number}" if item.merged_into_id and item.merged_into else None

    @staticmethod
    def resolve_follows(item: ServiceRequest) -> str | None:
        return f"T-{item.follows.number}" if item.follows_id and item.follows else None


class AttachmentOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    content_type: str
    size: int
    sha256: str
    removed: bool = Field(description="a provider admin deleted the file for good")
    url: str | None = Field(description="fetch it with the same credentials; null if removed")

    @staticmethod
    def resolve_removed(attachment: Attachment) -> bool:
        return attachment.redacted_at is not None

    @staticmethod
    def resolve_url(attachment: Attachment) -> str | None:
        if attachment.redacted_at is not None:
            return None
        return reverse(
            "desk:attachment_download", args=[attachment.request.reference, attachment.uuid]
        )


class MessageOut(Schema):
    id: int = Field(description="the message's position key, for paging")
    request: str = Field(description="the request's reference")
    kind: str = Field(description="public, internal (provider staff only) or event")
    author_name: str
    channel: str
    body: str
    body_html: str
    time_spent_minutes: int | None
    created_at: datetime
    edited_at: datetime | None
    contains_phi: bool
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(message: RequestMessage) -> list[Attachment]:
        return list(message.attachments.all())

    @staticmethod
    def resolve_request(message: RequestMessage) -> str:
        return message.request.reference

    @staticmethod
    def resolve_author_name(message: RequestMessage) -> str:
        return message.author_label


class RequestQuery(PageQuery):
    organization: Slug() | None = None  # type: ignore[valid-type]
    status: RequestStatus | None = None
    queue: Literal[
        "mine", "my_teams", "unassigned", "patient_care", "breaching", "active", "all"
    ] = "all"
    category: Category | None = None
    priority: int | None = Field(None, ge=1, le=4)
    contains_phi: bool | None = Field(
        None, description="true: only requests whose writer kept what looked like PHI"
    )
    view: UUID | None = Field(
        None,
        description="a saved view: its filters replace queue, category and priority "
        "(API pages stay newest first, whatever the view's sort)",
    )
    q: Text(200) | None = Field(  # type: ignore[valid-type]
        None,
        description="search: a reference (T-1042) exactly, else every word in the subject "
        "or a message (internal notes for the provider's staff only). Items come best "
        "match first, and `after` is then the `next_cursor` of the previous page",
    )


class RequestIn(ObjectIn):
    organization: Slug() | None = Field(  # type: ignore[valid-type]
        None, description="the practice; a practice's own people may leave it out"
    )
    subject: Text(200, 1)  # type: ignore[valid-type]
    body: Text(services.MAX_BODY, 1)  # type: ignore[valid-type]
    category: Category
    impact: Impact
    urgency: Urgency = Urgency.MEDIUM
    site: UUID | None = None
    requester: UUID | None = Field(
        None, description="provider staff: who asked (a person of the practice)"
    )
    affected: Text(200) = ""  # type: ignore[valid-type]
    callback_phone: Text(40) = ""  # type: ignore[valid-type]
    channel: Literal["api", "phone"] = Field("api", description="phone: logging a call (staff)")
    time_spent_minutes: int | None = Field(None, ge=0, le=services.MAX_MINUTES)
    phi: Literal["redact", "keep"] | None = Field(
        None,
        description="when the text looks like PHI (422 names what): redact it "
        "(markers such as [redacted: Date or age]) or keep it (the request is flagged)",
    )


class RequestPatch(ObjectIn):
    """Only the fields sent change. `version` (or an If-Match header) is required:
    an update made against an older version is refused with 409."""

    version: int | None = Field(None, ge=1, le=2**31 - 1)
    subject: Text(200, 1) = None  # type: ignore[valid-type]
    category: Category | None = None
    status: RequestStatus | None = None
    assignee: UUID | None = Field(None, description="a provider staff member; null unassigns")
    team: UUID | None = Field(
        None, description="send to a team (it may assign automatically); null: no team"
    )
    impact: Impact | None = None
    urgency: Urgency | None = None
    priority: int | None = Field(None, ge=1, le=4)
    reason: Text(500) = Field(None, description="required with impact, urgency or priority")  # type: ignore[valid-type]


class MessageIn(ObjectIn):
    body: Text(services.MAX_BODY, 1)  # type: ignore[valid-type]
    kind: Literal["public", "internal"] = Field("public", description="internal: staff only")
    ask_practice: bool = Field(False, description="staff: wait for the practice's answer")
    time_spent_minutes: int | None = Field(None, ge=0, le=services.MAX_MINUTES)
    phi: Literal["redact", "keep"] | None = Field(
        None,
        description="when the text looks like PHI (422 names what): redact it "
        "(markers such as [redacted: Date or age]) or keep it (the request is flagged)",
    )


def _screened(texts: dict[str, str], organization: Any, decision: str | None) -> Any:
    """The PHI guard (desk.phi_guard): 422 naming what looks like PHI, field
    by field, until the caller says `phi: redact` or `phi: keep`."""
    screened = phi_guard.screen(texts, organization=organization, decision=decision or "")
    if screened.held:
        raise DjangoValidationError(
            {
                name: [
                    f"This looks like PHI ({f.label.lower()}: “{f.text}”). Send phi: "
                    "redact to replace it with a marker, or phi: keep if it is needed."
                    for f in findings
                ]
                for name, findings in screened.findings.items()
            }
        )
    return screened


def _etag(response: HttpResponse, item: ServiceRequest) -> None:
    response["ETag"] = f'"{item.version}"'


def _reload(a: Actor, item: ServiceRequest) -> ServiceRequest:
    return queries.request_for(a, item.reference)


@router.get("/requests", auth=READ, response={200: Page[RequestOut], **ERRORS})
def request_list(request: HttpRequest, query: Query[RequestQuery]) -> dict[str, object]:
    a = actor(request)
    qs = queries.requests_for(a)
    if query.view is not None:
        try:
            view = saved_views.view_for(a, query.view)
        except SavedView.DoesNotExist:
            raise DjangoValidationError({"view": "No such saved view."}) from None
        qs = saved_views.filters_of(a, view).requests(a)
    elif query.queue != "all" or query.category or query.priority:
        qs = queries.queue(
            a, name=query.queue, category=query.category or "", priority=query.priority
        )
    if query.organization:
        qs = qs.filter(organization__slug=query.organization)
    if query.status:
        qs = qs.filter(status=query.status)
    if query.contains_phi is not None:
        qs = qs.filter(contains_phi=query.contains_phi)
    if query.q and query.q.strip():
        return ranked_page(queries.searched(qs, a, query.q, "relevance"), query)
    return page_of(qs, query)


@router.post(
    "/requests",
    auth=WRITE,
    response={201: RequestOut, 200: RequestOut, **ERRORS},
    summary="Raise a request (201), or get the first result of a retry (200)",
)
def request_create(
    request: HttpRequest, payload: RequestIn, response: HttpResponse, key: IdempotencyKey = None
) -> Status[ServiceRequest]:
    a = actor(request)
    if payload.organization:
        org = accounts.organization_for(a, payload.organization)
    elif a.is_client and a.organization_id:
        org = accounts.organizations_for(a).get(pk=a.organization_id)
    else:
        raise DjangoValidationError({"organization": "Name the practice."})
    site = (
        accounts.sites_for(a).filter(uuid=payload.site, organization=org).first()
        if payload.site
        else None
    )
    if payload.site and site is None:
        raise DjangoValidationError({"site": "No such site in this practice."})
    requester = None
    if payload.requester:
        requester = accounts.people_for(a).filter(uuid=payload.requester, organization=org).first()
        if requester is None:
            raise DjangoValidationError({"requester": "No such person in this practice."})
    if payload.channel == "phone" and not permissions.works_the_desk(a):
        raise DjangoValidationError({"channel": "Only provider staff log calls."})
    screened = _screened({"subject": payload.subject, "body": payload.body}, org, payload.phi)

    def create() -> ServiceRequest:
        return services.open_request(
            actor=a,
            organization=org,
            subject=screened.texts["subject"],
            body=screened.texts["body"],
            category=payload.category,
            impact=payload.impact,
            urgency=payload.urgency if permissions.works_the_desk(a) else Urgency.MEDIUM,
            site=site,
            requester=requester,
            affected=payload.affected,
            callback_phone=payload.callback_phone,
            channel=Channel.PHONE if payload.channel == "phone" else Channel.API,
            time_spent_minutes=payload.time_spent_minutes,
            contains_phi=screened.contains_phi,
        )

    item, created = idempotency.once(
        actor=a,
        operation="desk.request.create",
        key=key,
        body=payload.dict(),
        create=create,
        result_id=lambda r: str(r.number),
        load=lambda number: queries.requests_for(a).get(number=int(number)),
    )
    item = _reload(a, item)
    _etag(response, item)
    return Status(201 if created else 200, item)


@router.get("/requests/{ref}", auth=READ, response={200: RequestOut, **ERRORS})
def request_detail(request: HttpRequest, ref: Ref, response: HttpResponse) -> ServiceRequest:
    item = queries.request_for(actor(request), ref)
    _etag(response, item)
    return item


def _if_match(value: str | None) -> int | None:
    if not value:
        return None
    raw = value.strip().removeprefix("W/").strip('"')
    if not raw.isdigit() or len(raw) > 10:
        raise DjangoValidationError({"If-Match": 'Send the ETag you got, like "3".'})
    return int(raw)


IfMatch = Annotated[str | None, Header(None, alias="If-Match", max_length=40)]


def _staff_version(a: Actor, sent: int | None, if_match: str | None, refusal: str) -> int:
    """A staff change's version: from the body or If-Match (428 without one)."""
    if not permissions.works_the_desk(a):
        raise HttpError(403, refusal)
    version = sent or _if_match(if_match)
    if version is None:
        raise HttpError(428, "Send the version you read (in the body, or as If-Match).")
    return version


@router.patch("/requests/{ref}", auth=WRITE, response={200: RequestOut, 428: ErrorOut, **ERRORS})
def request_update(
    request: HttpRequest,
    ref: Ref,
    payload: RequestPatch,
    response: HttpResponse,
    if_match: IfMatch = None,
) -> ServiceRequest:
    a = actor(request)
    item = queries.request_for(a, ref)
    version = _staff_version(
        a,
        payload.version,
        if_match,
        "Only provider staff change a request; reply with a message instead.",
    )
    data = payload.dict(exclude_unset=True)
    with transaction.atomic():
        # The first step checks the version; the ones after it work on the new one.
        if "subject" in data or "category" in data:
            item = services.edit_request(
                actor=a,
                request=item,
                version=version,
                subject=data.get("subject"),
                category=data.get("category"),
            )
            version = item.version
        if any(k in data for k in ("impact", "urgency", "priority")):
            item = services.retriage(
                actor=a,
                request=item,
                version=version,
                reason=data.get("reason") or "",
                impact=data.get("impact"),
                urgency=data.get("urgency"),
                priority=data.get("priority"),
            )
            version = item.version
        if "assignee" in data:
            person = None
            if data["assignee"] is not None:
                person = accounts.people_for(a).filter(uuid=data["assignee"]).first()
                if person is None:
                    raise DjangoValidationError({"assignee": "No such person."})
            item = services.assign(actor=a, request=item, assignee=person, version=version)
            version = item.version
        if "team" in data:
            team = None
            if data["team"] is not None:
                team = teams.teams_for(a).filter(uuid=data["team"]).first()
                if team is None:
                    raise DjangoValidationError({"team": "No such team."})
            item = services.send_to_team(actor=a, request=item, team=team, version=version)
            version = item.version
        if data.get("status"):
            item = services.change_status(
                actor=a, request=item, status=data["status"], version=version
            )
        elif not data.keys() - {"version"}:
            services.check_version(item, version)  # nothing to change: still say if it is stale
    item = _reload(a, item)
    _etag(response, item)
    return item


@router.get("/requests/{ref}/messages", auth=READ, response={200: Page[MessageOut], **ERRORS})
def message_list(request: HttpRequest, ref: Ref, query: Query[PageQuery]) -> dict[str, object]:
    a = actor(request)
    item = queries.request_for(a, ref)
    qs = (
        queries.messages_for(a, item)
        .select_related("request")
        .prefetch_related("attachments__request")
    )
    return page_of(qs, query, descending=False)


@router.post(
    "/requests/{ref}/messages",
    auth=WRITE,
    response={201: MessageOut, 200: MessageOut, **ERRORS},
    summary="Reply or add an internal note; a reply to a closed request opens a follow-up",
)
def message_create(
    request: HttpRequest, ref: Ref, payload: MessageIn, key: IdempotencyKey = None
) -> Status[RequestMessage]:
    a = actor(request)
    item = queries.request_for(a, ref)
    screened = _screened({"body": payload.body}, item.organization, payload.phi)

    def create() -> RequestMessage:
        message, _on = services.add_message(
            actor=a,
            request=item,
            body=screened.texts["body"],
            kind=MessageKind(payload.kind),
            channel=Channel.API,
            time_spent_minutes=payload.time_spent_minutes,
            ask_practice=payload.ask_practice,
            contains_phi=screened.contains_phi,
        )
        return message

    message, created = idempotency.once(
        actor=a,
        operation=f"desk.message.create:{item.number}",
        key=key,
        body=payload.dict(),
        create=create,
        result_id=lambda m: str(m.pk),
        load=lambda pk: RequestMessage.objects.select_related("request").get(pk=int(pk)),
    )
    return Status(201 if created else 200, message)


class MergeIn(ObjectIn):
    into: Ref = Field(description="the request that stays (same practice)")
    version: int | None = Field(None, ge=1, le=2**31 - 1)


class LinkIn(ObjectIn):
    ref: Ref = Field(description="the related request")


class LinkedOut(Schema):
    reference: str
    subject: str
    status: str
    organization: str

    @staticmethod
    def resolve_organization(item: ServiceRequest) -> str:
        return item.organization.slug


MAX_LINKS = 200


@router.post(
    "/requests/{ref}/merge",
    auth=WRITE,
    response={200: RequestOut, 428: ErrorOut, **ERRORS},
    summary="Merge this duplicate into another request of the same practice",
)
def request_merge(
    request: HttpRequest,
    ref: Ref,
    payload: MergeIn,
    response: HttpResponse,
    if_match: IfMatch = None,
) -> ServiceRequest:
    a = actor(request)
    item = queries.request_for(a, ref)
    version = _staff_version(a, payload.version, if_match, "Only provider staff merge requests.")
    into = queries.requests_for(a).filter(number=int(payload.into[2:])).first()
    if into is None:
        raise DjangoValidationError({"into": "No such request."})
    survivor = relations.merge(actor=a, duplicate=item, into=into, version=version)
    survivor = _reload(a, survivor)
    _etag(response, survivor)
    return survivor


@router.get("/requests/{ref}/links", auth=READ, response={200: list[LinkedOut], **ERRORS})
def link_list(request: HttpRequest, ref: Ref) -> list[ServiceRequest]:
    """Related requests you can read (a link to another practice's request is
    listed for provider staff only)."""
    a = actor(request)
    item = queries.request_for(a, ref)
    return list(queries.related_to(a, item)[:MAX_LINKS])


@router.post(
    "/requests/{ref}/links", auth=WRITE, response={201: LinkedOut, 200: LinkedOut, **ERRORS}
)
def link_create(request: HttpRequest, ref: Ref, payload: LinkIn) -> Status[ServiceRequest]:
    a = actor(request)
    item = queries.request_for(a, ref)
    if not permissions.works_the_desk(a):
        raise HttpError(403, "Only provider staff link requests.")
    other = queries.requests_for(a).filter(number=int(payload.ref[2:])).first()
    if other is None:
        raise DjangoValidationError({"ref": "No such request."})
    created = relations.link(actor=a, request=item, other=other)
    return Status(201 if created else 200, other)


@router.delete("/requests/{ref}/links/{other}", auth=WRITE, response={204: None, **ERRORS})
def link_delete(request: HttpRequest, ref: Ref, other: Ref) -> Status[None]:
    a = actor(request)
    item = queries.request_for(a, ref)
    if not permissions.works_the_desk(a):
        raise HttpError(403, "Only provider staff unlink requests.")
    relations.unlink(actor=a, request=item, other=queries.request_for(a, other))
    return Status(204, None)
