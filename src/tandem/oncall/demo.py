"""Demo on-call: the provider's nights-and-weekends rotation, weekly, with
a cover this week, so the on-call page has someone on call now and a cover
to show; an escalation policy for patient care out of hours; and last
weekend's page for Riverside's outage, acknowledged by the technician after
the first level's wait ran out (so the acknowledgement times have a row)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.accounts.models import Person
from tandem.oncall import paging, policies, services
from tandem.oncall.models import EscalationPolicy, OnCallPage, PageReason, Rotation


def seed(staff: list[Person], lead: Person, manager: Person) -> None:
    if Rotation.objects.exists():
        return  # idempotent: seeded once
    today = timezone.now().date()
    monday = today - timedelta(days=today.weekday())
    rotation = services.save_rotation(
        actor=actor_for(lead),
        rotation=None,
        name="Nights and weekends",
        time_zone="America/New_York",
        handoff_time=time(9),
        period_days=7,
        starts_on=monday,
        members=staff,
    )
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    services.add_override(
        actor=actor_for(lead),
        rotation=rotation,
        person=staff[-1],
        starts_at=start,
        ends_at=start + timedelta(hours=14),
        reason="Covering a school play night",
    )
    policy = policies.save_policy(
        actor=actor_for(lead),
        policy=None,
        name="Patient care, out of hours",
        priorities=[1],
        out_of_hours=True,
        on_breach=True,
        repeats=2,
        steps=[
            policies.Step(rotation=rotation, person=None, delay_minutes=5),
            policies.Step(rotation=None, person=manager, delay_minutes=10),
        ],
    )
    _last_weekend(policy)


def _last_weekend(policy: EscalationPolicy) -> None:
    """Riverside's patient-care request paged at 02:10 last Sunday: the
    person on call did not answer in 5 minutes, the manager was paged, and
    acknowledged 3 minutes later."""
    from tandem.desk.models import ServiceRequest

    item = (
        ServiceRequest.objects.filter(organization__slug="riverside", priority=1)
        .exclude(status__in=paging.DONE)
        .order_by("created_at")
        .first()
    )
    if item is None:
        return
    zone = ZoneInfo("America/New_York")
    today = timezone.now().astimezone(zone).date()
    sunday = today - timedelta(days=today.weekday() + 1)
    at = datetime.combine(sunday, time(2, 10), tzinfo=zone)
    page = paging.open_page(item, policy, PageReason.OUT_OF_HOURS, f"demo:{item.pk}", at)
    if page is None:
        return
    with transaction.atomic():
        page = OnCallPage.objects.select_for_update().get(pk=page.pk)
        paging.advance(page, at + timedelta(minutes=5))
    manager = page.attempts.order_by("-id").first()
    if manager is not None:
        paging.acknowledge(
            page=page, person=manager.person, via="link", at=at + timedelta(minutes=8)
        )
