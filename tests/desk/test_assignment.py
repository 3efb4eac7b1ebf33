"""Teams and automatic assignment: round-robin and least open work, people
who are away or cannot see the practice skipped, manual teams, moving a
request to a team, and concurrent creations never assigning twice."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.utils import timezone

from tandem.accounts import services as accounts
from tandem.accounts import teams
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import AssignmentMode, Role
from tandem.accounts.models import Organization, Person, Team
from tandem.audit.models import AuditEvent
from tandem.core.exceptions import Conflict
from tandem.core.tenancy import SYSTEM
from tandem.desk import services
from tandem.desk.choices import MessageKind, Status
from tandem.desk.models import ServiceRequest, TeamRoute
from tandem.notify.models import Notification


def _staff(provider: Organization, name: str, role: str = Role.TECHNICIAN) -> Person:
    return accounts.create_person(
        actor=SYSTEM,
        organization=provider,
        email=f"{name.lower()}@provider.example",
        full_name=name,
        role=role,
    )


def _team(provider: Organization, members: list[Person], mode: str, category: str) -> Team:
    team = teams.save_team(
        actor=SYSTEM,
        team=None,
        name=f"Team {mode}",
        lead=members[0],
        assignment=mode,
        members=members,
        provider=provider,
    )
    TeamRoute.objects.update_or_create(category=category, defaults={"team": team})
    return team


def _open(org: Organization, category: str = "devices", subject: str = "Printer") -> ServiceRequest:
    return services.open_request(
        actor=SYSTEM,
        organization=org,
        subject=subject,
        body="It does not print.",
        category=category,
        impact="person_blocked",
    )


@pytest.fixture
def crew(world):
    """Three technicians who see every practice, a fourth away until tomorrow."""
    names = ["Alex", "Blair", "Casey", "Drew"]
    people = [_staff(world.provider, n) for n in names]
    teams.set_away(actor=SYSTEM, person=people[3], until=timezone.now() + timedelta(days=1))
    return people


def test_round_robin_takes_turns_and_skips_whoever_is_away(world, crew):
    alex, blair, casey, drew = crew
    _team(world.provider, [alex, blair, drew, casey], AssignmentMode.ROUND_ROBIN, "devices")
    got = [_open(world.a).assignee for _ in range(6)]
    assert got == [alex, blair, casey, alex, blair, casey]
    # Drew is back: never given one, so the next turn is Drew's.
    teams.set_away(actor=SYSTEM, person=drew, until=None)
    assert _open(world.a).assignee == drew
    assert _open(world.a).assignee == alex


def test_least_load_gives_to_whoever_has_least_open_work(world, crew):
    alex, blair, casey, _drew = crew
    team = _team(world.provider, [alex, blair, casey], AssignmentMode.LEAST_LOAD, "network")
    for _ in range(2):  # Alex already has two open requests, Blair one
        services.assign(actor=SYSTEM, request=_open(world.a, "other"), assignee=alex)
    services.assign(actor=SYSTEM, request=_open(world.a, "other"), assignee=blair)
    done = _open(world.a, "other")
    services.assign(actor=SYSTEM, request=done, assignee=casey)
    services.change_status(actor=SYSTEM, request=done, status=Status.RESOLVED)
    got = [_open(world.a, "network").assignee for _ in range(4)]
    # Open work A2 B1 C0 (the resolved one does not count): Casey. Then B1 C1:
    # a tie goes to whoever the team gave one longest ago (Blair, never). Then
    # A2 B2 C1: Casey. Then 2-2-2: Alex, never given one by the team.
    assert got == [casey, blair, casey, alex]
    assert team.memberships.filter(last_assigned_at__isnull=False).count() == 3


def test_a_member_who_cannot_see_the_practice_is_skipped(world, crew):
    alex, blair, _casey, _drew = crew
    accounts.set_assignments(actor=SYSTEM, person=alex, restricted=True, clients=[world.b])
    _team(world.provider, [alex, blair], AssignmentMode.ROUND_ROBIN, "devices")
    assert [_open(world.a).assignee for _ in range(3)] == [blair, blair, blair]
    assert _open(world.b).assignee == alex


def test_nobody_available_leaves_it_to_the_team(world, crew):
    _alex, _blair, _casey, drew = crew
    team = _team(world.provider, [drew], AssignmentMode.ROUND_ROBIN, "devices")
    item = _open(world.a)
    assert item.team == team
    assert item.assignee is None
    assert item.status == Status.NEW


def test_a_manual_team_gets_the_request_with_nobody_assigned(world, crew):
    team = _team(world.provider, crew[:2], AssignmentMode.MANUAL, "phones")
    item = _open(world.a, "phones")
    assert (item.team, item.assignee, item.version) == (team, None, 1)
    assert _open(world.a, "devices").team is None  # no route for this category


def test_automatic_assignment_tells_the_assignee_and_both_sides_see_who(world, crew):
    alex = crew[0]
    _team(world.provider, [alex], AssignmentMode.ROUND_ROBIN, "devices")
    item = _open(world.a)
    assert item.status == Status.NEW  # nobody has picked it up yet
    assert item.picked_up_at is None
    assert Notification.objects.filter(person=alex, title__contains=item.subject).exists()
    event = item.messages.get(kind=MessageKind.EVENT)
    assert event.body == "Alex was assigned."
    (record,) = AuditEvent.objects.filter(verb="request.route", target_id=str(item.pk))
    assert record.changes["rule"] == [None, "round_robin"]
    assert record.changes["assignee"] == ["", "Alex"]


def test_sending_to_a_team_reassigns_and_refuses_a_stale_version(world, crew):
    alex, blair, casey, _drew = crew
    network = _team(world.provider, [blair, casey], AssignmentMode.ROUND_ROBIN, "network")
    manual = _team(world.provider, [alex, casey], AssignmentMode.MANUAL, "phones")
    staff = actor_for(world.people["provider_admin"])
    item = _open(world.a, "other")
    services.assign(actor=staff, request=item, assignee=alex)
    item.refresh_from_db()
    with pytest.raises(Conflict):
        services.send_to_team(actor=staff, request=item, team=network, version=item.version - 1)
    item = services.send_to_team(actor=staff, request=item, team=network, version=item.version)
    assert (item.team, item.assignee) == (network, blair)
    # A manual team keeps the assignee only if they are one of its members.
    item = services.send_to_team(actor=staff, request=item, team=manual)
    assert (item.team, item.assignee) == (manual, None)


def test_practice_people_cannot_route_or_manage_teams(world, crew):
    team = _team(world.provider, crew[:1], AssignmentMode.MANUAL, "phones")
    client = actor_for(world.people["client_admin_a"])
    with pytest.raises(PermissionDenied):
        services.send_to_team(actor=client, request=world.request_a, team=team)
    with pytest.raises(PermissionDenied):
        teams.save_team(
            actor=client,
            team=team,
            name="Mine now",
            lead=None,
            assignment=AssignmentMode.MANUAL,
            members=[],
            provider=world.provider,
        )
    with pytest.raises(PermissionDenied):
        teams.team_for(client, team.uuid)
    technician = actor_for(world.people["technician_a"])
    with pytest.raises(PermissionDenied):  # only provider admins and service managers
        teams.save_team(
            actor=technician,
            team=None,
            name="Rogue",
            lead=None,
            assignment=AssignmentMode.MANUAL,
            members=[],
            provider=world.provider,
        )


def test_team_members_must_be_active_provider_staff(world, crew):
    with pytest.raises(ValidationError) as exc:
        teams.save_team(
            actor=SYSTEM,
            team=None,
            name="Mixed",
            lead=None,
            assignment=AssignmentMode.MANUAL,
            members=[crew[0], world.people["client_admin_a"]],
            provider=world.provider,
        )
    assert "members" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        teams.set_away(actor=SYSTEM, person=crew[0], until=timezone.now() - timedelta(hours=1))
    assert "away_until" in exc.value.message_dict


def test_team_changes_and_away_are_audited(world, crew):
    alex, blair = crew[:2]
    team = _team(world.provider, [alex], AssignmentMode.MANUAL, "phones")
    teams.save_team(
        actor=SYSTEM,
        team=team,
        name="Phones",
        lead=blair,
        assignment=AssignmentMode.LEAST_LOAD,
        members=[alex, blair],
        provider=world.provider,
    )
    (created, changed) = AuditEvent.objects.filter(
        verb__startswith="team.", target_id=str(team.uuid)
    ).order_by("id")
    assert created.verb == "team.create"
    assert changed.verb == "team.update"
    assert changed.changes["members"] == [["Alex"], ["Alex", "Blair"]]
    assert changed.changes["assignment"] == ["manual", "least_load"]
    assert AuditEvent.objects.filter(verb="person.away", target_id=str(crew[3].uuid)).exists()


def _create_many(org_id: int, count: int, start) -> None:
    start.wait(30)
    org = Organization.objects.get(pk=org_id)
    for n in range(count):
        _open(org, "devices", subject=f"Concurrent {n}")
    connections.close_all()


@pytest.mark.slow
@pytest.mark.parametrize("mode", [AssignmentMode.ROUND_ROBIN, AssignmentMode.LEAST_LOAD])
def test_concurrent_creations_never_assign_twice(transactional_db, mode):
    from tests.conftest import build_world

    world = build_world()
    crew = [_staff(world.provider, n) for n in ("Alex", "Blair", "Casey")]
    away = _staff(world.provider, "Drew")
    teams.set_away(actor=SYSTEM, person=away, until=timezone.now() + timedelta(hours=2))
    _team(world.provider, [*crew, away], mode, "devices")
    connections.close_all()  # children open their own connections
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    workers = [ctx.Process(target=_create_many, args=(world.a.pk, 6, start)) for _ in range(3)]
    for w in workers:
        w.start()
    start.set()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0
    made = ServiceRequest.objects.filter(subject__startswith="Concurrent")
    assert made.count() == 18
    per_person = Counter(made.values_list("assignee__full_name", flat=True))
    # 18 requests over the three who are in: exactly six each, none to Drew.
    assert per_person == {"Alex": 6, "Blair": 6, "Casey": 6}
