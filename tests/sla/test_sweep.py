"""The SLA sweep: warns at 75% of a target and records a breach at the
deadline, once each, telling the assignee and the team's lead through the
outbox; reads only due clocks; two sweepers running at once (two processes
on the same database) still warn and record each breach exactly once."""

from __future__ import annotations

import multiprocessing
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connections

from tandem.accounts import services as accounts
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import Role
from tandem.audit import services as audit
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import SYSTEM
from tandem.desk import services as desk
from tandem.notify.models import NoticeKind, Notification, OutboxMessage
from tandem.sla import sweep
from tandem.sla.choices import ClockKind
from tandem.sla.models import Breach, SlaClock

NY = ZoneInfo("America/New_York")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=NY)


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


def raise_p2(world, at: datetime, subject: str = "Scheduling is down"):
    with time_machine.travel(at, tick=False):
        return desk.open_request(
            actor=actor_for(world.people["client_member_a"]),
            organization=world.a,
            subject=subject,
            body="Nobody can book.",
            category="ehr",
            impact="practice_down",
        )


def notices(kind: str) -> list[tuple[str, int]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("title", "person_id"))


@pytest.mark.django_db
def test_a_warning_at_75_percent_and_a_breach_at_the_deadline_each_once(world):
    item = raise_p2(world, MONDAY_9)  # first response: due 10:00, warning at 09:45
    tech, lead = world.people["technician_a"], world.people["provider_admin"]
    with time_machine.travel(MONDAY_9, tick=False):
        # The team's lead is Pat; Tess has it.
        desk.send_to_team(actor=actor_for(lead), request=item, team=world.team)
        item.refresh_from_db()
        desk.assign(actor=actor_for(lead), request=item, assignee=tech)
    item.refresh_from_db()
    assert (item.team_id, item.assignee_id) == (world.team.pk, tech.pk)
    first = SlaClock.objects.get(request=item, kind=ClockKind.FIRST_RESPONSE)
    assert first.warn_at == ny(2026, 11, 23, 9, 45)

    assert sweep.sweep(now=ny(2026, 11, 23, 9, 44)) == sweep.Swept(0, 0)
    assert sweep.sweep(now=ny(2026, 11, 23, 9, 46)) == sweep.Swept(1, 0)
    assert sweep.sweep(now=ny(2026, 11, 23, 9, 50)) == sweep.Swept(0, 0)
    warned = notices(NoticeKind.SLA_WARNING)
    assert warned == sorted([("First response due in 14 min", p.pk) for p in (tech, lead)])
    assert OutboxMessage.objects.filter(subject__contains="First response due in").count() == 2

    assert sweep.sweep(now=ny(2026, 11, 23, 10, 1)) == sweep.Swept(0, 1)
    assert sweep.sweep(now=ny(2026, 11, 23, 10, 5)) == sweep.Swept(0, 0)
    breach = Breach.objects.get(request=item)
    assert breach.kind == ClockKind.FIRST_RESPONSE
    assert breach.deadline == ny(2026, 11, 23, 10, 0)
    breached = notices(NoticeKind.SLA_BREACH)
    assert breached == sorted([("First response deadline missed", p.pk) for p in (tech, lead)])
    event = AuditEvent.objects.get(verb="sla.breach")
    assert event.target_label == item.reference


@pytest.mark.django_db
def test_paused_and_met_clocks_are_never_warned_nor_breached(world):
    waiting = raise_p2(world, MONDAY_9, "Waiting")
    answered = raise_p2(world, MONDAY_9, "Answered")
    tech = actor_for(world.people["technician_a"])
    with time_machine.travel(ny(2026, 11, 23, 9, 10), tick=False):
        desk.add_message(actor=tech, request=waiting, body="Which PC?", ask_practice=True)
        desk.add_message(actor=tech, request=answered, body="On it.")
    done = sweep.sweep(now=ny(2026, 11, 23, 23, 0))
    # Only the answered request's resolution clock still runs (8 h: due 17:00).
    assert done == sweep.Swept(1, 1)
    assert list(Breach.objects.values_list("request_id", "kind")) == [
        (answered.pk, ClockKind.RESOLUTION)
    ]


@pytest.mark.django_db
def test_with_no_assignee_nor_team_the_service_managers_hear_of_it(world):
    manager = accounts.create_person(
        actor=SYSTEM,
        organization=world.provider,
        email="manager@example.org",
        full_name="Sam Manager",
        role=Role.SERVICE_MANAGER,
    )
    raise_p2(world, MONDAY_9)
    sweep.sweep(now=ny(2026, 11, 23, 10, 1))
    people = {p for _t, p in notices(NoticeKind.SLA_BREACH)}
    assert people == {manager.pk}


@pytest.mark.django_db
def test_a_sweep_with_nothing_due_reads_two_indexed_lists(world, django_assert_max_num_queries):
    raise_p2(world, MONDAY_9)
    with django_assert_max_num_queries(2):
        assert sweep.sweep(now=ny(2026, 11, 23, 9, 1)) == sweep.Swept(0, 0)


DUE = 30


def _sweep_in_a_process(at: datetime) -> None:
    # Small batches, so the two take turns over the same due clocks.
    while sweep.sweep(now=at, limit=4) != sweep.Swept(0, 0):
        pass
    connections.close_all()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_sweepers_at_once_warn_and_breach_each_clock_exactly_once(world):
    accounts.create_person(
        actor=SYSTEM,
        organization=world.provider,
        email="manager@example.org",
        full_name="Sam Manager",
        role=Role.SERVICE_MANAGER,
    )
    for n in range(DUE):
        raise_p2(world, MONDAY_9, f"Outage {n}")
    connections.close_all()  # the children open their own connections
    ctx = multiprocessing.get_context("fork")
    at = ny(2026, 11, 23, 10, 1)  # every first response warned and breached
    workers = [ctx.Process(target=_sweep_in_a_process, args=(at,)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
        assert w.exitcode == 0
    assert Breach.objects.count() == DUE
    assert SlaClock.objects.filter(warned_at__isnull=False).count() == DUE
    assert AuditEvent.objects.filter(verb="sla.breach").count() == DUE
    assert all(report.ok for report in audit.verify())  # the chains were appended in turn
    # Nobody is assigned: the one service manager hears of each, once.
    assert Notification.objects.filter(kind=NoticeKind.SLA_WARNING).count() == DUE
    assert Notification.objects.filter(kind=NoticeKind.SLA_BREACH).count() == DUE
    assert sweep.sweep(now=at) == sweep.Swept(0, 0)
