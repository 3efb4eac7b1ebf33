"""API: the audit trail, read-only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, Page, PageQuery, Slug, Text, page_of
from tandem.audit import queries
from tandem.audit.forms import EventFilterForm
from tandem.audit.models import AuditEvent

READ = scoped("audit:read")
router = Router(tags=["audit"])


class AuditEventOut(Schema):
    organization: str
    position: int
    occurred_at: datetime
    actor: str = Field(alias="actor_label")
    verb: str
    target_type: str
    target_id: str
    target_label: str
    changes: dict[str, Any]
    ip_address: str | None
    hash: str

    @staticmethod
    def resolve_organization(event: AuditEvent) -> str:
        return event.organization.slug


class AuditQuery(PageQuery):
    organization: Slug() | None = None  # type: ignore[valid-type]
    verb: Text(64) | None = None  # type: ignore[valid-type]
    person: Text(254) | None = Field(None, description="email of who acted")  # type: ignore[valid-type]
    record: UUID | None = Field(None, description="id of the record the events are about")
    since: date | None = Field(None, description="first day, inclusive")
    until: date | None = Field(None, description="last day, inclusive")


@router.get(
    "/audit-events",
    auth=READ,
    response={200: Page[AuditEventOut], 401: ErrorOut, 422: ErrorOut},
    summary="Audit events of the organizations I may see, newest first",
)
def audit_event_list(request: HttpRequest, query: Query[AuditQuery]) -> dict[str, object]:
    events = queries.events_for(request.actor)  # type: ignore[attr-defined]
    if query.organization:
        events = events.filter(organization__slug=query.organization)
    # The same filters as the audit trail page, one implementation.
    wanted = query.dict(exclude={"after", "limit", "organization"}, exclude_none=True)
    filters = EventFilterForm(wanted)
    if not filters.is_valid():
        raise DjangoValidationError({k: list(v) for k, v in filters.errors.items()})
    events = filters.apply(events)
    return page_of(events, query)
