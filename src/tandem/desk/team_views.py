"""Pages for the provider's teams: the list (with who is away and how much
open work each member has) and one team's settings, including which
categories of new requests it takes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tandem.accounts import queries as accounts
from tandem.accounts import teams
from tandem.accounts.choices import AssignmentMode
from tandem.accounts.models import Organization, Person, Team
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted
from tandem.desk import forms, routing, services
from tandem.desk.choices import Category
from tandem.desk.models import TeamRoute


def _staff(actor: Any) -> list[Person]:
    return list(routing.provider_staff(actor))


def _provider() -> Organization:
    org = accounts.provider_org()
    if org is None:
        raise Http404
    return org


def _by_uuid(people: list[Person], values: list[str]) -> list[Person]:
    index = {str(p.uuid): p for p in people}
    return [index[v] for v in values if v in index]


@require_GET
@login_required
def team_list(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    if not actor.is_provider:
        raise PermissionDenied
    rows = list(teams.teams_for(actor).prefetch_related("memberships__person"))
    people = [m.person for t in rows for m in t.memberships.all()]
    load = routing.open_load(people)
    routes: dict[int, list[str]] = {}
    for category, team in routing.routes().items():
        routes.setdefault(team.pk, []).append(Category(category).label)
    now = timezone.now()
    return render(
        request,
        "desk/team_list.html",
        {
            "teams": [
                {
                    "team": t,
                    "routes": routes.get(t.pk, []),
                    "members": [
                        {
                            "person": m.person,
                            "open": load.get(m.person_id, 0),
                            "away": m.person.is_away(now),
                        }
                        for m in t.memberships.all()
                    ],
                }
                for t in rows
            ],
            "can_manage": teams.can_manage_teams(actor),
        },
    )


@form_methods
@login_required
def team_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    actor = request.actor
    if not actor.is_provider:
        raise PermissionDenied
    team: Team | None = None
    if uuid is not None:
        try:
            team = teams.team_for(actor, uuid)
        except Team.DoesNotExist:
            raise Http404 from None
    if not teams.can_manage_teams(actor):
        raise PermissionDenied
    staff = _staff(actor)
    choices = [(str(p.uuid), p.full_name) for p in staff]
    initial: dict[str, Any] = {"assignment": AssignmentMode.ROUND_ROBIN}
    if team is not None:
        initial = {
            "name": team.name,
            "lead": str(team.lead.uuid) if team.lead else "",
            "assignment": team.assignment,
            "members": [str(p.uuid) for p in teams.members_of(team)],
            "categories": list(
                TeamRoute.objects.filter(team=team).values_list("category", flat=True)
            ),
        }
    form = forms.TeamForm(posted(request), staff=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lead = _by_uuid(staff, [data["lead"]]) if data["lead"] else []
        try:
            with transaction.atomic():
                saved = teams.save_team(
                    actor=actor,
                    team=team,
                    name=data["name"],
                    lead=lead[0] if lead else None,
                    assignment=data["assignment"],
                    members=_by_uuid(staff, data["members"]),
                    provider=_provider(),
                )
                services.set_routes(actor=actor, team=saved, categories=data["categories"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{saved.name} saved.")
            return redirect("desk:team_list")
    return render(
        request,
        "desk/team_edit.html",
        {"form": form, "team": team},
        status=422 if form.errors else 200,
    )
