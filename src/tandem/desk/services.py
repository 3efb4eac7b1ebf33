"""Every write on the desk: open, reply, note, assign, re-triage, change status,
auto-close. Each is audited; each bumps the request's version."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.choices import OrgKind
from tandem.accounts.models import Organization, Person, Site, Team
from tandem.accounts.teams import can_manage_teams
from tandem.audit import services as audit
from tandem.core import markdown
from tandem.core.events import emit
from tandem.core.exceptions import Conflict
from tandem.core.references import next_number
from tandem.core.tenancy import SYSTEM, Actor
from tandem.core.text import strip_nul
from tandem.desk import notices, permissions, routing, satisfaction, search, signals
from tandem.desk.attachments import CheckedFile
from tandem.desk.choices import (
    DEFAULT_MATRIX,
    TRANSITIONS,
    Category,
    Channel,
    Impact,
    MessageKind,
    Priority,
    Status,
    Urgency,
)
from tandem.desk.models import (
    Attachment,
    MessageRevision,
    PriorityRule,
    RequestMessage,
    ServiceRequest,
    TeamRoute,
    Watcher,
)
from tandem.desk.queries import staff_who_can_take
from tandem.sla import clocks

MAX_BODY = 50_000
MAX_MERGE_HOPS = 10
MAX_MINUTES = 24 * 60


def reopen_window() -> timedelta:
    return timedelta(days=settings.DESK_REOPEN_DAYS)


def priority_for(impact: str, urgency: str) -> int:
    rule = PriorityRule.objects.filter(impact=impact, urgency=urgency).first()
    return rule.priority if rule else DEFAULT_MATRIX[(impact, urgency)]


def _person(actor: Actor) -> Person | None:
    return Person.objects.get(pk=actor.person_id) if actor.person_id else None


def _text(value: str, field: str, max_length: int, *, required: bool = True) -> str:
    value = strip_nul(value or "").strip()
    if required and not value:
        raise ValidationError({field: "This field is required."})
    if len(value) > max_length:
        raise ValidationError({field: f"At most {max_length} characters."})
    return value


def _minutes(value: int | None, actor: Actor) -> int:
    if value is None:
        return 0
    if not 0 <= value <= MAX_MINUTES:
        raise ValidationError({"time_spent_minutes": f"Between 0 and {MAX_MINUTES} minutes."})
    if value and not permissions.works_the_desk(actor):
        # Time spent is the provider's record (the time report), never the practice's.
        raise ValidationError({"time_spent_minutes": "Only the provider's staff record time."})
    return value


def _choice(value: str, choices: type[Any], field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: "Choose one of the listed values."})
    return value


def _locked(request: ServiceRequest, version: int | None) -> ServiceRequest:
    """The request's row, locked until commit; refused if `version` is stale."""
    current = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    refuse_stale(current, version)
    return current


def refuse_stale(current: ServiceRequest, version: int | None) -> None:
    """Conflict (409) when `version` is not the locked row's current one."""
    if version is not None and version != current.version:
        raise Conflict(
            f"{current.reference} changed since you loaded it (version {version}, now "
            f"{current.version}). Reload it and try again.",
            current_version=current.version,
        )


def check_version(request: ServiceRequest, version: int) -> ServiceRequest:
    """Refuse a stale version even when there is nothing to change."""
    return _locked(request, version)


def _touch(request: ServiceRequest, now: Any, fields: list[str]) -> None:
    request.version += 1
    request.updated_at = now
    request.save(update_fields=[*fields, "version", "updated_at"])


def _message(
    *,
    actor: Actor,
    request: ServiceRequest,
    kind: str,
    body: str,
    channel: str,
    now: Any,
    time_spent_minutes: int = 0,
    contains_phi: bool = False,
) -> RequestMessage:
    return RequestMessage.objects.create(
        contains_phi=contains_phi,
        organization_id=request.organization_id,
        request=request,
        kind=kind,
        channel=channel,
        author_id=actor.person_id,
        author_label=actor.label[:300] if actor.person_id is None else _short_label(actor),
        body=body,
        body_html=markdown.render(body),
        time_spent_minutes=time_spent_minutes,
        created_at=now,
    )


def _short_label(actor: Actor) -> str:
    """A person's name without their email (the label is shown to both sides)."""
    return actor.label.split(" <", 1)[0][:300]


def _attach(
    actor: Actor, message: RequestMessage, files: Sequence[CheckedFile], now: Any
) -> list[str]:
    """Keep the checked files of a message. They are written before the
    transaction commits: a rollback can leave an orphan file, never a row
    without its file."""
    names = []
    for checked in files:
        attachment = Attachment(
            uuid=uuid.uuid4(),
            organization_id=message.organization_id,
            request=message.request,
            message=message,
            internal=message.is_internal,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by_id=actor.person_id,
            created_at=now,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        attachment.save()
        names.append(checked.name)
    return names


@transaction.atomic
def open_request(
    *,
    actor: Actor,
    organization: Organization,
    subject: str,
    body: str,
    category: str,
    impact: str,
    urgency: str = Urgency.MEDIUM,
    site: Site | None = None,
    requester: Person | None = None,
    affected: str = "",
    callback_phone: str = "",
    channel: str = Channel.PORTAL,
    time_spent_minutes: int | None = None,
    follows: ServiceRequest | None = None,
    files: Sequence[CheckedFile] = (),
    contains_phi: bool = False,
) -> ServiceRequest:
    """A new request, its description as the first public message, audited.
    `contains_phi`: the writer was shown what looked like PHI and kept it."""
    if not permissions.can_raise(actor, organization.pk) or organization.is_provider:
        raise PermissionDenied
    subject = _text(subject, "subject", 200)
    body = _text(body, "body", MAX_BODY)
    category = _choice(category, Category, "category")
    impact = _choice(impact, Impact, "impact")
    urgency = _choice(urgency, Urgency, "urgency")
    minutes = _minutes(time_spent_minutes, actor)
    if site is not None and site.organization_id != organization.pk:
        raise ValidationError({"site": "Choose one of the practice's sites."})
    if actor.is_client and actor.person_id is not None:
        requester = _person(actor)  # people raise requests for themselves
    if requester is not None and requester.organization_id != organization.pk:
        raise ValidationError({"requester": "Choose someone of this practice."})
    if channel == Channel.PHONE and requester is None:
        raise ValidationError({"requester": "Who called? Choose the contact."})
    now = timezone.now()
    request = ServiceRequest.objects.create(
        organization=organization,
        number=next_number("request"),
        subject=subject,
        category=category,
        impact=impact,
        urgency=urgency,
        priority=priority_for(impact, urgency),
        status=Status.NEW,
        channel=channel,
        site=site,
        requester=requester,
        affected=_text(affected, "affected", 200, required=False),
        callback_phone=_text(callback_phone, "callback_phone", 40, required=False),
        created_by_id=actor.person_id,
        created_by_label=_short_label(actor),
        follows=follows,
        created_at=now,
        updated_at=now,
        status_changed_at=now,
        contains_phi=contains_phi,
    )
    first = _message(
        actor=actor,
        request=request,
        kind=MessageKind.PUBLIC,
        body=body,
        channel=channel,
        now=now,
        time_spent_minutes=minutes,
        contains_phi=contains_phi,
    )
    attached = _attach(actor, first, files, now)
    search.refresh(request)
    # A call the provider logged is itself the first response.
    clocks.request_opened(
        request, now, answered=channel == Channel.PHONE and permissions.works_the_desk(actor)
    )
    audit.record(
        actor=actor,
        verb="request.create",
        organization_id=organization.pk,
        target=request,
        target_label=f"{request.reference} {request.subject}",
        changes={
            "channel": [None, channel],
            "impact": [None, impact],
            "priority": [None, request.priority],
            "follows": [None, follows.reference if follows else None],
            **({"attachments": [None, attached]} if attached else {}),
            **({"contains_phi": [None, True]} if contains_phi else {}),
        },
    )
    notices.request_opened(request, actor)
    signals.priority_set.send(ServiceRequest, request=request, at=now)
    team = routing.team_for_category(category)
    if team is not None:
        _hand_to_team(actor, request, team, now, bump=False)
    emit("desk.request_opened", request_id=request.pk)
    return request


def _hand_to_team(
    actor: Actor, request: ServiceRequest, team: Team, now: Any, *, bump: bool = True
) -> None:
    """Put the request in the team's hands; a team that assigns automatically
    gives it to one of its members (who is told). The caller saves the request."""
    before_team, before_assignee = request.team, request.assignee
    request.team = team
    chosen = routing.pick(team, request.organization_id)
    if chosen is None and request.assignee is not None:
        members = routing.members_ids(team)
        if request.assignee_id not in members:
            request.assignee = None
    elif chosen is not None:
        request.assignee = chosen
    fields = ["team", "assignee"]
    if request.assignee != before_assignee:
        if request.assignee is None:
            _event(actor, request, "Nobody is assigned any more.", now)
        else:
            _event(actor, request, f"{request.assignee.full_name} was assigned.", now)
    if bump:
        _touch(request, now, fields)
    else:  # a request being created: still its first version
        request.save(update_fields=fields)
    audit.record(
        actor=actor,
        verb="request.route",
        organization_id=request.organization_id,
        target=request,
        target_label=request.reference,
        changes={
            "team": [str(before_team or ""), team.name],
            "assignee": [str(before_assignee or ""), str(request.assignee or "")],
            "rule": [None, team.assignment],
        },
    )
    if request.assignee != before_assignee:
        notices.assigned(request, actor, key=f"{request.pk}:{request.version}")
        emit(
            "desk.assigned",
            request_id=request.pk,
            assignee_id=request.assignee.pk if request.assignee else None,
        )


@transaction.atomic
def send_to_team(
    *, actor: Actor, request: ServiceRequest, team: Team | None, version: int | None = None
) -> ServiceRequest:
    """Staff move a request to a team: an automatic team assigns it to one of
    its members; a manual one keeps the assignee only if they are a member.
    None takes it out of any team (the assignee stays)."""
    _staff_only(actor)
    request = _locked(request, version)
    if team is not None and (team.organization.kind != OrgKind.PROVIDER):
        raise ValidationError({"team": "Choose one of the provider's teams."})
    if request.team_id == (team.pk if team else None):
        return request
    if team is not None:
        _hand_to_team(actor, request, team, timezone.now())
        return request
    before = request.team
    request.team = None
    _touch(request, timezone.now(), ["team"])
    audit.record(
        actor=actor,
        verb="request.route",
        organization_id=request.organization_id,
        target=request,
        target_label=request.reference,
        changes={"team": [str(before or ""), ""]},
    )
    return request


@transaction.atomic
def set_routes(*, actor: Actor, team: Team, categories: Sequence[str]) -> None:
    """The categories whose new requests go to `team` (each category has at
    most one team: naming it here takes it from another)."""
    if not can_manage_teams(actor):
        raise PermissionDenied
    for category in categories:
        _choice(category, Category, "categories")
    before = sorted(TeamRoute.objects.filter(team=team).values_list("category", flat=True))
    after = sorted(set(categories))
    if before == after:
        return
    TeamRoute.objects.filter(team=team).exclude(category__in=after).delete()
    for category in after:
        TeamRoute.objects.update_or_create(category=category, defaults={"team": team})
    audit.record(
        actor=actor,
        verb="team.routes",
        organization_id=team.organization_id,
        target=team,
        target_label=team.name,
        changes={"categories": [before, after]},
    )


@transaction.atomic
def add_message(
    *,
    actor: Actor,
    request: ServiceRequest,
    body: str,
    kind: str = MessageKind.PUBLIC,
    channel: str = Channel.PORTAL,
    time_spent_minutes: int | None = None,
    ask_practice: bool = False,
    files: Sequence[CheckedFile] = (),
    contains_phi: bool = False,
) -> tuple[RequestMessage, ServiceRequest]:
    """A reply or an internal note. Returns the message and the request it is
    on, which is a new follow-up request when a practice answers a closed
    request (or one resolved longer ago than the reopen window)."""
    if not permissions.can_write_on(actor):
        raise PermissionDenied
    staff = permissions.works_the_desk(actor)
    if kind not in {MessageKind.PUBLIC, MessageKind.INTERNAL} or (
        kind == MessageKind.INTERNAL and not staff
    ):
        raise PermissionDenied
    body = _text(body, "body", MAX_BODY)
    minutes = _minutes(time_spent_minutes, actor)
    request = _locked(request, None)
    # Writing on a merged duplicate writes on the request it went to.
    for _hop in range(MAX_MERGE_HOPS):
        if request.merged_into_id is None:
            break
        request = _locked(ServiceRequest(pk=request.merged_into_id), None)
    now = timezone.now()
    fields: list[str] = []
    if not staff:
        stale = request.status == Status.CLOSED or (
            request.status == Status.RESOLVED
            and request.resolved_at is not None
            and now - request.resolved_at > reopen_window()
        )
        if stale:
            follow_up = open_request(
                actor=actor,
                organization=request.organization,
                subject=f"Follow-up to {request.reference}: {request.subject}"[:200],
                body=body,
                category=request.category,
                impact=request.impact,
                urgency=request.urgency,
                site=request.site,
                requester=request.requester,
                channel=channel,
                follows=request,
                files=files,
                contains_phi=contains_phi,
            )
            return follow_up.messages.get(), follow_up
        if request.status in {Status.RESOLVED, Status.WAITING_CLIENT}:
            reopened = request.status == Status.RESOLVED
            fields += _set_status(request, Status.OPEN, now)
            if reopened:
                _event(actor, request, f"Reopened by {_short_label(actor)}'s reply.", now)
    elif kind == MessageKind.PUBLIC:
        if request.first_response_at is None:
            request.first_response_at = now
            fields.append("first_response_at")
        target = Status.WAITING_CLIENT if ask_practice else None
        if target is None and request.status == Status.NEW:
            target = Status.OPEN
        if target and target != request.status:
            if target not in TRANSITIONS[request.status]:
                raise ValidationError({"ask_practice": "This request is not open."})
            fields += _set_status(request, target, now)
    message = _message(
        actor=actor,
        request=request,
        kind=kind,
        body=body,
        channel=channel,
        now=now,
        time_spent_minutes=minutes,
        contains_phi=contains_phi,
    )
    attached = _attach(actor, message, files, now)
    search.refresh(request)
    if kind == MessageKind.PUBLIC:
        # Only a person answers: an automatic message (no person) stops no clock.
        clocks.public_message(request, now, by_provider=staff and actor.person_id is not None)
    if contains_phi and not request.contains_phi:
        request.contains_phi = True
        fields.append("contains_phi")
    _touch(request, now, fields)
    changes: dict[str, list[Any]] = {}
    if contains_phi:
        changes["contains_phi"] = [None, True]
    if "status" in fields:
        changes["status"] = [None, request.status]
    if attached:
        changes["attachments"] = [None, attached]
    audit.record(
        actor=actor,
        verb="request.note" if kind == MessageKind.INTERNAL else "request.reply",
        organization_id=request.organization_id,
        target=request,
        target_label=request.reference,
        changes=changes or None,
    )
    notices.message_added(request, message, actor)
    emit("desk.message_added", request_id=request.pk, message_id=message.pk)
    return message, request


def _set_status(request: ServiceRequest, status: str, now: Any) -> list[str]:
    """Every change of status goes through here, and moves the SLA clocks."""
    before = request.status
    request.status = status
    request.status_changed_at = now
    fields = ["status", "status_changed_at"]
    if status == Status.RESOLVED:
        request.resolved_at = now
        fields.append("resolved_at")
    elif status == Status.CLOSED:
        request.closed_at = now
        fields.append("closed_at")
    elif status == Status.OPEN and request.resolved_at is not None:
        request.resolved_at = None
        fields.append("resolved_at")
    clocks.status_changed(request, before, status, now)
    return fields


def _event(actor: Actor, request: ServiceRequest, text: str, now: Any) -> None:
    _message(
        actor=actor,
        request=request,
        kind=MessageKind.EVENT,
        body=text,
        channel=Channel.PORTAL,
        now=now,
    )


def record_event(actor: Actor, request: ServiceRequest, text: str) -> None:
    """Something that happened, told on the request to both sides (an
    on-call acknowledgement, for one)."""
    now = timezone.now()
    _event(actor, request, text, now)
    _touch(request, now, [])


def _staff_only(actor: Actor) -> None:
    if not permissions.works_the_desk(actor):
        raise PermissionDenied


@transaction.atomic
def change_status(
    *, actor: Actor, request: ServiceRequest, status: str, version: int | None = None
) -> ServiceRequest:
    _staff_only(actor)
    request = _locked(request, version)
    status = _choice(status, Status, "status")
    if status == request.status:
        return request
    if status not in TRANSITIONS[request.status]:
        raise ValidationError(
            {
                "status": f"A {request.get_status_display().lower()} request cannot become "
                f"{Status(status).label.lower()}."
            }
        )
    before = request.status
    now = timezone.now()
    fields = _set_status(request, status, now)
    _event(actor, request, f"Status: {Status(before).label} → {Status(status).label}.", now)
    _touch(request, now, fields)
    if status == Status.RESOLVED:
        satisfaction.ask(request, now)
    audit.record(
        actor=actor,
        verb="request.status",
        organization_id=request.organization_id,
        target=request,
        target_label=request.reference,
        changes={"status": [before, status]},
    )
    notices.status_changed(request, before, status, actor, key=f"{request.pk}:{request.version}")
    emit("desk.status_changed", request_id=request.pk, before=before, after=status)
    return request


def can_take(person: Person, organization_id: int) -> bool:
    """The same rule as the assignee list on the page (queries.staff_who_can_take)."""
    return staff_who_can_take(SYSTEM, organization_id).filter(pk=person.pk).exists()


@transaction.atomic
def assign(
    *, actor: Actor, request: ServiceRequest, assignee: Person | None, version: int | None = None
) -> ServiceRequest:
    """Give the request to a staff member (or nobody). Picking up a new request opens it."""
    _staff_only(actor)
    request = _locked(request, version)
    if assignee is not None and not can_take(assignee, request.organization_id):
        raise ValidationError(
            {"assignee": "Choose someone of the provider who sees this practice."}
        )
    if assignee == request.assignee:
        return request
    before = request.assignee
    now = timezone.now()
    request.assignee = assignee
    fields = ["assignee"]
    if assignee is not None and request.picked_up_at is None:
        request.picked_up_at = now
        fields.append("picked_up_at")
    if assignee is not None and request.status == Status.NEW:
        fields += _set_status(request, Status.OPEN, now)
    if assignee is None:
        text = "Nobody is assigned any more."
    elif assignee.pk == actor.person_id:
        text = f"{assignee.full_name} picked this up."
    else:
        text = f"{_short_label(actor)} gave this to {assignee.full_name}."
    _event(actor, request, text, now)
    _touch(request, now, fields)
    audit.record(
        actor=actor,
        verb="request.assign",
        organization_id=request.organization_id,
        target=request,
        target_label=request.reference,
        changes={"assignee": [str(before or ""), str(assignee or "")]},
    )
    notices.assigned(request, actor, key=f"{request.pk}:{request.version}")
    emit("desk.assigned", request_id=request.pk, assignee_id=assignee.pk if assignee else None)
    return request


@transaction.atomic
def retriage(
    *,
    actor: Actor,
    request: ServiceRequest,
    reason: str,
    impact: str | None = None,
    urgency: str | None = None,
    priority: int | None = None,
    version: int | None = None,
) -> ServiceRequest:
    """Change impact, urgency or priority, with a reason the practice sees."""
    _staff_only(actor)
    request = _locked(request, version)
    reason = _text(reason, "reason", 500)
    impact = _choice(impact or request.impact, Impact, "impact")
    urgency = _choice(urgency or request.urgency, Urgency, "urgency")
    if priority is not None and priority not in Priority.values:
        raise ValidationError({"priority": "Choose P1 to P4."})
    new_priority = priority or priority_for(impact, urgency)
    before = {"impact": request.impact, "urgency": request.urgency, "priority": request.priority}
    after = {"impact": impact, "urgency": urgency, "priority": new_priority}
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if not changed:
        return request
    now = timezone.now()
    request.impact, request.urgency, request.priority = impact, urgency, new_priority
    parts = []
    if "impact" in changed:
        parts.append(f"impact is now “{Impact(impact).label}”")
    if "priority" in changed:
        parts.append(f"priority P{before['priority']} → P{new_priority}")
    if "urgency" in changed and not parts:
        parts.append(f"urgency is now “{Urgency(urgency).label}”")
    _event(actor, request, f"Re-triaged: {', '.join(parts)}. Why: {reason}", now)
    _touch(request, now, list(changed))
    if "priority" in changed:
        clocks.priority_changed(request, now)
        signals.priority_set.send(ServiceRequest, request=request, at=now)
    audit.record(
        actor=actor,
        verb="request.retriage",
        organization_id=request.organization_id,
        target=request,
        target_label=request.reference,
        changes={**changed, "reason": [None, reason]},
    )
    return request


@transaction.atomic
def edit_request(
    *,
    actor: Actor,
    request: ServiceRequest,
    version: int,
    subject: str | None = None,
    category: str | None = None,
) -> ServiceRequest:
    """Correct the subject or category (staff)."""
    _staff_only(actor)
    request = _locked(request, version)
    before = {"subject": request.subject, "category": request.category}
    if subject is not None:
        request.subject = _text(subject, "subject", 200)
    if category is not None:
        request.category = _choice(category, Category, "category")
    changed = [k for k in before if getattr(request, k) != before[k]]
    if changed:
        _touch(request, timezone.now(), changed)
        search.refresh(request)
        audit.record(
            actor=actor,
            verb="request.update",
            organization_id=request.organization_id,
            target=request,
            target_label=request.reference,
            changes={k: [before[k], getattr(request, k)] for k in changed},
        )
    return request


def auto_close(*, now: Any = None) -> int:
    """Close requests resolved longer ago than DESK_AUTO_CLOSE_DAYS. Touches
    only resolved requests (a partial index); each closure is its own
    transaction, so a crash halfway loses nothing and a rerun finishes."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DESK_AUTO_CLOSE_DAYS)
    due = ServiceRequest.objects.filter(status=Status.RESOLVED, resolved_at__lte=cutoff)
    closed = 0
    for pk in due.values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            request = ServiceRequest.objects.select_for_update().get(pk=pk)
            if request.status != Status.RESOLVED or request.resolved_at is None:
                continue
            if request.resolved_at > cutoff:
                continue
            fields = _set_status(request, Status.CLOSED, now)
            _event(SYSTEM, request, "Closed automatically after being resolved.", now)
            _touch(request, now, fields)
            audit.record(
                actor=SYSTEM,
                verb="request.status",
                organization_id=request.organization_id,
                target=request,
                target_label=request.reference,
                changes={"status": [Status.RESOLVED, Status.CLOSED], "reason": [None, "auto"]},
            )
            notices.status_changed(
                request, Status.RESOLVED, Status.CLOSED, SYSTEM, key=f"{pk}:{request.version}"
            )
            closed += 1
    return closed


@transaction.atomic
def save_matrix(*, actor: Actor, data: dict[str, Any]) -> None:
    """Save the impact x urgency matrix (provider admin)."""
    if not permissions.can_edit_matrix(actor):
        raise PermissionDenied
    provider = Organization.objects.filter(kind="provider").first()
    changes: dict[str, list[Any]] = {}
    for impact in Impact.values:
        for urgency in Urgency.values:
            value = int(data[f"cell_{impact}_{urgency}"])
            rule, _ = PriorityRule.objects.get_or_create(
                impact=impact, urgency=urgency, defaults={"priority": value}
            )
            if rule.priority != value:
                changes[f"{impact}/{urgency}"] = [rule.priority, value]
                rule.priority = value
                rule.save(update_fields=["priority"])
    if changes and provider is not None:
        audit.record(
            actor=actor,
            verb="desk.priorities",
            organization_id=provider.pk,
            target_label="priority matrix",
            changes=changes,
        )


def record_attachment_read(*, actor: Actor, attachment: Attachment) -> None:
    """Files may hold patients' information: every fetch is in the audit trail."""
    audit.record(
        actor=actor,
        verb="attachment.read",
        organization_id=attachment.organization_id,
        target=attachment,
        target_label=f"{attachment.request.reference} {attachment.name}",
    )


@transaction.atomic
def watch(*, actor: Actor, request: ServiceRequest, on: bool = True) -> bool:
    """Follow a request (or stop). Only people who can see it may watch it."""
    person = _person(actor)
    if person is None or not notices.can_see(person, request):
        raise PermissionDenied
    if on:
        _watcher, changed = Watcher.objects.get_or_create(request=request, person=person)
    else:
        changed = bool(Watcher.objects.filter(request=request, person=person).delete()[0])
    if changed:
        audit.record(
            actor=actor,
            verb="request.watch" if on else "request.unwatch",
            organization_id=request.organization_id,
            target=request,
            target_label=request.reference,
        )
    return changed


@transaction.atomic
def edit_message(
    *, actor: Actor, message: RequestMessage, body: str, contains_phi: bool = False
) -> RequestMessage:
    """The author corrects their own reply or note; the text before is kept
    as a revision, shown to whoever can see the message."""
    if actor.person_id is None or message.author_id != actor.person_id:
        raise PermissionDenied
    if message.kind == MessageKind.EVENT or not permissions.can_write_on(actor):
        raise PermissionDenied
    body = _text(body, "body", MAX_BODY)
    message = RequestMessage.objects.select_for_update().get(pk=message.pk)
    if body == message.body:
        return message
    now = timezone.now()
    MessageRevision.objects.create(
        message=message, body=message.body, edited_by_id=actor.person_id, replaced_at=now
    )
    message.body = body
    message.body_html = markdown.render(body)
    message.edited_at = now
    message.contains_phi = message.contains_phi or contains_phi
    message.save(update_fields=["body", "body_html", "edited_at", "contains_phi"])
    if contains_phi:
        ServiceRequest.objects.filter(pk=message.request_id).update(contains_phi=True)
    search.refresh(message.request)
    audit.record(
        actor=actor,
        verb="message.edit",
        organization_id=message.organization_id,
        target=message.request,
        target_label=message.request.reference,
        changes={
            "kind": [None, message.kind],
            "revisions": [None, message.revisions.count()],
            **({"contains_phi": [None, True]} if contains_phi else {}),
        },
    )
    return message
