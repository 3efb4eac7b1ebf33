"""Which team takes a request, and who in the team gets it.

A new request goes to the team routed for its category. A team that assigns
automatically gives it to one member who can take it (active, not away, and
seeing the practice): by round-robin (the member given one longest ago), or
to the member with the least open work (ties: longest ago). The team's row is
locked while choosing, so two requests created at the same moment never both
pick on the same stale figures.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from tandem.accounts.choices import PROVIDER_ROLES, AssignmentMode, OrgKind
from tandem.accounts.models import Person, Team, TeamMember
from tandem.core.tenancy import SYSTEM, Actor
from tandem.desk.choices import ACTIVE_STATUSES
from tandem.desk.models import ServiceRequest, TeamRoute
from tandem.desk.queries import staff_who_can_take


def routes() -> dict[str, Team]:
    """category → team."""
    return {r.category: r.team for r in TeamRoute.objects.select_related("team")}


def team_for_category(category: str) -> Team | None:
    route = TeamRoute.objects.filter(category=category).select_related("team").first()
    return route.team if route else None


def candidates(team: Team, organization_id: int, now: Any = None) -> list[TeamMember]:
    """The members who may get a request of this practice now, in turn order."""
    now = now or timezone.now()
    eligible = staff_who_can_take(SYSTEM, organization_id).values("pk")
    return list(
        TeamMember.objects.filter(team=team, person__in=eligible)
        .exclude(person__away_until__gt=now)
        .select_related("person")
        .order_by(F("last_assigned_at").asc(nulls_first=True), "id")
    )


def open_load(people: list[Person]) -> dict[int, int]:
    """Active requests assigned to each person (off the partial index)."""
    rows = (
        ServiceRequest.objects.filter(assignee__in=people, status__in=ACTIVE_STATUSES)
        .values("assignee_id")
        .annotate(n=Count("id"))
    )
    return {r["assignee_id"]: r["n"] for r in rows}


def pick(team: Team, organization_id: int) -> Person | None:
    """The member who gets the next request of this practice, recorded as
    given one now. Call inside the transaction that assigns: it locks the team."""
    if team.assignment == AssignmentMode.MANUAL:
        return None
    Team.objects.select_for_update().filter(pk=team.pk).first()
    # Read the clock once the lock is held, so turns are stamped in lock order.
    now = timezone.now()
    members = candidates(team, organization_id, now)
    if not members:
        return None
    chosen = members[0]
    if team.assignment == AssignmentMode.LEAST_LOAD:
        load = open_load([m.person for m in members])
        # min() keeps the first of equals: the one given a request longest ago.
        chosen = min(members, key=lambda m: load.get(m.person_id, 0))
    TeamMember.objects.filter(pk=chosen.pk).update(last_assigned_at=now)
    return chosen.person


def members_ids(team: Team) -> set[int]:
    return set(team.memberships.values_list("person_id", flat=True))


def provider_staff(actor: Actor) -> QuerySet[Person]:
    """Active provider staff, as teams' leads and members."""
    return (
        actor.scope(Person.objects.all())
        .filter(organization__kind=OrgKind.PROVIDER, is_active=True, role__in=PROVIDER_ROLES)
        .order_by("full_name")
    )
