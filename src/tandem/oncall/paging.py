"""Pages: opening one when a request needs someone woken, paging each level
of its escalation policy in turn until someone acknowledges, and the
acknowledgement itself.

A page opens inside the transaction that made it necessary (the desk's for
a request raised out of hours, the SLA sweep's for a breach), and every
message it sends is an outbox row of that transaction: a crash never loses
a page. The escalation job reads only open pages whose next step is due,
off a partial index, claims them under row locks and re-checks, so two jobs
at once page each step once; each person's step is a unique row as well."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.accounts.models import Organization, Person
from tandem.audit import services as audit
from tandem.core.tenancy import SYSTEM, Actor
from tandem.notify import services as notify
from tandem.notify.models import NoticeKind
from tandem.oncall import formatters
from tandem.oncall.models import (
    EscalationLevel,
    EscalationPolicy,
    OnCallPage,
    PageAttempt,
    PageReason,
    PageStatus,
    PagingTarget,
)
from tandem.oncall.services import digest

log = logging.getLogger(__name__)
BATCH = 200
ACCESS_HOURS = 4
DONE = ("resolved", "closed")


# Which policy, and whether a page is needed -----------------------------------


def _policies(when: str) -> list[EscalationPolicy]:
    """The policies that page on this occasion (`out_of_hours` or
    `on_breach`) and have someone to page, first by name first."""
    found = EscalationPolicy.objects.filter(**{when: True}, levels__isnull=False)
    return list(found.distinct().order_by("name"))


def _first_covering(policies: list[EscalationPolicy], priority: int) -> EscalationPolicy | None:
    return next((p for p in policies if priority in p.priorities), None)


def policy_for(priority: int, *, when: str) -> EscalationPolicy | None:
    """The first policy by name that pages for this priority on this occasion."""
    return _first_covering(_policies(when), priority)


def inside_hours(organization_id: int, at: datetime) -> bool:
    """Whether the practice's contract calendar is open at `at`."""
    from tandem.sla import business_time as bt
    from tandem.sla import clocks

    contract = clocks.contract_for(organization_id, at.date())
    calendar = contract.calendar if contract is not None else clocks.default_calendar()
    return bt.elapsed(clocks.engine(calendar), at, at + timedelta(minutes=1)) > timedelta(0)


def request_opened(request: Any, at: datetime) -> OnCallPage | None:
    """Called in the desk's transaction when a request is raised (or
    re-triaged): out of hours, a covered priority pages at once."""
    policy = policy_for(request.priority, when="out_of_hours")
    if policy is None or inside_hours(request.organization_id, at):
        return None
    return open_page(request, policy, PageReason.OUT_OF_HOURS, f"hours:{request.pk}", at)


def breached(clocks: Iterable[Any], at: datetime) -> int:
    """Called in the SLA sweep's transaction with the clocks just breached."""
    from tandem.desk.models import ServiceRequest

    policies = _policies("on_breach")
    if not policies:
        return 0
    by_request = {c.request_id: c for c in clocks}
    covered = {p for policy in policies for p in policy.priorities}
    opened = 0
    found = (
        ServiceRequest.objects.filter(pk__in=by_request, priority__in=covered)
        .exclude(status__in=DONE)
        .select_related("organization")
    )
    for request in found:
        policy = _first_covering(policies, request.priority)
        if policy is not None:
            key = f"breach:{by_request[request.pk].pk}"
            opened += open_page(request, policy, PageReason.BREACH, key, at) is not None
    return opened


def on_priority_set(sender: Any, *, request: Any, at: datetime, **_: Any) -> None:
    request_opened(request, at)


def on_clocks_breached(sender: Any, *, clocks: Any, at: datetime, **_: Any) -> None:
    breached(clocks, at)


# Opening and escalating -----------------------------------------------------


def _levels(page: OnCallPage) -> list[EscalationLevel]:
    return list(page.policy.levels.select_related("rotation", "person"))


def open_page(
    request: Any, policy: EscalationPolicy, reason: str, key: str, at: datetime
) -> OnCallPage | None:
    """Page the policy's first level now. None when the request already has
    an open page (one wakes people enough) or this occasion was paged."""
    if OnCallPage.objects.filter(Q(request=request, status=PageStatus.OPEN) | Q(key=key)).exists():
        return None
    page = OnCallPage.objects.create(
        key=key,
        policy=policy,
        request=request,
        organization_id=request.organization_id,
        reason=reason,
        created_at=at,
    )
    audit.record(
        actor=SYSTEM,
        verb="oncall.page_open",
        organization_id=request.organization_id,
        target=request,
        target_label=request.reference,
        changes={"reason": [None, reason], "policy": [None, policy.name]},
    )
    levels = _levels(page)
    _page_level(page, levels[0], at)
    page.next_at = at + timedelta(minutes=levels[0].delay_minutes)
    page.save(update_fields=["next_at"])
    return page


def _people(level: EscalationLevel, at: datetime) -> list[Person]:
    from tandem.oncall.queries import on_call_now

    if level.person is not None:
        return [level.person]
    if level.rotation is None:
        return []
    person = on_call_now(level.rotation, at)
    return [person] if person is not None else []


def _page_level(page: OnCallPage, level: EscalationLevel, at: datetime) -> list[Person]:
    paged = []
    for person in _people(level, at):
        if not person.is_active:
            continue
        token = secrets.token_urlsafe(32)
        attempt, created = PageAttempt.objects.get_or_create(
            page=page,
            round=page.round,
            level=page.level,
            person=person,
            defaults={"paged_at": at, "token_digest": digest(token)},
        )
        if created:
            _open_door(person, page)
            _tell(attempt, token, at)
            paged.append(person)
    audit.record(
        actor=SYSTEM,
        verb="oncall.paged",
        organization_id=page.organization_id,
        target=page.request,
        target_label=page.request.reference,
        changes={
            "paged": [None, [p.full_name for p in paged] or "nobody on call"],
            "level": [None, page.level + 1],
            "round": [None, page.round + 1],
        },
    )
    return paged


def _open_door(person: Person, page: OnCallPage) -> None:
    """A technician limited to some practices, paged for another, gets a few
    hours' access to it: the emergency-access mechanism, reason "on-call page"."""
    from tandem.accounts.models import EmergencyAccess
    from tandem.accounts.services import open_emergency_access

    actor = actor_for(person)
    if not actor.is_provider or actor.can_see(page.organization_id):
        return
    if EmergencyAccess.objects.filter(
        person=person, organization_id=page.organization_id, ended_at=None,
        expires_at__gt=timezone.now(),
    ).exists():  # fmt: skip
        return
    open_emergency_access(
        actor=SYSTEM,
        organization=Organization.objects.get(pk=page.organization_id),
        person_id=person.pk,
        reason=f"on-call page: {page.request.reference}",
        hours=ACCESS_HOURS,
    )


def _subject(request: Any) -> str:
    # Pages leave for chat rooms and phones: a subject the PHI guard flagged stays home.
    return (
        "(subject withheld: may hold patient information)"
        if request.contains_phi
        else (request.subject)
    )


def event(page: OnCallPage, *, action: str, at: datetime, **more: Any) -> dict[str, Any]:
    request = page.request
    return {
        "action": action,
        "page": str(page.uuid),
        "reference": request.reference,
        "subject": _subject(request),
        "practice": request.organization.name,
        "priority": request.priority,
        "reason": PageReason(page.reason).label,
        "request_url": settings.SITE_URL + reverse("desk:request_detail", args=[request.reference]),
        "at": at.isoformat(),
        **more,
    }


def _tell(attempt: PageAttempt, token: str, at: datetime) -> None:
    """The page itself, to every channel of the person: in the app, by email
    (always: pages are essential), and to each of their webhook targets."""
    page, person = attempt.page, attempt.person
    ack_url = settings.SITE_URL + reverse("oncall:ack", args=[token])
    what = event(
        page,
        action=formatters.TRIGGER,
        at=at,
        ack_url=ack_url,
        person=person.full_name,
        level=attempt.level + 1,
        round=attempt.round + 1,
    )
    title = formatters.headline(what)
    notify.notify(
        person=person,
        organization_id=page.organization_id,
        kind=NoticeKind.PAGE,
        title=title,
        url=reverse("oncall:page", args=[page.uuid]),
        key=f"page:{attempt.pk}",
        email_subject=f"[{what['reference']}] {title}",
        email_body=(
            f"You are paged for {what['reference']} ({what['reason'].lower()}).\n\n"
            + "\n".join(f"{k}: {v}" for k, v in formatters.lines(what))
            + f"\n\nAcknowledge (stops the escalation): {ack_url}\n"
            f"Open the request: {what['request_url']}\n"
        ),
    )
    for target in person.paging_targets.all():
        notify.enqueue_webhook(
            target=str(target.uuid),
            subject=title,
            payload=what,
            idempotency_key=f"page:{attempt.pk}:{target.uuid}",
            organization_id=page.organization_id,
        )


def due(now: datetime) -> QuerySet[OnCallPage]:
    """Open pages whose next step is due: read off the oncall_page_due index."""
    return OnCallPage.objects.filter(status=PageStatus.OPEN, next_at__lte=now).order_by("next_at")


def _claim(now: datetime, limit: int) -> list[OnCallPage]:
    qs = due(now).select_related("request__organization", "policy")
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return list(qs[:limit])


def escalate_due(*, now: datetime | None = None, limit: int = BATCH) -> int:
    """One pass of the escalation job: the next level of every page whose
    wait ran out. Returns how many pages moved."""
    now = now or timezone.now()
    if not due(now).exists():
        return 0
    with transaction.atomic():
        pages = _claim(now, limit)
        for page in pages:
            advance(page, now)
    if pages:
        log.info("escalation: %s pages moved on", len(pages))
    return len(pages)


def _end(page: OnCallPage, status: str, now: datetime, verb: str) -> None:
    page.status, page.next_at, page.ended_at = status, None, now
    page.save(update_fields=["status", "next_at", "ended_at"])
    audit.record(
        actor=SYSTEM,
        verb=verb,
        organization_id=page.organization_id,
        target=page.request,
        target_label=page.request.reference,
        changes={"status": [PageStatus.OPEN.value, status]},
    )


def advance(page: OnCallPage, now: datetime) -> None:
    """The next step of one claimed (locked) page."""
    if page.request.status in DONE:
        _end(page, PageStatus.STOPPED, now, "oncall.page_stop")
        return
    levels = _levels(page)
    level, round_ = page.level + 1, page.round
    if level >= len(levels):
        level, round_ = 0, round_ + 1
    if not levels or round_ > page.policy.repeats:
        _end(page, PageStatus.EXHAUSTED, now, "oncall.page_exhausted")
        _nobody_answered(page)
        return
    page.level, page.round = level, round_
    _page_level(page, levels[level], now)
    page.next_at = now + timedelta(minutes=levels[level].delay_minutes)
    page.save(update_fields=["level", "round", "next_at"])


def _nobody_answered(page: OnCallPage) -> None:
    from tandem.sla.sweep import service_managers

    reference = page.request.reference
    for person in service_managers():
        notify.notify(
            person=person,
            organization_id=page.organization_id,
            kind=NoticeKind.PAGE,
            title=f"Nobody acknowledged the page for {reference}",
            url=reverse("oncall:page", args=[page.uuid]),
            key=f"page-exhausted:{page.pk}:{person.pk}",
            email_subject=f"[{reference}] Nobody acknowledged the page",
            email_body=(
                f"Every level of “{page.policy.name}” was paged "
                f"{page.policy.repeats + 1} times for {reference} and nobody acknowledged."
            ),
        )


# Acknowledging --------------------------------------------------------------


def can_acknowledge(actor: Actor, page: OnCallPage) -> bool:
    if not actor.is_provider or actor.person_id is None:
        return False
    paged = page.attempts.filter(person_id=actor.person_id).exists()
    return paged or actor.can_see(page.organization_id)


@transaction.atomic
def acknowledge(*, page: OnCallPage, person: Person, via: str, at: datetime | None = None) -> bool:
    """Stop the escalation: the person is on it. True if this acknowledged
    it (False: it was already acknowledged or over)."""
    from tandem.desk import services as desk

    at = at or timezone.now()
    page = (
        OnCallPage.objects.select_for_update()
        .select_related("request__organization", "policy")
        .get(pk=page.pk)
    )
    if page.status != PageStatus.OPEN:
        return False
    page.status, page.next_at = PageStatus.ACKNOWLEDGED, None
    page.acknowledged_at, page.acknowledged_by, page.ended_at = at, person, at
    page.save(update_fields=["status", "next_at", "acknowledged_at", "acknowledged_by", "ended_at"])
    actor = actor_for(person)
    audit.record(
        actor=actor,
        verb="oncall.page_ack",
        organization_id=page.organization_id,
        target=page.request,
        target_label=page.request.reference,
        changes={"acknowledged_by": [None, person.full_name], "via": [None, via]},
    )
    desk.record_event(
        actor, page.request, f"{person.full_name} (on call) acknowledged the page and is on it."
    )
    told = event(page, action=formatters.ACKNOWLEDGE, at=at, acknowledged_by=person.full_name)
    paged = {a.person_id for a in page.attempts.all()}
    told_targets = PagingTarget.objects.filter(
        person_id__in=paged, kind__in=formatters.TOLD_OF_ACK
    ).order_by("id")
    for target in told_targets:
        notify.enqueue_webhook(
            target=str(target.uuid),
            subject=formatters.headline(told),
            payload=told,
            idempotency_key=f"page-ack:{page.pk}:{target.uuid}",
            organization_id=page.organization_id,
        )
    return True


def attempt_for(token: str, *, lock: bool = False) -> PageAttempt | None:
    if not token or len(token) > 100:
        return None
    found = PageAttempt.objects.select_related("page__request__organization", "person")
    if lock:
        found = found.select_for_update(of=("self",))
    return found.filter(token_digest=digest(token)).first()


@transaction.atomic
def acknowledge_by_link(token: str, at: datetime | None = None) -> tuple[PageAttempt | None, bool]:
    """The POST of a page's link: single use. Returns the attempt (None for
    an unknown token) and whether this POST acknowledged the page."""
    at = at or timezone.now()
    attempt = attempt_for(token, lock=True)
    if attempt is None or attempt.used_at is not None:
        return attempt, False
    attempt.used_at = at
    attempt.save(update_fields=["used_at"])
    return attempt, acknowledge(page=attempt.page, person=attempt.person, via="link", at=at)
