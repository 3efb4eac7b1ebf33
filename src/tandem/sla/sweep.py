"""The SLA sweep: a periodic job that touches only clocks that are due (a
warning time or a deadline passed), read off partial indexes, never every
open request. Due clocks are claimed a batch at a time, in one transaction,
under row locks (PostgreSQL: SKIP LOCKED, so two sweepers share the work;
SQLite: IMMEDIATE transactions serialize writers) and re-checked there, so
two sweeps running at once warn and record each breach exactly once; the
notices' keys make a retry harmless too. A batch is written with a handful
of statements (one update, one insert per table), so a thousand due clocks
cost about what a few do."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import Role
from tandem.accounts.models import Person
from tandem.audit import services as audit
from tandem.core import bulk
from tandem.core.tenancy import SYSTEM
from tandem.notify import services as notify
from tandem.notify.models import NoticeKind
from tandem.sla import display, signals
from tandem.sla.choices import ClockKind, ClockState
from tandem.sla.models import Breach, SlaClock

log = logging.getLogger(__name__)
BATCH = 1000


@dataclass(frozen=True)
class Swept:
    warned: int
    breached: int


def _due(order: str, **due: Any) -> Any:
    return SlaClock.objects.filter(state=ClockState.RUNNING, **due).order_by(order)


# What the sweep reads of a clock, its request and the people to tell.
_PERSON = ("id", "organization_id", "email", "password", "is_active")
_READ = (
    "id", "organization_id", "kind", "deadline", "request__id", "request__organization_id",
    "request__number", "request__subject", "request__team__id",
    *(f"request__team__lead__{f}" for f in _PERSON),
    *(f"request__assignee__{f}" for f in _PERSON),
)  # fmt: skip


def _claim(order: str, limit: int, **due: Any) -> list[SlaClock]:
    """Up to `limit` due clocks, locked until the caller's transaction ends
    (only the clocks' rows: the requests and people are read, not locked)."""
    qs = _due(order, **due).select_related("request__team__lead", "request__assignee")
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return list(qs.only(*_READ)[:limit])


def _any_due(order: str, **due: Any) -> bool:
    """One read of the partial index, outside any transaction: the usual
    answer is no, and then the sweep costs this one query."""
    return bool(_due(order, **due).exists())


def recipients(clock: SlaClock, managers: Callable[[], list[Person]] | None = None) -> list[Person]:
    """The assignee and the lead of the request's team; when it has neither,
    the provider's service managers (someone must hear of it)."""
    request = clock.request
    people = {p.pk: p for p in (request.assignee, getattr(request.team, "lead", None)) if p}
    if not people:
        people = {p.pk: p for p in (managers or service_managers)()}
    return list(people.values())


def service_managers() -> list[Person]:
    return list(
        Person.objects.filter(
            organization__kind="provider", role=Role.SERVICE_MANAGER, is_active=True
        )
    )


class _Managers:
    """The service managers, read once per batch and only if needed."""

    def __init__(self) -> None:
        self._people: list[Person] | None = None

    def __call__(self) -> list[Person]:
        if self._people is None:
            self._people = service_managers()
        return self._people


def _notices(
    clocks: list[SlaClock], kind: str, say: Callable[[SlaClock], tuple[str, str]]
) -> list[notify.Notice]:
    managers = _Managers()
    # One reverse() for the batch: the address differs only by the reference.
    pattern = reverse("desk:request_detail", args=["T-1"])
    out = []
    for clock in clocks:
        request = clock.request
        title, body = say(clock)
        url = pattern.replace("/T-1/", f"/{request.reference}/")
        for person in recipients(clock, managers):
            out.append(
                notify.Notice(
                    person=person,
                    organization_id=request.organization_id,
                    kind=kind,
                    title=title,
                    url=url,
                    key=f"{kind}:{clock.pk}:{clock.deadline:%Y%m%d%H%M}:{person.pk}",
                    email_subject=f"[{request.reference}] {title}",
                    email_body=f"{body}\n\n{request.reference} {request.subject}",
                )
            )
    return out


def _label(clock: SlaClock) -> str:
    return ClockKind(clock.kind).label.lower()


def warn_due(now: datetime, limit: int = BATCH) -> int:
    """Warn for up to `limit` clocks whose warning time has passed."""
    if not _any_due("warn_at", warned_at__isnull=True, warn_at__lte=now):
        return 0
    with transaction.atomic():
        clocks = _claim("warn_at", limit, warned_at__isnull=True, warn_at__lte=now)
        if not clocks:
            return 0
        SlaClock.objects.filter(pk__in=[c.pk for c in clocks]).update(warned_at=now)

        def say(clock: SlaClock) -> tuple[str, str]:
            left = display.duration(clock.deadline - now) if clock.deadline else "little time"
            return (
                f"{_label(clock).capitalize()} due in {left}",
                f"The {_label(clock)} promised on {clock.request.reference} is due in {left}.",
            )

        notify.notify_many(_notices(clocks, NoticeKind.SLA_WARNING, say))
        return len(clocks)


def breach_due(now: datetime, limit: int = BATCH) -> int:
    """Record a breach for up to `limit` clocks whose deadline has passed."""
    if not _any_due("deadline", breached_at__isnull=True, deadline__lte=now):
        return 0
    with transaction.atomic():
        # deadline__lte leaves out clocks without one.
        clocks = _claim("deadline", limit, breached_at__isnull=True, deadline__lte=now)
        if not clocks:
            return 0
        SlaClock.objects.filter(pk__in=[c.pk for c in clocks]).update(
            breached_at=now, decided_at=now
        )
        bulk.insert(
            Breach,
            [
                {
                    "organization_id": c.organization_id,
                    "clock_id": c.pk,
                    "request_id": c.request_id,
                    "kind": c.kind,
                    "deadline": c.deadline,
                    "recorded_at": now,
                }
                for c in clocks
            ],
        )
        audit.record_many(
            actor=SYSTEM,
            entries=(
                audit.Entry(
                    verb="sla.breach",
                    organization_id=c.organization_id,
                    target=c.request,
                    target_label=c.request.reference,
                    changes={
                        "clock": [None, c.kind],
                        "deadline": [None, cast(datetime, c.deadline).isoformat()],
                    },
                )
                for c in clocks
            ),
        )

        def say(clock: SlaClock) -> tuple[str, str]:
            return (
                f"{_label(clock).capitalize()} deadline missed",
                f"The {_label(clock)} promised on {clock.request.reference} was due at "
                f"{clock.deadline:%Y-%m-%d %H:%M} UTC and has not happened.",
            )

        notify.notify_many(_notices(clocks, NoticeKind.SLA_BREACH, say))
        signals.clocks_breached.send(SlaClock, clocks=clocks, at=now)
        return len(clocks)


def sweep(*, now: datetime | None = None, limit: int = BATCH) -> Swept:
    """One pass: warnings, then breaches, a batch of each (the next minute's
    pass takes what is left)."""
    now = now or timezone.now()
    swept = Swept(warned=warn_due(now, limit), breached=breach_due(now, limit))
    if swept.warned or swept.breached:
        log.info("SLA sweep: %s warnings, %s breaches", swept.warned, swept.breached)
    return swept
