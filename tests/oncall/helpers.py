"""An on-call rotation in the test world: Pat then Tess, weekly, handing
off Mondays at 09:00 New York, from Monday Nov 2, 2026."""

from __future__ import annotations

from datetime import date, time

from tandem.accounts.actors import actor_for
from tandem.oncall import services
from tandem.oncall.models import Rotation


def rotation_of(world) -> Rotation:
    found = Rotation.objects.filter(name="Desk nights").first()
    if found is not None:
        return found
    return services.save_rotation(
        actor=actor_for(world.people["provider_admin"]),
        rotation=None,
        name="Desk nights",
        time_zone="America/New_York",
        handoff_time=time(9),
        period_days=7,
        starts_on=date(2026, 11, 2),
        members=[world.people["provider_admin"], world.people["technician_a"]],
    )
