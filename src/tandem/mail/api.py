"""Mail API (provider staff): the mailboxes (admins; never their secrets)
and the emails that arrived, with what became of each."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut
from tandem.desk.api import actor
from tandem.mail import queries, services
from tandem.mail.models import InboundMessage, Mailbox, Outcome

READ = scoped("desk:read")
router = Router(tags=["mail"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


class RouteOut(Schema):
    domain: str
    practice: str = Field(alias="organization.slug")


class MailboxOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    address: str
    active: bool
    imap_host: str = Field(description="blank: mail arrives by LMTP or the pipe")
    imap_folder: str
    smtp_host: str = Field(description="blank: the instance's own mail settings")
    auth: str = Field(description="password | oauth2")
    authorized: bool = Field(description="OAuth2: a refresh token is stored")
    default_practice: str | None = Field(None, alias="default_client.slug")
    routes: list[RouteOut]
    unknown_senders: str
    hourly_limit: int
    last_polled_at: datetime | None
    last_error: str

    @staticmethod
    def resolve_authorized(mailbox: Mailbox) -> bool:
        return bool(mailbox.refresh_token)

    @staticmethod
    def resolve_routes(mailbox: Mailbox) -> list[object]:
        return list(mailbox.routes.all())


class InboundOut(Schema):
    id: UUID = Field(alias="uuid")
    received_at: datetime
    transport: str
    sender: str
    subject: str
    outcome: str = Field(
        description="pending | opened | replied | triage | noise | bounce | ignored | discarded"
    )
    reason: str = Field(description="why it was held or set aside")
    dmarc: str
    practice: str | None = Field(None, alias="organization.slug")
    request: str | None = Field(None, description="the request it opened or was added to")

    @staticmethod
    def resolve_request(message: InboundMessage) -> str | None:
        return message.request.reference if message.request else None


class InboundQuery(Schema):
    outcome: Outcome | None = None
    limit: int = Field(50, ge=1, le=200)


@router.get("/mail/mailboxes", auth=READ, response={200: list[MailboxOut], **ERRORS})
def mailbox_list(request: HttpRequest) -> list[Mailbox]:
    """The provider's mailboxes (provider admins). Passwords, secrets and
    tokens are never returned."""
    who = actor(request)
    if not services.can_manage(who) or not who.is_provider:
        raise PermissionDenied
    return list(
        queries.mailboxes()
        .select_related("default_client")
        .prefetch_related("routes__organization")
    )


@router.get("/mail/inbound", auth=READ, response={200: list[InboundOut], **ERRORS})
def inbound_list(request: HttpRequest, query: Query[InboundQuery]) -> list[InboundMessage]:
    """Emails that arrived, newest first: all of them for staff who see every
    practice, else those filed to the practices they see."""
    who = actor(request)
    if not who.is_provider:
        raise PermissionDenied
    found = queries.inbound(who).select_related("organization", "request")
    if query.outcome:
        found = found.filter(outcome=query.outcome)
    return list(found.order_by("-id")[: query.limit])
