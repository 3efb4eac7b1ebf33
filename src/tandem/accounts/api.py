"""API: me, organizations, sites, people, invitations."""

from __future__ import annotations

from datetime import time
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import model_validator

from tandem.accounts import queries, services
from tandem.accounts.choices import Role
from tandem.accounts.models import Organization, Person, Site
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Slug, Text, page_of
from tandem.core.tenancy import Actor

READ = scoped("accounts:read")
WRITE = scoped("accounts:write")
router = Router(tags=["accounts"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


class OrganizationOut(Schema):
    slug: str
    kind: str
    name: str
    phone: str
    support_phone: str
    support_hours: str


class OpeningHoursOut(Schema):
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    opens: time
    closes: time


class SiteOut(Schema):
    id: UUID = Field(alias="uuid")
    organization: str
    name: str
    address: str
    time_zone: str
    phone: str
    hours: list[OpeningHoursOut]
    always_open: bool = Field(description="open 24/7: changes go in its low-impact windows")
    low_impact: list[OpeningHoursOut] = Field(
        description="when a change disturbs a 24/7 site least (opens..closes)"
    )

    @staticmethod
    def resolve_organization(site: Site) -> str:
        return site.organization.slug

    @staticmethod
    def resolve_hours(site: Site) -> list[OpeningHoursOut]:
        return [
            OpeningHoursOut(weekday=h.weekday, opens=h.opens, closes=h.closes)
            for h in site.hours.all()
        ]

    @staticmethod
    def resolve_low_impact(site: Site) -> list[OpeningHoursOut]:
        return [
            OpeningHoursOut(weekday=w.weekday, opens=w.starts, closes=w.ends)
            for w in site.low_impact.all()
        ]


class PersonOut(Schema):
    id: UUID = Field(alias="uuid")
    organization: str
    full_name: str
    email: str
    phone: str
    job_title: str
    role: str
    is_active: bool
    can_sign_in: bool

    @staticmethod
    def resolve_organization(person: Person) -> str:
        return person.organization.slug


class MeOut(PersonOut):
    side: str
    visible_organizations: list[str]


@router.get(
    "/me", auth=READ, response={200: MeOut, 401: ErrorOut}, summary="Who I am and what I see"
)
def me(request: HttpRequest) -> Person:
    a = actor(request)
    if a.person_id is None:
        raise HttpError(404, "This token belongs to a service account, not a person.")
    person = get_object_or_404(queries.people_for(a), pk=a.person_id)
    person.side = a.side.value  # type: ignore[attr-defined]
    person.visible_organizations = list(  # type: ignore[attr-defined]
        queries.organizations_for(a).values_list("slug", flat=True)
    )
    return person


@router.get("/organizations", auth=READ, response={200: Page[OrganizationOut], **ERRORS})
def organization_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, object]:
    return page_of(queries.organizations_for(actor(request)), query)


@router.get("/organizations/{slug}", auth=READ, response={200: OrganizationOut, **ERRORS})
def organization_detail(request: HttpRequest, slug: Slug()) -> Organization:  # type: ignore[valid-type]
    return queries.organization_for(actor(request), slug)


@router.get("/sites", auth=READ, response={200: Page[SiteOut], **ERRORS})
def site_list(
    request: HttpRequest,
    query: Query[PageQuery],
    organization: Slug() | None = None,  # type: ignore[valid-type]
) -> dict[str, object]:
    qs = queries.sites_for(actor(request))
    if organization:
        qs = qs.filter(organization__slug=organization)
    return page_of(qs, query)


@router.get("/sites/{uuid}", auth=READ, response={200: SiteOut, **ERRORS})
def site_detail(request: HttpRequest, uuid: UUID) -> Site:
    return queries.site_for(actor(request), str(uuid))


class HoursIn(ObjectIn):
    weekday: int = Field(ge=0, le=6)
    opens: time = Field(description="local time of the site, without an offset")
    closes: time = Field(description="local time of the site, after opens")

    @model_validator(mode="after")
    def _local_and_ordered(self) -> HoursIn:
        # The site's time zone gives the offset; an explicit one cannot be stored
        # (SQLite refuses aware times outright).
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("Give local times without an offset, like 08:30.")
        if self.closes <= self.opens:
            raise ValueError("Closing time must be after opening time.")
        return self


class SiteIn(ObjectIn):
    organization: Slug()  # type: ignore[valid-type]
    name: Text(200, 1)  # type: ignore[valid-type]
    address_line1: Text(200) = ""  # type: ignore[valid-type]
    address_line2: Text(200) = ""  # type: ignore[valid-type]
    city: Text(100) = ""  # type: ignore[valid-type]
    state: Text(50) = ""  # type: ignore[valid-type]
    postal_code: Text(20) = ""  # type: ignore[valid-type]
    phone: Text(40) = ""  # type: ignore[valid-type]
    time_zone: Text(64, 1) = "America/New_York"  # type: ignore[valid-type]
    hours: list[HoursIn] = Field(default_factory=list, max_length=7)
    always_open: bool = False
    low_impact: list[HoursIn] = Field(default_factory=list, max_length=7)


class SitePatch(ObjectIn):
    """Only the fields sent change. Text fields are never null: send "" to clear one."""

    name: Text(200, 1) = None  # type: ignore[valid-type]
    address_line1: Text(200) = None  # type: ignore[valid-type]
    address_line2: Text(200) = None  # type: ignore[valid-type]
    city: Text(100) = None  # type: ignore[valid-type]
    state: Text(50) = None  # type: ignore[valid-type]
    postal_code: Text(20) = None  # type: ignore[valid-type]
    phone: Text(40) = None  # type: ignore[valid-type]
    time_zone: Text(64, 1) = None  # type: ignore[valid-type]
    hours: list[HoursIn] | None = Field(None, max_length=7)
    always_open: bool | None = None
    low_impact: list[HoursIn] | None = Field(None, max_length=7)


def _hours(items: list[HoursIn] | None) -> dict[int, tuple[time, time]] | None:
    return None if items is None else {h.weekday: (h.opens, h.closes) for h in items}


@router.post("/sites", auth=WRITE, response={201: SiteOut, **ERRORS})
def site_create(request: HttpRequest, payload: SiteIn) -> Status[Site]:
    a = actor(request)
    org = queries.organization_for(a, payload.organization)
    data = payload.dict(exclude={"organization", "hours", "low_impact"})
    site = services.create_site(
        actor=a,
        organization=org,
        hours=_hours(payload.hours),
        low_impact=_hours(payload.low_impact),
        **data,
    )
    return Status(201, queries.site_for(a, str(site.uuid)))


@router.patch("/sites/{uuid}", auth=WRITE, response={200: SiteOut, **ERRORS})
def site_update(request: HttpRequest, uuid: UUID, payload: SitePatch) -> Site:
    a = actor(request)
    site = queries.site_for(a, str(uuid))
    data = payload.dict(exclude_unset=True, exclude={"hours", "low_impact"})
    services.update_site(
        actor=a,
        site=site,
        hours=_hours(payload.hours),
        low_impact=_hours(payload.low_impact),
        **data,
    )
    return queries.site_for(a, str(uuid))


@router.get("/people", auth=READ, response={200: Page[PersonOut], **ERRORS})
def person_list(
    request: HttpRequest,
    query: Query[PageQuery],
    organization: Slug() | None = None,  # type: ignore[valid-type]
) -> dict[str, object]:
    qs = queries.people_for(actor(request))
    if organization:
        qs = qs.filter(organization__slug=organization)
    return page_of(qs, query)


@router.get("/people/{uuid}", auth=READ, response={200: PersonOut, **ERRORS})
def person_detail(request: HttpRequest, uuid: UUID) -> Person:
    return queries.person_for(actor(request), str(uuid))


class InvitationIn(ObjectIn):
    organization: Slug()  # type: ignore[valid-type]
    email: Text(254, 3)  # type: ignore[valid-type]
    full_name: Text(200, 1)  # type: ignore[valid-type]
    role: Literal[tuple(r.value for r in Role)]  # type: ignore[valid-type]


class InvitationOut(Schema):
    id: UUID = Field(alias="uuid")
    email: str
    role: str
    state: str
    expires_at: str

    @staticmethod
    def resolve_expires_at(invitation: object) -> str:
        return invitation.expires_at.isoformat()  # type: ignore[attr-defined,no-any-return]


@router.post(
    "/invitations",
    auth=WRITE,
    response={201: InvitationOut, **ERRORS},
    summary="Invite someone; the link is emailed, never returned",
)
def invitation_create(request: HttpRequest, payload: InvitationIn) -> Status[object]:
    a = actor(request)
    org = queries.organization_for(a, payload.organization)
    try:
        validate_email(payload.email)
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}) from exc
    invitation, _token = services.invite(
        actor=a,
        organization=org,
        email=payload.email,
        full_name=payload.full_name,
        role=payload.role,
    )
    return Status(201, invitation)
