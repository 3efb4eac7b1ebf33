"""Making a missed deadline in the test world, for the tests that need one."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.desk import services as desk
from tandem.sla import sweep
from tandem.sla.models import Breach


def breach_of(world, side: str) -> Breach:
    """A breach on the side's request (practice A's or B's), made once: A's
    request waits on the practice, so its member answers first and its clocks
    run; then every running clock passes its deadline."""
    request = world.request_a if side == "own" else world.request_b
    found = Breach.objects.filter(request=request).order_by("id").first()
    if found is not None:
        return found
    if side == "own":
        desk.add_message(
            actor=actor_for(world.people["client_member_a"]), request=request, body="Yes."
        )
    sweep.sweep(now=timezone.now() + timedelta(days=40))
    return Breach.objects.filter(request=request).order_by("id").first()
