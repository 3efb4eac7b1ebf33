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


def policy_of(world, *, repeats: int = 1):
    """ "Out of hours": P1 pages the rotation's person on call (5 minutes to
    acknowledge), then Pat (10 minutes), the ladder once more."""
    from tandem.oncall import policies
    from tandem.oncall.models import EscalationPolicy

    found = EscalationPolicy.objects.filter(name="Out of hours").first()
    if found is not None:
        return found
    return policies.save_policy(
        actor=actor_for(world.people["provider_admin"]),
        policy=None,
        name="Out of hours",
        priorities=[1],
        out_of_hours=True,
        on_breach=True,
        repeats=repeats,
        steps=[
            policies.Step(rotation=rotation_of(world), person=None, delay_minutes=5),
            policies.Step(rotation=None, person=world.people["provider_admin"], delay_minutes=10),
        ],
    )


def raise_p1(world, at, *, persona: str = "client_member_a", subject: str = "EHR is down"):
    import time_machine

    from tandem.desk import services as desk

    person = world.people[persona]
    with time_machine.travel(at, tick=False):
        return desk.open_request(
            actor=actor_for(person),
            organization=person.organization,
            subject=subject,
            body="Nobody can open a chart; patients arrive at 7.",
            category="ehr",
            impact="patient_care",
        )


def ack_token(attempt) -> str:
    """The acknowledge link's token, read back from the email that carried it."""
    from tandem.notify.models import OutboxMessage

    email = OutboxMessage.objects.get(idempotency_key=f"notice:page:{attempt.pk}")
    return email.body_text.split("/oncall/ack/")[1].split("/")[0]
