"""API: service accounts (tokens for them are made only in the web app, after
the admin confirms their password)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tandem.accounts import queries as accounts
from tandem.accounts.choices import Role
from tandem.api import queries, services
from tandem.api.auth import scoped
from tandem.api.models import ApiToken, ServiceAccount
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Slug, Text, page_of
from tandem.core.tenancy import Actor

READ = scoped("accounts:read")
WRITE = scoped("accounts:write")
router = Router(tags=["service accounts"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ADMINS = frozenset({Role.PROVIDER_ADMIN, Role.CLIENT_ADMIN})


def _admin(request: HttpRequest) -> Actor:
    """Service accounts are shown to the admins who manage them, no one else."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not (actor.is_system or actor.role in ADMINS):
        raise PermissionDenied
    return actor


def _managed(actor: Actor, uuid: UUID) -> ServiceAccount:
    account = queries.service_account_for(actor, str(uuid))
    if not services.can_manage(actor, account.organization_id):
        raise PermissionDenied
    return account


class TokenOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    prefix: str = Field(description="the token starts with tdm_<prefix>_")
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ServiceAccountOut(Schema):
    id: UUID = Field(alias="uuid")
    organization: str
    name: str
    description: str
    role: str
    active: bool
    created_at: datetime
    deactivated_at: datetime | None
    live_tokens: int
    last_used_at: datetime | None

    @staticmethod
    def resolve_organization(account: ServiceAccount) -> str:
        return account.organization.slug

    @staticmethod
    def resolve_active(account: ServiceAccount) -> bool:
        return account.is_active


class ServiceAccountDetailOut(ServiceAccountOut):
    tokens: list[TokenOut]

    @staticmethod
    def resolve_tokens(account: ServiceAccount) -> list[ApiToken]:
        return list(account.tokens.all()[:100])


class ServiceAccountQuery(PageQuery):
    organization: Slug() | None = None  # type: ignore[valid-type]


class ServiceAccountIn(ObjectIn):
    organization: Slug()  # type: ignore[valid-type]
    name: Text(100, 1)  # type: ignore[valid-type]
    description: Text(300) = ""  # type: ignore[valid-type]
    role: Literal[tuple(r.value for r in Role)]  # type: ignore[valid-type]


class DeactivateIn(ObjectIn):
    reason: Text(300) = ""  # type: ignore[valid-type]


@router.get(
    "/service-accounts",
    auth=READ,
    response={200: Page[ServiceAccountOut], **ERRORS},
    summary="Service accounts of the organizations you administer",
)
def service_account_list(request: HttpRequest, query: Query[ServiceAccountQuery]) -> object:
    qs = queries.service_accounts_for(_admin(request))
    if query.organization:
        qs = qs.filter(organization__slug=query.organization)
    return page_of(qs, query)


@router.get(
    "/service-accounts/{uuid}", auth=READ, response={200: ServiceAccountDetailOut, **ERRORS}
)
def service_account_detail(request: HttpRequest, uuid: UUID) -> ServiceAccount:
    return _managed(_admin(request), uuid)


@router.post(
    "/service-accounts",
    auth=WRITE,
    response={201: ServiceAccountDetailOut, **ERRORS},
    summary="Add a service account; make its tokens in the web app",
)
def service_account_create(request: HttpRequest, payload: ServiceAccountIn) -> Status[object]:
    actor = _admin(request)
    org = accounts.organization_for(actor, payload.organization)
    account = services.create_service_account(
        actor=actor,
        organization=org,
        name=payload.name,
        description=payload.description,
        role=payload.role,
    )
    return Status(201, queries.service_account_for(actor, str(account.uuid)))


@router.post(
    "/service-accounts/{uuid}/deactivate",
    auth=WRITE,
    response={200: ServiceAccountDetailOut, **ERRORS},
    summary="Deactivate a service account; its tokens stop working at once",
)
def service_account_deactivate(
    request: HttpRequest, uuid: UUID, payload: DeactivateIn | None = None
) -> ServiceAccount:
    actor = _admin(request)
    account = _managed(actor, uuid)
    services.deactivate_service_account(
        actor=actor, account=account, reason=payload.reason if payload else ""
    )
    return queries.service_account_for(actor, str(uuid))
