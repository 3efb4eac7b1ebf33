"""Paging: a P1 raised out of hours pages the person on call at once; the
escalation job pages the next level when the wait runs out, runs the
ladder again, and gives up telling the service managers; an
acknowledgement (the link's POST, or the app) stops it and is told on the
request; a paged technician limited to other practices gets time-boxed
access; a P1 breach pages too; a resolved request's page stops."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tandem.accounts.actors import actor_for
from tandem.accounts.models import EmergencyAccess
from tandem.audit.models import AuditEvent
from tandem.desk import services as desk
from tandem.desk.choices import MessageKind
from tandem.notify.models import NoticeKind, Notification, OutboxMessage
from tandem.oncall import paging
from tandem.oncall.models import OnCallPage, PageAttempt, PageReason, PageStatus
from tests.oncall.helpers import ack_token, policy_of, raise_p1

NY = ZoneInfo("America/New_York")
SUNDAY_2 = datetime(2026, 11, 29, 2, 0, tzinfo=NY)  # Tess's week on "Desk nights"
TUESDAY_10 = datetime(2026, 12, 1, 10, 0, tzinfo=NY)


def paged(page: OnCallPage) -> list[tuple[str, int, int]]:
    return [
        (a.person.full_name.split()[0], a.level, a.round)
        for a in page.attempts.select_related("person").order_by("id")
    ]


@pytest.mark.django_db
def test_a_p1_raised_out_of_hours_pages_the_person_on_call_at_once(world):
    policy_of(world)
    item = raise_p1(world, SUNDAY_2)
    page = OnCallPage.objects.get(request=item)
    assert page.reason == PageReason.OUT_OF_HOURS
    assert page.status == PageStatus.OPEN
    assert paged(page) == [("Tess", 0, 0)]
    assert page.next_at == SUNDAY_2 + timedelta(minutes=5)
    tess = world.people["technician_a"]
    notice = Notification.objects.get(person=tess, kind=NoticeKind.PAGE)
    assert item.reference in notice.title
    email = OutboxMessage.objects.get(recipient=tess.email, subject__contains="Paged")
    assert "/oncall/ack/" in email.body_text
    verbs = list(
        AuditEvent.objects.filter(organization=world.a, verb__startswith="oncall.")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["oncall.page_open", "oncall.paged"]


@pytest.mark.django_db
def test_inside_business_hours_or_below_the_policys_priorities_nobody_is_woken(world):
    policy_of(world)
    raise_p1(world, TUESDAY_10)
    with time_machine.travel(SUNDAY_2, tick=False):
        desk.open_request(
            actor=actor_for(world.people["client_member_a"]),
            organization=world.a,
            subject="Printer jam",
            body="Front desk printer.",
            category="devices",
            impact="person_blocked",
        )
    assert not OnCallPage.objects.exists()
    assert not PageAttempt.objects.exists()


@pytest.mark.django_db
def test_no_acknowledgement_pages_the_next_level_then_the_ladder_again_then_gives_up(world):
    policy_of(world, repeats=1)
    item = raise_p1(world, SUNDAY_2)
    page = OnCallPage.objects.get(request=item)
    assert paging.escalate_due(now=SUNDAY_2 + timedelta(minutes=4)) == 0
    assert paging.escalate_due(now=SUNDAY_2 + timedelta(minutes=5)) == 1
    page.refresh_from_db()
    assert paged(page) == [("Tess", 0, 0), ("Pat", 1, 0)]
    assert page.next_at == SUNDAY_2 + timedelta(minutes=15)
    # A second pass at the same moment finds nothing due: each step pages once.
    assert paging.escalate_due(now=SUNDAY_2 + timedelta(minutes=5)) == 0
    paging.escalate_due(now=SUNDAY_2 + timedelta(minutes=15))
    paging.escalate_due(now=SUNDAY_2 + timedelta(minutes=20))
    page.refresh_from_db()
    assert paged(page) == [("Tess", 0, 0), ("Pat", 1, 0), ("Tess", 0, 1), ("Pat", 1, 1)]
    paging.escalate_due(now=SUNDAY_2 + timedelta(minutes=30))
    page.refresh_from_db()
    assert page.status == PageStatus.EXHAUSTED
    assert page.next_at is None
    assert len(paged(page)) == 4
    assert AuditEvent.objects.filter(verb="oncall.page_exhausted", organization=world.a).exists()


@pytest.mark.django_db
def test_the_links_post_acknowledges_once_stops_escalation_and_tells_the_practice(world):
    policy_of(world)
    item = raise_p1(world, SUNDAY_2)
    page = OnCallPage.objects.get(request=item)
    later = SUNDAY_2 + timedelta(minutes=6)
    paging.escalate_due(now=later)
    pat_attempt = page.attempts.get(level=1)
    token = ack_token(pat_attempt)
    with time_machine.travel(later + timedelta(minutes=1), tick=False):
        attempt, acknowledged = paging.acknowledge_by_link(token)
    assert acknowledged
    assert attempt is not None
    page.refresh_from_db()
    assert page.status == PageStatus.ACKNOWLEDGED
    assert page.acknowledged_by == world.people["provider_admin"]
    assert page.next_at is None
    # The same link again acknowledges nothing more; Tess's link is moot now.
    assert paging.acknowledge_by_link(token)[1] is False
    assert paging.acknowledge_by_link(ack_token(page.attempts.get(level=0)))[1] is False
    assert paging.escalate_due(now=later + timedelta(hours=1)) == 0
    assert page.attempts.count() == 2
    event = item.messages.get(kind=MessageKind.EVENT, body__contains="on call")
    assert event.body.startswith("Pat Admin (on call) acknowledged the page")
    ack = AuditEvent.objects.get(verb="oncall.page_ack", organization=world.a)
    assert ack.changes["via"] == [None, "link"]


@pytest.mark.django_db
def test_a_technician_limited_to_other_practices_gets_time_boxed_access_when_paged(world):
    policy_of(world)
    tess = world.people["technician_a"]
    assert not actor_for(tess).can_see(world.b.pk)
    with time_machine.travel(SUNDAY_2, tick=False):
        item = raise_p1(world, SUNDAY_2, persona="client_admin_b")
        assert actor_for(tess).can_see(world.b.pk)
        grant = EmergencyAccess.objects.get(person=tess, organization=world.b)
        assert grant.reason == f"on-call page: {item.reference}"
        assert grant.expires_at == SUNDAY_2 + timedelta(hours=paging.ACCESS_HOURS)
    assert AuditEvent.objects.filter(
        verb="emergency_access.grant", organization=world.b, target_label=tess.full_name
    ).exists()
    # Pat sees every practice: no grant for the second level.
    paging.escalate_due(now=SUNDAY_2 + timedelta(minutes=5))
    assert not EmergencyAccess.objects.filter(person=world.people["provider_admin"]).exists()


@pytest.mark.django_db
def test_a_p1_that_misses_its_deadline_in_business_hours_pages(world):
    from tandem.sla import sweep

    policy = policy_of(world)
    item = raise_p1(world, TUESDAY_10)
    assert not OnCallPage.objects.exists()
    deadline = item.sla_clocks.order_by("deadline").first().deadline
    sweep.sweep(now=deadline + timedelta(seconds=1))
    page = OnCallPage.objects.get(request=item)
    assert page.reason == PageReason.BREACH
    assert page.policy == policy
    assert paged(page)
    assert paged(page)[0][1:] == (0, 0)


@pytest.mark.django_db
def test_resolving_the_request_stops_its_page(world):
    policy_of(world)
    item = raise_p1(world, SUNDAY_2)
    with time_machine.travel(SUNDAY_2 + timedelta(minutes=2), tick=False):
        desk.change_status(
            actor=actor_for(world.people["provider_admin"]), request=item, status="resolved"
        )
    assert paging.escalate_due(now=SUNDAY_2 + timedelta(minutes=5)) == 1
    page = OnCallPage.objects.get(request=item)
    assert page.status == PageStatus.STOPPED
    assert paged(page) == [("Tess", 0, 0)]


@pytest.mark.django_db
def test_acknowledging_in_the_app_needs_someone_who_sees_the_practice(world, client):
    policy_of(world)
    item = raise_p1(world, SUNDAY_2)
    page = OnCallPage.objects.get(request=item)
    assert paging.can_acknowledge(actor_for(world.people["technician_a"]), page)
    assert not paging.can_acknowledge(actor_for(world.people["client_admin_a"]), page)
    client.force_login(world.people["technician_a"])
    response = client.post(f"/oncall/pages/{page.uuid}/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == PageStatus.ACKNOWLEDGED
    assert page.acknowledged_by == world.people["technician_a"]


@pytest.mark.django_db
def test_a_request_re_triaged_to_p1_out_of_hours_pages(world):
    policy_of(world)
    with time_machine.travel(SUNDAY_2, tick=False):
        item = desk.open_request(
            actor=actor_for(world.people["client_member_a"]),
            organization=world.a,
            subject="Check-in kiosk slow",
            body="Patients queue at the kiosk.",
            category="devices",
            impact="person_blocked",
        )
        assert not OnCallPage.objects.exists()
        desk.retriage(
            actor=actor_for(world.people["provider_admin"]),
            request=item,
            reason="The kiosk is the only check-in this morning.",
            impact="patient_care",
        )
    assert OnCallPage.objects.get(request=item).reason == PageReason.OUT_OF_HOURS


@pytest.mark.django_db
def test_the_escalation_job_reads_only_due_pages_off_its_partial_index(world):
    from django.db import connection
    from django.utils import timezone

    from tests.desk.test_query_plans import plan

    policy = policy_of(world)
    now = timezone.now()
    OnCallPage.objects.bulk_create(
        OnCallPage(
            key=f"plan:{n}",
            policy=policy,
            request=world.request_a,
            organization=world.a,
            reason=PageReason.OUT_OF_HOURS,
            status=PageStatus.OPEN if n % 50 == 0 else PageStatus.ACKNOWLEDGED,
            next_at=now + timedelta(minutes=n % 7) if n % 50 == 0 else None,
            created_at=now,
        )
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert "oncall_page_due" in plan(paging.due(now))


def _escalate_in_a_process(at: datetime) -> None:
    from django.db import connections

    # Small batches, so the two take turns over the same due pages.
    while paging.escalate_due(now=at, limit=3):
        pass
    connections.close_all()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_escalation_jobs_at_once_page_each_step_exactly_once(world):
    import multiprocessing

    from django.db import connections

    from tandem.audit import services as audit

    policy_of(world)
    items = [raise_p1(world, SUNDAY_2, subject=f"Outage {n}") for n in range(12)]
    connections.close_all()  # the children open their own connections
    ctx = multiprocessing.get_context("fork")
    at = SUNDAY_2 + timedelta(minutes=6)
    workers = [ctx.Process(target=_escalate_in_a_process, args=(at,)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
        assert w.exitcode == 0
    for item in items:
        assert paged(OnCallPage.objects.get(request=item)) == [("Tess", 0, 0), ("Pat", 1, 0)]
    assert AuditEvent.objects.filter(verb="oncall.paged").count() == 24
    assert Notification.objects.filter(kind=NoticeKind.PAGE).count() == 24
    assert all(report.ok for report in audit.verify())
