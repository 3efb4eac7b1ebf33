"""Demo on-call: the provider's nights-and-weekends rotation, weekly, with
a cover this week, so the on-call page has someone on call now and a cover
to show."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.accounts.models import Person
from tandem.oncall import services
from tandem.oncall.models import Rotation


def seed(staff: list[Person], lead: Person) -> None:
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
