"""The SLA clocks on requests, moved by the desk's own services: started on
open, stopped by the provider's first human answer or a logged call, a next
response after the practice writes, paused while the practice or a third
party is waited on, stopped on resolve and resumed on reopen, recomputed on
a new priority. Time is frozen at known instants (time-machine); the default
promise is the issue's (P2: 1 business hour / 8 business hours) over the
default calendar (Monday to Friday 08:00-18:00, America/New_York, US federal
holidays)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tandem.core.tenancy import SYSTEM
from tandem.desk import queries
from tandem.desk import services as desk
from tandem.desk.models import ServiceRequest
from tandem.sla import clocks
from tandem.sla.choices import ClockKind, ClockState
from tandem.sla.models import CalendarDay, ClockEvent, Contract, SlaClock, SlaPolicy

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")
FRIDAY_1630 = datetime(2026, 11, 20, 16, 30, tzinfo=NY)  # a Friday


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


def clock(item: ServiceRequest, kind: str) -> SlaClock:
    return SlaClock.objects.filter(request=item, kind=kind).latest("id")


def raise_(world, actor_of, at: datetime, impact: str = "practice_down", **kw) -> ServiceRequest:
    with time_machine.travel(at, tick=False):
        return desk.open_request(
            actor=actor_of(world.people["client_member_a"]),
            organization=world.a,
            subject="Scheduling is down",
            body="Nobody can book.",
            category="ehr",
            impact=impact,
            **kw,
        )


def test_a_p2_raised_friday_afternoon_is_due_on_monday(world, actor_of):
    item = raise_(world, actor_of, FRIDAY_1630)
    assert item.priority == 2
    first = clock(item, ClockKind.FIRST_RESPONSE)
    assert first.deadline == ny(2026, 11, 20, 17, 30)  # one business hour, same day
    # Eight business hours: 16:30-18:00 Friday, then Monday 08:00 + 6.5 h.
    assert clock(item, ClockKind.RESOLUTION).deadline == ny(2026, 11, 23, 14, 30)
    item.refresh_from_db()
    assert item.sla_due == first.deadline


def test_a_p1_is_covered_around_the_clock(world, actor_of):
    item = raise_(world, actor_of, FRIDAY_1630, impact="patient_care")
    assert item.priority == 1
    assert clock(item, ClockKind.FIRST_RESPONSE).deadline == ny(2026, 11, 20, 16, 45)
    assert clock(item, ClockKind.RESOLUTION).deadline == ny(2026, 11, 20, 20, 30)


def test_the_first_human_answer_stops_the_first_clock_and_a_reply_starts_the_next(world, actor_of):
    item = raise_(world, actor_of, FRIDAY_1630)
    tech = actor_of(world.people["technician_a"])
    member = actor_of(world.people["client_member_a"])
    with time_machine.travel(ny(2026, 11, 20, 16, 40), tick=False):
        desk.add_message(actor=SYSTEM, request=item, body="We got your request.")  # automatic
    assert clock(item, ClockKind.FIRST_RESPONSE).state == ClockState.RUNNING
    with time_machine.travel(ny(2026, 11, 20, 16, 50), tick=False):
        desk.add_message(actor=tech, request=item, body="Looking now.")
    first = clock(item, ClockKind.FIRST_RESPONSE)
    assert first.state == ClockState.STOPPED
    assert first.met is True
    with time_machine.travel(ny(2026, 11, 20, 17, 55), tick=False):
        desk.add_message(actor=member, request=item, body="Still down.")
    after = clock(item, ClockKind.NEXT_RESPONSE)
    # One business hour from 17:55 Friday: 5 minutes Friday, 55 Monday morning.
    assert after.deadline == ny(2026, 11, 23, 8, 55)
    with time_machine.travel(ny(2026, 11, 23, 9, 30), tick=False):
        desk.add_message(actor=tech, request=item, body="Back up.")
    late = clock(item, ClockKind.NEXT_RESPONSE)
    assert late.state == ClockState.STOPPED
    assert late.met is False


def test_waiting_on_the_practice_pauses_and_its_answer_resumes(world, actor_of):
    item = raise_(world, actor_of, ny(2026, 11, 23, 9, 0))  # Monday 09:00
    tech = actor_of(world.people["technician_a"])
    with time_machine.travel(ny(2026, 11, 23, 10, 0), tick=False):
        desk.add_message(actor=tech, request=item, body="Which PC?", ask_practice=True)
    resolution = clock(item, ClockKind.RESOLUTION)
    assert resolution.state == ClockState.PAUSED
    assert resolution.deadline is None
    item.refresh_from_db()
    assert item.sla_due is None
    assert item.sla_paused is True
    with time_machine.travel(ny(2026, 11, 23, 15, 0), tick=False):
        desk.add_message(
            actor=actor_of(world.people["client_member_a"]), request=item, body="Front desk 2."
        )
    resolution = clock(item, ClockKind.RESOLUTION)
    assert resolution.state == ClockState.RUNNING
    # One hour used before the pause; seven left from 15:00: 3 today, 4 on Tuesday.
    assert resolution.deadline == ny(2026, 11, 24, 12, 0)
    reasons = list(
        ClockEvent.objects.filter(clock=resolution).values_list("what", "reason").order_by("id")
    )
    assert ("pause", "Waiting on the practice") in reasons
    assert reasons[-1][0] == "resume"


def test_resolving_stops_and_reopening_resumes_without_the_resolved_stretch(world, actor_of):
    item = raise_(world, actor_of, ny(2026, 11, 23, 9, 0))
    tech = actor_of(world.people["technician_a"])
    with time_machine.travel(ny(2026, 11, 23, 11, 0), tick=False):
        desk.change_status(actor=tech, request=item, status="resolved")
    done = clock(item, ClockKind.RESOLUTION)
    assert done.state == ClockState.STOPPED
    assert done.met is True
    with time_machine.travel(ny(2026, 11, 24, 9, 0), tick=False):
        item.refresh_from_db()
        desk.add_message(
            actor=actor_of(world.people["client_member_a"]), request=item, body="It's back."
        )
    again = clock(item, ClockKind.RESOLUTION)
    assert again.state == ClockState.RUNNING
    assert again.met is None
    # Two hours used on Monday; six left from Tuesday 09:00.
    assert again.deadline == ny(2026, 11, 24, 15, 0)


def test_a_new_priority_recomputes_the_targets(world, actor_of):
    item = raise_(world, actor_of, FRIDAY_1630)
    with time_machine.travel(ny(2026, 11, 20, 16, 35), tick=False):
        desk.retriage(
            actor=actor_of(world.people["technician_a"]),
            request=item,
            reason="Whole clinic affected",
            priority=1,
        )
    resolution = clock(item, ClockKind.RESOLUTION)
    assert resolution.coverage == "24x7"
    assert resolution.deadline == ny(2026, 11, 20, 20, 30)  # 4 h from the start, 24x7
    assert ClockEvent.objects.filter(clock=resolution, what="recompute").exists()


def test_a_logged_call_is_the_first_response(world, actor_of):
    with time_machine.travel(FRIDAY_1630, tick=False):
        item = desk.open_request(
            actor=actor_of(world.people["technician_a"]),
            organization=world.a,
            subject="Phones dead",
            body="Called in.",
            category="phones",
            impact="practice_down",
            channel="phone",
            requester=world.people["client_member_a"],
            time_spent_minutes=5,
        )
    first = clock(item, ClockKind.FIRST_RESPONSE)
    assert first.state == ClockState.STOPPED
    assert first.met is True


def test_the_observed_july_4_holiday_is_not_counted(world, actor_of):
    item = raise_(world, actor_of, ny(2026, 7, 2, 17, 0))  # Thursday; Friday July 3 is observed
    # One business hour Thursday, then seven on Monday July 6.
    assert clock(item, ClockKind.RESOLUTION).deadline == ny(2026, 7, 6, 15, 0)


def test_a_contract_overrides_the_default_promise(world, actor_of):
    policy = SlaPolicy.objects.create(
        name="Premium",
        targets={
            **clocks.default_targets(),
            "2": {"first_response": 30, "next_response": 30, "resolution": 120, "coverage": "24x7"},
        },
    )
    Contract.objects.create(
        organization=world.a,
        name="Riverside 2026",
        policy=policy,
        calendar=clocks.default_calendar(),
        starts_on=date(2026, 1, 1),
    )
    item = raise_(world, actor_of, FRIDAY_1630)
    assert clock(item, ClockKind.FIRST_RESPONSE).deadline == ny(2026, 11, 20, 17, 0)
    assert clock(item, ClockKind.RESOLUTION).deadline == ny(2026, 11, 20, 18, 30)


def test_the_breaching_soon_queue_and_the_countdown(world, actor_of):
    soon = raise_(world, actor_of, FRIDAY_1630)  # first response due 17:30
    later = raise_(world, actor_of, ny(2026, 11, 20, 16, 0), impact="question")  # P4, Monday
    admin = actor_of(world.people["provider_admin"])
    with time_machine.travel(ny(2026, 11, 20, 17, 0), tick=False):
        listed = list(queries.queue(admin, name="breaching"))
        assert soon in listed
        assert later not in listed
        page = world.client_for("provider_admin").get("/requests/", {"queue": "breaching"})
        assert page.status_code == 200
        assert "Due in 30 min" in page.content.decode()
    with time_machine.travel(ny(2026, 11, 20, 17, 45), tick=False):
        page = world.client_for("provider_admin").get("/requests/", {"queue": "all"})
        assert "Overdue 15 min" in page.content.decode()


def test_the_practice_sees_why_a_clock_is_paused(world, actor_of):
    item = raise_(world, actor_of, ny(2026, 11, 23, 9, 0))
    with time_machine.travel(ny(2026, 11, 23, 10, 0), tick=False):
        desk.add_message(
            actor=actor_of(world.people["technician_a"]),
            request=item,
            body="Which PC?",
            ask_practice=True,
        )
        page = world.client_for("client_member_a").get(f"/requests/{item.reference}/")
    html = page.content.decode()
    assert "Service level" in html
    assert "Paused: Waiting on the practice" in html


def test_deadlines_are_stored_in_utc(world, actor_of):
    item = raise_(world, actor_of, FRIDAY_1630)
    stored = clock(item, ClockKind.FIRST_RESPONSE).deadline
    assert stored.astimezone(UTC) == datetime(2026, 11, 20, 22, 30, tzinfo=UTC)
    assert stored - clock(item, ClockKind.FIRST_RESPONSE).started_at == timedelta(hours=1)


def test_a_closed_day_added_to_the_calendar_moves_new_deadlines(world, actor_of):
    """The computed calendar is cached by the calendar's updated_at; adding a
    day must invalidate it."""
    first = raise_(world, actor_of, ny(2026, 11, 24, 17, 0))  # Tuesday 17:00
    assert clock(first, ClockKind.RESOLUTION).deadline == ny(2026, 11, 25, 15, 0)
    CalendarDay.objects.create(
        calendar=clocks.default_calendar(), date=date(2026, 11, 25), hours=[], reason="Move"
    )
    second = raise_(world, actor_of, ny(2026, 11, 24, 17, 0))
    # Wednesday closed, Thursday is Thanksgiving: seven hours on Friday.
    assert clock(second, ClockKind.RESOLUTION).deadline == ny(2026, 11, 27, 15, 0)
