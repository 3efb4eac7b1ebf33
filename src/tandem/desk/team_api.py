"""API: the provider's teams (provider staff only; a practice's people are
refused), which categories each takes, and saying one is away."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from tandem.accounts import queries as accounts
from tandem.accounts import teams
from tandem.accounts.choices import AssignmentMode
from tandem.accounts.models import Person, Team
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Page, PageQuery, Text, page_of
from tandem.desk import routing, services
from tandem.desk.choices import Category
from tandem.desk.models import TeamRoute

READ = scoped("desk:read")
WRITE = scoped("desk:write")
router = Router(tags=["teams"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


class MemberOut(Schema):
    id: UUID
    name: str
    away_until: datetime | None
    open_requests: int


class TeamOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    lead: UUID | None
    assignment: AssignmentMode
    categories: list[Category] = Field(description="new requests of these go to this team")
    members: list[MemberOut] = Field(description="in turn order")

    @staticmethod
    def resolve_lead(team: Team) -> UUID | None:
        return team.lead.uuid if team.lead else None

    @staticmethod
    def resolve_categories(team: Team) -> list[str]:
        return sorted(TeamRoute.objects.filter(team=team).values_list("category", flat=True))

    @staticmethod
    def resolve_members(team: Team) -> list[dict[str, Any]]:
        people = teams.members_of(team)
        load = routing.open_load(people)
        return [
            {
                "id": p.uuid,
                "name": p.full_name,
                "away_until": p.away_until if p.is_away() else None,
                "open_requests": load.get(p.pk, 0),
            }
            for p in people
        ]


class TeamIn(ObjectIn):
    name: Text(100, 1)  # type: ignore[valid-type]
    lead: UUID | None = None
    assignment: AssignmentMode = AssignmentMode.MANUAL
    members: list[UUID] = Field(default_factory=list, max_length=200)
    categories: list[Category] = Field(default_factory=list, max_length=20)


class TeamPatch(ObjectIn):
    """Only the fields sent change."""

    name: Text(100, 1) = None  # type: ignore[valid-type]
    lead: UUID | None = None
    assignment: AssignmentMode | None = None
    members: list[UUID] | None = Field(None, max_length=200)
    categories: list[Category] | None = Field(None, max_length=20)


class AwayIn(ObjectIn):
    until: datetime | None = Field(
        description="with a time zone; null: back now (assignment includes you again)"
    )


def _staff(a: Any, ids: list[UUID], field: str) -> list[Person]:
    found = {p.uuid: p for p in routing.provider_staff(a).filter(uuid__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise DjangoValidationError(
            {field: f"No such member of the provider's staff: {missing[0]}"}
        )
    return [found[i] for i in ids]


def _team(a: Any, uuid: UUID) -> Team:
    try:
        return teams.team_for(a, uuid)
    except Team.DoesNotExist:
        raise Http404("No such team.") from None


def _provider_only(a: Any) -> None:
    if not (a.is_provider or a.is_system):
        raise PermissionDenied


def _save(a: Any, team: Team | None, data: dict[str, Any]) -> Team:
    provider = accounts.provider_org()
    if provider is None:
        raise DjangoValidationError({"organization": "There is no provider yet."})
    with transaction.atomic():
        saved = teams.save_team(
            actor=a,
            team=team,
            name=data["name"],
            lead=_staff(a, [data["lead"]], "lead")[0] if data["lead"] else None,
            assignment=data["assignment"],
            members=_staff(a, data["members"], "members"),
            provider=provider,
        )
        if data["categories"] is not None:
            services.set_routes(actor=a, team=saved, categories=data["categories"])
    return teams.team_for(a, saved.uuid)


@router.get("/teams", auth=READ, response={200: Page[TeamOut], **ERRORS})
def team_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, object]:
    a = _actor(request)
    _provider_only(a)
    return page_of(teams.teams_for(a), query)


@router.post("/teams", auth=WRITE, response={201: TeamOut, **ERRORS})
def team_create(request: HttpRequest, payload: TeamIn) -> Status[Team]:
    a = _actor(request)
    _provider_only(a)
    return Status(201, _save(a, None, payload.dict()))


@router.get("/teams/{uuid}", auth=READ, response={200: TeamOut, **ERRORS})
def team_detail(request: HttpRequest, uuid: UUID) -> Team:
    return _team(_actor(request), uuid)


@router.patch("/teams/{uuid}", auth=WRITE, response={200: TeamOut, **ERRORS})
def team_update(request: HttpRequest, uuid: UUID, payload: TeamPatch) -> Team:
    a = _actor(request)
    team = _team(a, uuid)
    sent = payload.dict(exclude_unset=True)
    data = {
        "name": sent.get("name") or team.name,
        "lead": sent.get("lead", team.lead.uuid if team.lead else None),
        "assignment": sent.get("assignment") or team.assignment,
        "members": sent["members"]
        if sent.get("members") is not None
        else [p.uuid for p in teams.members_of(team)],
        "categories": sent.get("categories"),
    }
    return _save(a, team, data)


@router.put(
    "/me/away",
    auth=WRITE,
    response={200: MemberOut, **ERRORS},
    summary="Say I am away until a time (provider staff), or back (null)",
)
def away(request: HttpRequest, payload: AwayIn) -> dict[str, Any]:
    a = _actor(request)
    if a.person_id is None:
        raise PermissionDenied
    person = Person.objects.get(pk=a.person_id)
    person = teams.set_away(actor=a, person=person, until=payload.until)
    return {
        "id": person.uuid,
        "name": person.full_name,
        "away_until": person.away_until if person.is_away() else None,
        "open_requests": routing.open_load([person]).get(person.pk, 0),
    }
