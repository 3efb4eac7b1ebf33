"""Teams of the provider's staff, and who is away: the writes (audited) and
the reads. Which team takes which requests, and who in it gets the next one,
is the desk's business (tandem.desk.routing)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tandem.accounts.choices import AssignmentMode, OrgKind, Role
from tandem.accounts.models import Organization, Person, Team, TeamMember
from tandem.accounts.permissions import PROVIDER_LEADS
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul

MAX_AWAY_DAYS = 366


def can_manage_teams(actor: Actor) -> bool:
    """Provider admins and service managers shape the teams."""
    return actor.is_system or (actor.is_provider and actor.role in PROVIDER_LEADS)


def teams_for(actor: Actor) -> QuerySet[Team]:
    """The provider's teams, to its staff only (a practice never sees them)."""
    if not (actor.is_system or actor.is_provider):
        return Team.objects.none()
    return actor.scope(Team.objects.select_related("lead")).order_by("name")


def team_for(actor: Actor, uuid: Any) -> Team:
    """One team, or PermissionDenied for a practice's people (teams are the
    provider's internals), Team.DoesNotExist when there is none."""
    if not (actor.is_system or actor.is_provider):
        raise PermissionDenied
    return teams_for(actor).get(uuid=uuid)


def members_of(team: Team) -> list[Person]:
    return [m.person for m in team.memberships.select_related("person").order_by("id")]


def _provider_staff(people: Sequence[Person | None], field: str, organization_id: int) -> None:
    for person in people:
        if person is None:
            continue
        if (
            person.organization_id != organization_id
            or not person.is_provider_staff
            or not person.is_active
        ):
            raise ValidationError({field: "Choose active members of the provider's staff."})


def _name(value: str) -> str:
    name = strip_nul(value or "").strip()
    if not name:
        raise ValidationError({"name": "Give the team a name."})
    if len(name) > 100:
        raise ValidationError({"name": "At most 100 characters."})
    return name


def _snapshot(team: Team) -> dict[str, Any]:
    return {
        "name": team.name,
        "lead": str(team.lead) if team.lead_id else "",
        "assignment": team.assignment,
        "members": sorted(str(p) for p in members_of(team)) if team.pk else [],
    }


def _set_members(team: Team, members: Sequence[Person]) -> None:
    wanted = {p.pk for p in members}
    team.memberships.exclude(person_id__in=wanted).delete()
    have = set(team.memberships.values_list("person_id", flat=True))
    # In the order given: the round-robin's first turn follows it.
    TeamMember.objects.bulk_create(
        [TeamMember(team=team, person=p) for p in members if p.pk not in have]
    )


@transaction.atomic
def save_team(
    *,
    actor: Actor,
    team: Team | None,
    name: str,
    lead: Person | None,
    assignment: str,
    members: Sequence[Person],
    provider: Organization,
) -> Team:
    """Create (team=None) or change a team; the lead is a member too."""
    if not can_manage_teams(actor):
        raise PermissionDenied
    if provider.kind != OrgKind.PROVIDER:
        raise ValidationError({"organization": "Teams belong to the provider."})
    if assignment not in AssignmentMode.values:
        raise ValidationError({"assignment": "Choose how the team's requests are assigned."})
    _provider_staff([lead], "lead", provider.pk)
    _provider_staff(members, "members", provider.pk)
    members = list(dict.fromkeys(members))
    if lead is not None and lead not in members:
        members.insert(0, lead)
    name = _name(name)
    clash = Team.objects.filter(organization=provider, name__iexact=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise ValidationError({"name": "Another team has this name."})
    creating = team is None
    if team is None:
        team = Team(organization=provider)
        before: dict[str, Any] = {}
    else:
        team = Team.objects.select_for_update().get(pk=team.pk)
        before = _snapshot(team)
    team.name, team.lead, team.assignment = name, lead, assignment
    team.save()
    _set_members(team, members)
    after = _snapshot(team)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        audit.record(
            actor=actor,
            verb="team.create" if creating else "team.update",
            organization_id=provider.pk,
            target=team,
            target_label=team.name,
            changes=changes,
        )
    return team


def can_set_away(actor: Actor, person: Person) -> bool:
    """Oneself, or a provider admin for the provider's staff."""
    if not person.is_provider_staff:
        return False
    if actor.person_id == person.pk:
        return True
    return actor.is_system or (actor.is_provider and actor.role == Role.PROVIDER_ADMIN)


@transaction.atomic
def set_away(*, actor: Actor, person: Person, until: datetime | None) -> Person:
    """Away until `until` (None: back now). Automatic assignment skips them."""
    if not can_set_away(actor, person):
        raise PermissionDenied
    now = timezone.now()
    if until is not None:
        if timezone.is_naive(until):
            raise ValidationError({"away_until": "Give a date and time with a time zone."})
        if until <= now:
            raise ValidationError({"away_until": "Choose a time in the future."})
        if (until - now).days > MAX_AWAY_DAYS:
            raise ValidationError({"away_until": "At most a year ahead."})
    before = person.away_until
    if before == until or (until is None and not person.is_away(now)):
        return person
    person.away_until = until
    person.save(update_fields=["away_until"])
    audit.record(
        actor=actor,
        verb="person.away",
        organization_id=person.organization_id,
        target=person,
        changes={
            "away_until": [
                before.isoformat() if before else None,
                until.isoformat() if until else None,
            ]
        },
    )
    return person
