"""The SLA sweep: a periodic job that touches only clocks that are due (a
warning time or a deadline passed), read off partial indexes, never every
open request. Each clock is handled in its own transaction under a row lock
(PostgreSQL: SKIP LOCKED, so two sweepers share the work; SQLite serializes
writers) and re-checked there, so two sweeps running at once warn and
record each breach exactly once; the notices' keys make a retry harmless too."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import Role
from tandem.accounts.models import Person
from tandem.audit import services as audit
from tandem.core.tenancy import SYSTEM
from tandem.notify import services as notify
from tandem.notify.models import NoticeKind
from tandem.sla import display
from tandem.sla.choices import ClockKind, ClockState
from tandem.sla.models import Breach, SlaClock

log = logging.getLogger(__name__)
BATCH = 1000


@dataclass(frozen=True)
class Swept:
    warned: int
    breached: int


def _locked(pk: int, **due: Any) -> SlaClock | None:
    qs = SlaClock.objects.filter(pk=pk, state=ClockState.RUNNING, **due)
    if connection.features.has_select_for_update_skip_locked:
        # Only the clock's row: the joined request, team and people are read, not locked
        # (and PostgreSQL cannot lock the nullable side of an outer join).
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return qs.select_related("request__team", "request__assignee").first()


def recipients(clock: SlaClock) -> list[Person]:
    """The assignee and the lead of the request's team; when it has neither,
    the provider's service managers (someone must hear of it)."""
    request = clock.request
    people = {p.pk: p for p in (request.assignee, getattr(request.team, "lead", None)) if p}
    if not people:
        managers = Person.objects.filter(
            organization__kind="provider", role=Role.SERVICE_MANAGER, is_active=True
        )
        people = {p.pk: p for p in managers}
    return list(people.values())


def _tell(clock: SlaClock, kind: str, title: str, body: str) -> None:
    request = clock.request
    url = reverse("desk:request_detail", args=[request.reference])
    for person in recipients(clock):
        notify.notify(
            person=person,
            organization_id=request.organization_id,
            kind=kind,
            title=title,
            url=url,
            key=f"{kind}:{clock.pk}:{clock.deadline:%Y%m%d%H%M}:{person.pk}",
            email_subject=f"[{request.reference}] {title}",
            email_body=f"{body}\n\n{request.reference} {request.subject}",
        )


def _warn(pk: int, now: datetime) -> bool:
    with transaction.atomic():
        clock = _locked(pk, warned_at__isnull=True, warn_at__lte=now)
        if clock is None:
            return False
        clock.warned_at = now
        clock.save(update_fields=["warned_at"])
        label = ClockKind(clock.kind).label.lower()
        left = display.duration(clock.deadline - now) if clock.deadline else "little time"
        _tell(
            clock,
            NoticeKind.SLA_WARNING,
            f"{label.capitalize()} due in {left}",
            f"The {label} promised on {clock.request.reference} is due in {left}.",
        )
        return True


def _breach(pk: int, now: datetime) -> bool:
    with transaction.atomic():
        clock = _locked(pk, breached_at__isnull=True, deadline__lte=now)
        if clock is None or clock.deadline is None:
            return False
        clock.breached_at = now
        clock.save(update_fields=["breached_at"])
        request = clock.request
        Breach.objects.create(
            organization_id=clock.organization_id,
            clock=clock,
            request=request,
            kind=clock.kind,
            deadline=clock.deadline,
            recorded_at=now,
        )
        label = ClockKind(clock.kind).label.lower()
        audit.record(
            actor=SYSTEM,
            verb="sla.breach",
            organization_id=clock.organization_id,
            target=request,
            target_label=request.reference,
            changes={"clock": [None, clock.kind], "deadline": [None, clock.deadline.isoformat()]},
        )
        _tell(
            clock,
            NoticeKind.SLA_BREACH,
            f"{label.capitalize()} deadline missed",
            f"The {label} promised on {request.reference} was due at "
            f"{clock.deadline:%Y-%m-%d %H:%M} UTC and has not happened.",
        )
        return True


def sweep(*, now: datetime | None = None, limit: int = BATCH) -> Swept:
    now = now or timezone.now()
    running = SlaClock.objects.filter(state=ClockState.RUNNING)
    due_warnings = running.filter(warned_at__isnull=True, warn_at__lte=now).order_by("warn_at")
    due_breaches = running.filter(breached_at__isnull=True, deadline__lte=now).order_by("deadline")
    warned = sum(_warn(pk, now) for pk in due_warnings.values_list("pk", flat=True)[:limit])
    breached = sum(_breach(pk, now) for pk in due_breaches.values_list("pk", flat=True)[:limit])
    if warned or breached:
        log.info("SLA sweep: %s warnings, %s breaches", warned, breached)
    return Swept(warned=warned, breached=breached)
