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


def terms_of(world, *, with_contracts: bool = True):
    """A calendar (Chicago, weekdays 09:00-17:00, one closure), a policy (P2
    answered in 30 minutes) and contracts for both practices, made once."""
    from datetime import date

    from tandem.sla.clocks import default_targets
    from tandem.sla.models import BusinessCalendar, CalendarDay, Contract, SlaPolicy

    calendar, _ = BusinessCalendar.objects.get_or_create(
        name="Chicago office",
        defaults={
            "time_zone": "America/Chicago",
            "hours": {str(d): [[540, 1020]] for d in range(5)},
        },
    )
    # Christmas Eve closed (made again if a test removed it).
    CalendarDay.objects.get_or_create(
        calendar=calendar, date=date(2026, 12, 24), defaults={"hours": [], "reason": "Eve"}
    )
    targets = default_targets()
    targets["2"]["first_response"] = 30
    policy, _ = SlaPolicy.objects.get_or_create(name="Premium", defaults={"targets": targets})
    contracts = {}
    for side, org in (("own", world.a), ("foreign", world.b)) if with_contracts else ():
        contracts[side], _ = Contract.objects.get_or_create(
            organization=org,
            name="Managed services",
            defaults={"policy": policy, "calendar": calendar, "starts_on": date(2026, 1, 1)},
        )
    return calendar, policy, contracts
