"""Demo history for the SLA figures: five weeks of Riverside's requests,
kept and missed, one miss explained by the service manager.

The requests and their conversations are written through the desk's
services today, then dated back (the request, its messages), and their
clocks are replayed through the SLA engine at those past instants: started
when the request came in, stopped at the answer and at the resolution, and
a deadline that passed recorded by the sweep as a breach. The figures are
computed from these clocks like any others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.accounts.models import Organization, Person
from tandem.desk import services
from tandem.desk.choices import MessageKind
from tandem.desk.models import ServiceRequest
from tandem.sla import breaches, clocks, sweep
from tandem.sla.choices import ClockKind
from tandem.sla.models import SlaClock


@dataclass(frozen=True)
class Past:
    days_ago: int
    at_hour: int
    subject: str
    impact: str
    answered_after: int  # minutes after it came in
    resolved_after: int  # minutes after it came in


HISTORY = [
    Past(33, 10, "Label printer at the front desk prints blank", "person_blocked", 40, 300),
    Past(29, 9, "Scheduling module freezes when booking", "practice_down", 25, 260),
    Past(26, 14, "New phone for the hygienist room", "question", 150, 2900),
    Past(22, 8, "EHR will not open on exam room 2", "patient_care", 9, 150),
    Past(19, 11, "VPN drops for the billing clerk at home", "person_blocked", 95, 900),
    # The miss: the first answer came 2 h 20 min after a P2 came in.
    Past(15, 9, "Card terminal cannot reach the payment service", "practice_down", 140, 420),
    Past(12, 13, "Password reset for the new receptionist", "question", 30, 60),
    Past(8, 10, "E-prescribing signature pad not detected", "person_blocked", 55, 600),
    Past(5, 15, "Slow Wi-Fi in the waiting room", "question", 200, 1500),
    Past(2, 9, "Lab results interface stopped importing", "patient_care", 12, 200),
]
EXPLANATION = (
    "Our on-call technician was on site at another clinic's outage and the "
    "hand-off to the service desk was missed. Hand-offs now go through the desk queue."
)


def _instant(days_ago: int, hour: int) -> datetime:
    zone = ZoneInfo(clocks.default_calendar().time_zone)  # the provider's hours
    day = timezone.now().astimezone(zone).date() - timedelta(days=days_ago)
    # A working day of the default calendar, so each promise counts as in real life.
    closed = holidays.country_holidays("US", years=[day.year - 1, day.year], observed=True)
    while day.weekday() >= 5 or day in closed:
        day -= timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def seed(practice: Organization, member: Person, tech: Person, manager: Person) -> None:
    if ServiceRequest.objects.filter(organization=practice, subject=HISTORY[0].subject).exists():
        return  # idempotent: seeded once
    missed: ServiceRequest | None = None
    for past in HISTORY:
        item = services.open_request(
            actor=actor_for(member),
            organization=practice,
            subject=past.subject,
            body="Details are in the first message.",
            category="devices",
            impact=past.impact,
        )
        services.assign(actor=actor_for(tech), request=item, assignee=tech)
        services.add_message(actor=actor_for(tech), request=item, body="Looking at it now.")
        item.refresh_from_db()
        services.change_status(actor=actor_for(tech), request=item, status="resolved")
        came = _instant(past.days_ago, past.at_hour)
        answered = came + timedelta(minutes=past.answered_after)
        resolved = came + timedelta(minutes=past.resolved_after)
        _date_back(item, came, answered, resolved)
        _replay(item, came, answered, resolved)
        if past.answered_after == 140:
            missed = item
    if missed is not None:
        breach = missed.sla_breaches.first()
        if breach is not None:
            breaches.explain(actor=actor_for(manager), breach=breach, text=EXPLANATION)


def _date_back(
    item: ServiceRequest, came: datetime, answered: datetime, resolved: datetime
) -> None:
    first, *rest = list(item.messages.order_by("id"))
    first.created_at = came
    first.save(update_fields=["created_at"])
    for message in rest:
        public_reply = message.kind == MessageKind.PUBLIC and message.author_id == item.assignee_id
        message.created_at = answered if public_reply else resolved
        message.save(update_fields=["created_at"])
    ServiceRequest.objects.filter(pk=item.pk).update(
        created_at=came,
        updated_at=resolved,
        status_changed_at=resolved,
        picked_up_at=answered,
        first_response_at=answered,
        resolved_at=resolved,
    )
    item.refresh_from_db()


def _replay(item: ServiceRequest, came: datetime, answered: datetime, resolved: datetime) -> None:
    """The clocks as they ran (the ones services started today are replaced),
    with the sweep passing at each deadline that came before its answer."""
    SlaClock.objects.filter(request=item).delete()
    clocks.request_opened(item, came)
    for kind, done in ((ClockKind.FIRST_RESPONSE, answered), (ClockKind.RESOLUTION, resolved)):
        clock = SlaClock.objects.get(request=item, kind=kind)
        if clock.deadline is not None and clock.deadline < done:
            sweep.breach_due(now=clock.deadline + timedelta(minutes=1))
        if kind == ClockKind.FIRST_RESPONSE:
            clocks.public_message(item, answered, by_provider=True)
    clocks.status_changed(item, "open", "resolved", resolved)
