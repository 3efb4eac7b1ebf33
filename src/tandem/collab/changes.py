"""Writing change requests: drafting, the window check, submission, the
practice admin's signed decision (approve, reject, ask for changes), the
execution record and the check after it. Every step is audited."""

from __future__ import annotations

import secrets
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import Role
from tandem.accounts.models import Organization, Person, Site
from tandem.audit import services as audit
from tandem.collab import windows
from tandem.collab.models import (
    CHANGE_EDITABLE,
    ChangeFeed,
    ChangeRequest,
    ChangeSite,
    ChangeStatus,
    CheckResult,
    Risk,
)
from tandem.core import references
from tandem.core.exceptions import Conflict
from tandem.core.tenancy import Actor
from tandem.core.text import digest, strip_nul
from tandem.notify import services as notify
from tandem.notify.models import NoticeKind
from tandem.signoff import services as signoff
from tandem.signoff.models import Capacity, Meaning, Signature

MAX_TEXT = 20_000
TEXTS = ("description", "reason", "risk_notes", "rollback_plan", "emergency_justification")
FIXED_MESSAGE = "This change is approved as it stands: cancel it and submit a new one to change it."
DECISIONS = {
    Meaning.APPROVE: ChangeStatus.APPROVED,
    Meaning.REJECT: ChangeStatus.REJECTED,
    Meaning.ASK_CHANGES: ChangeStatus.CHANGES_REQUESTED,
}


def can_write(actor: Actor, organization_id: int) -> bool:
    """Changes are proposed and carried out by the provider's staff."""
    return actor.is_system or (actor.is_provider and actor.can_see(organization_id))


def can_approve(actor: Actor, organization_id: int) -> bool:
    """A practice's admin approves its changes."""
    return (
        actor.is_client
        and actor.role == Role.CLIENT_ADMIN
        and actor.organization_id == organization_id
    )


@dataclass(frozen=True)
class Plan:
    """A change as the form or the API sends it."""

    title: str
    starts_at: datetime
    ends_at: datetime
    sites: Sequence[Site]
    description: str = ""
    reason: str = ""
    risk: str = Risk.LOW
    risk_notes: str = ""
    systems: str = ""
    rollback_plan: str = ""
    emergency_justification: str = ""


def _clean(plan: Plan, organization: Organization) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = " ".join(strip_nul(plan.title or "").split())
    if not title or len(title) > 200:
        errors["title"] = "Say what changes, in at most 200 characters."
    texts = {}
    for name in TEXTS:
        value = strip_nul(getattr(plan, name) or "").strip()
        if len(value) > MAX_TEXT:
            errors[name] = f"At most {MAX_TEXT} characters."
        texts[name] = value
    systems = " ".join(strip_nul(plan.systems or "").split())
    if len(systems) > 500:
        errors["systems"] = "At most 500 characters."
    if plan.risk not in Risk.values:
        errors["risk"] = "Choose low, medium or high."
    if plan.starts_at is None or plan.ends_at is None:
        errors["starts_at"] = "Give the window's start and end."
    elif plan.ends_at <= plan.starts_at:
        errors["ends_at"] = "The window must end after it starts."
    elif plan.ends_at - plan.starts_at > windows.MAX_WINDOW:
        errors["ends_at"] = "A window is at most 7 days; split a longer change."
    if not plan.sites:
        errors["sites"] = "Choose the sites the change affects."
    elif any(s.organization_id != organization.pk for s in plan.sites):
        errors["sites"] = "Choose sites of this practice."
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "systems": systems,
        "risk": plan.risk,
        "starts_at": plan.starts_at,
        "ends_at": plan.ends_at,
        **texts,
    }


def site_times(sites: Sequence[Site]) -> list[windows.SiteTimes]:
    """What the window check needs of each site (hours prefetched or not)."""
    return [
        windows.SiteTimes(
            name=site.name,
            zone=zoneinfo.ZoneInfo(site.time_zone),
            hours={h.weekday: (h.opens, h.closes) for h in site.hours.all()},
            always_open=site.always_open,
            low_impact={w.weekday: (w.starts, w.ends) for w in site.low_impact.all()},
        )
        for site in sites
    ]


def clashes_of(change: ChangeRequest) -> list[windows.Clash]:
    sites = list(change.sites.prefetch_related("hours", "low_impact").order_by("name"))
    return windows.check(site_times(sites), change.starts_at, change.ends_at)


def content(change: ChangeRequest) -> dict[str, Any]:
    """What the practice's admin signs."""
    return {
        "record": "change",
        "reference": change.reference,
        "practice": str(change.organization.uuid),
        "title": change.title,
        "description": change.description,
        "reason": change.reason,
        "risk": change.risk,
        "risk_notes": change.risk_notes,
        "systems": change.systems,
        "rollback_plan": change.rollback_plan,
        "starts_at": change.starts_at.isoformat(),
        "ends_at": change.ends_at.isoformat(),
        "sites": sorted(str(s.uuid) for s in change.sites.all()),
        "emergency_justification": change.emergency_justification,
        "clashes": change.clashes,
    }


def current_hash(change: ChangeRequest) -> str:
    return signoff.content_hash(content(change))


def _url(change: ChangeRequest) -> str:
    return reverse("collab:change_detail", kwargs={"uuid": change.uuid})


FIELDS = ("title", "systems", "risk", "starts_at", "ends_at", *TEXTS)


def _snapshot(change: ChangeRequest) -> dict[str, Any]:
    out = audit.snapshot(change, FIELDS)
    out["sites"] = sorted(s.name for s in change.sites.all()) if change.pk else []
    return out


def _set_sites(change: ChangeRequest, sites: Sequence[Site]) -> None:
    ChangeSite.objects.filter(change=change).delete()
    ChangeSite.objects.bulk_create(ChangeSite(change=change, site=s) for s in sites)


@transaction.atomic
def create(*, actor: Actor, organization: Organization, plan: Plan) -> ChangeRequest:
    if organization.is_provider or not can_write(actor, organization.pk):
        raise PermissionDenied("Changes are proposed by the provider's staff.")
    cleaned = _clean(plan, organization)
    change = ChangeRequest.objects.create(
        organization=organization,
        number=references.next_number("change"),
        created_by_id=actor.person_id,
        **cleaned,
    )
    _set_sites(change, plan.sites)
    audit.record(
        actor=actor,
        verb="change.create",
        organization_id=organization.pk,
        target=change,
        target_label=str(change),
        changes=audit.diff(dict.fromkeys(_snapshot(change)), _snapshot(change)),
    )
    return change


def _locked(change: ChangeRequest) -> ChangeRequest:
    return (
        ChangeRequest.objects.select_for_update().select_related("organization").get(pk=change.pk)
    )


def _writer(actor: Actor, change: ChangeRequest) -> None:
    if not can_write(actor, change.organization_id):
        raise PermissionDenied("Changes are proposed and carried out by the provider's staff.")


@transaction.atomic
def update(*, actor: Actor, change: ChangeRequest, plan: Plan) -> ChangeRequest:
    """Change a draft, or one the practice asked to change (it then goes back
    to draft, to be submitted again)."""
    change = _locked(change)
    _writer(actor, change)
    if change.status not in CHANGE_EDITABLE:
        raise Conflict(
            FIXED_MESSAGE if change.is_signed else "Only a draft or a change sent back is edited."
        )
    cleaned = _clean(plan, change.organization)
    before = _snapshot(change)
    for name, value in cleaned.items():
        setattr(change, name, value)
    change.save()
    _set_sites(change, plan.sites)
    changes = audit.diff(before, _snapshot(change))
    if changes:
        audit.record(
            actor=actor,
            verb="change.update",
            organization_id=change.organization_id,
            target=change,
            target_label=str(change),
            changes=changes,
        )
    return change


@transaction.atomic
def submit(*, actor: Actor, change: ChangeRequest) -> ChangeRequest:
    """Ask the practice's admins to approve. A window that meets an affected
    site's clinic hours (or misses a 24/7 site's low-impact windows) is
    refused unless the change carries an emergency justification; the clashes
    are then kept with it, for the approver to read."""
    change = _locked(change)
    _writer(actor, change)
    if change.status not in CHANGE_EDITABLE:
        raise Conflict("This change is already submitted.")
    found = clashes_of(change)
    if found and not change.emergency_justification:
        raise ValidationError(
            {
                "starts_at": [str(c) for c in found]
                + ["Move the window outside clinic hours, or give an emergency justification."]
            }
        )
    if change.starts_at <= timezone.now():
        raise ValidationError({"starts_at": "The window has started already: move it."})
    before = change.status
    change.clashes = [str(c) for c in found]
    change.status = ChangeStatus.SUBMITTED
    change.submitted_at = timezone.now()
    change.save(update_fields=["clashes", "status", "submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="change.submit",
        organization_id=change.organization_id,
        target=change,
        target_label=str(change),
        changes={"status": [before, change.status], "clashes": [None, len(found)]},
    )
    for person in Person.objects.filter(
        organization_id=change.organization_id, role=Role.CLIENT_ADMIN, is_active=True
    ):
        window = f"{change.starts_at.astimezone(person.zone()):%a %b %-d %H:%M}"
        notify.notify(
            person=person,
            organization_id=change.organization_id,
            kind=NoticeKind.SIGNATURE,
            title=f"{change.reference} awaits your approval: {change.title} ({window})",
            url=_url(change),
            key=f"change-approve:{change.uuid}:{change.submitted_at:%Y%m%d%H%M%S%f}:{person.pk}",
            email_subject=f"[{change.reference}] Please approve: {change.title}",
            email_body=(
                f"Your IT provider plans a change at {change.organization.name}: "
                f"{change.title}, starting {window}.\n\nRead it and approve, reject or ask "
                f"for changes in Tandem: {_url(change)}\n"
                + ("\nIt overlaps clinic hours (an emergency).\n" if found else "")
            ),
        )
    return change


def decide(
    *,
    actor: Actor,
    change: ChangeRequest,
    meaning: str,
    password: str,
    code: str = "",
    seen_sha256: str = "",
    comment: str = "",
) -> Signature:
    """The practice admin's signed answer: approve, reject, or ask for changes."""
    if not can_approve(actor, change.organization_id):
        raise PermissionDenied("A practice admin approves its changes.")
    if meaning not in DECISIONS:
        raise ValidationError({"meaning": "Approve, reject, or ask for changes."})
    comment = signoff.clean_comment(
        comment,
        required=meaning != Meaning.APPROVE,
        why="Say why, or what should change: the provider reads it.",
    )
    proof = signoff.prove(
        actor=actor,
        subject=change,
        organization_id=change.organization_id,
        label=str(change),
        password=password,
        code=code,
    )
    with transaction.atomic():
        change = _locked(change)
        if change.status != ChangeStatus.SUBMITTED:
            raise Conflict("This change is not awaiting approval.")
        body = content(change)
        digest_now = signoff.content_hash(body)
        if seen_sha256 and seen_sha256 != digest_now:
            raise Conflict("The change was edited since you opened it: read it again.")
        signature = signoff.sign(
            actor=actor,
            proof=proof,
            subject=change,
            organization_id=change.organization_id,
            subject_label=str(change),
            content=body,
            capacity=Capacity.PRACTICE,
            meaning=Meaning(meaning),
            comment=comment,
        )
        status = DECISIONS[Meaning(meaning)]
        change.status = status
        change.decided_at = timezone.now()
        fields = ["status", "decided_at", "updated_at"]
        if status != ChangeStatus.CHANGES_REQUESTED:
            change.approved_sha256 = digest_now
            fields.append("approved_sha256")
        change.save(update_fields=fields)
        audit.record(
            actor=actor,
            verb=f"change.{status}",
            organization_id=change.organization_id,
            target=change,
            target_label=str(change),
            changes={
                "status": [ChangeStatus.SUBMITTED, status],
                "content_sha256": [None, digest_now],
            },
        )
        _tell_provider(change, f"{change.get_status_display().lower()} by the practice", comment)
    return signature


def _tell_provider(change: ChangeRequest, what: str, comment: str = "") -> None:
    if change.created_by_id is None or change.created_by is None:
        return
    notify.notify(
        person=change.created_by,
        organization_id=change.organization_id,
        kind=NoticeKind.DECISION,
        title=f"{change.reference} {what}: {change.title}",
        url=_url(change),
        key=f"change-outcome:{change.uuid}:{change.status}:{change.decided_at:%Y%m%d%H%M%S%f}",
        email_subject=f"[{change.reference}] {what.capitalize()}: {change.title}",
        email_body=f"{change.reference} “{change.title}” is {what}."
        + (f"\n\nTheir words: {comment}" if comment else "")
        + f"\n\n{_url(change)}\n",
    )


STEPS = {
    # step: (from statuses, to status, timestamp field)
    "start": ({ChangeStatus.APPROVED}, ChangeStatus.IN_PROGRESS, "started_at"),
    "complete": ({ChangeStatus.IN_PROGRESS}, ChangeStatus.COMPLETED, "finished_at"),
    "roll_back": ({ChangeStatus.IN_PROGRESS}, ChangeStatus.ROLLED_BACK, "finished_at"),
    "cancel": (
        {
            ChangeStatus.DRAFT,
            ChangeStatus.SUBMITTED,
            ChangeStatus.CHANGES_REQUESTED,
            ChangeStatus.APPROVED,
        },
        ChangeStatus.CANCELLED,
        "",
    ),
}


@transaction.atomic
def record_step(
    *, actor: Actor, change: ChangeRequest, step: str, notes: str = ""
) -> ChangeRequest:
    """The execution record: started, completed, rolled back (or cancelled)."""
    change = _locked(change)
    _writer(actor, change)
    if step not in STEPS:
        raise ValidationError({"step": "Start, complete, roll back or cancel."})
    allowed, status, stamp = STEPS[step]
    if change.status not in allowed:
        state = change.get_status_display().lower()
        raise Conflict(f"{change.reference} is {state}: it cannot {step.replace('_', ' ')} now.")
    notes = strip_nul(notes or "").strip()
    if len(notes) > MAX_TEXT:
        raise ValidationError({"notes": f"At most {MAX_TEXT} characters."})
    if step == "roll_back" and not notes:
        raise ValidationError({"notes": "Say what went wrong and what was undone."})
    before = change.status
    change.status = status
    fields = ["status", "updated_at"]
    if stamp:
        setattr(change, stamp, timezone.now())
        fields.append(stamp)
    if notes:
        stamp_text = f"{timezone.now():%Y-%m-%d %H:%M} UTC, {step.replace('_', ' ')}: {notes}"
        change.execution_notes = "\n".join(filter(None, [change.execution_notes, stamp_text]))
        fields.append("execution_notes")
    change.save(update_fields=fields)
    audit.record(
        actor=actor,
        verb=f"change.{step}",
        organization_id=change.organization_id,
        target=change,
        target_label=str(change),
        changes={"status": [before, status]} | ({"notes": [None, digest(notes)]} if notes else {}),
    )
    if step in ("complete", "roll_back"):
        for person in Person.objects.filter(
            organization_id=change.organization_id, role=Role.CLIENT_ADMIN, is_active=True
        ):
            notify.notify(
                person=person,
                organization_id=change.organization_id,
                kind=NoticeKind.STATUS,
                title=f"{change.reference} {change.get_status_display().lower()}: {change.title}",
                url=_url(change),
                key=f"change-step:{change.uuid}:{status}:{person.pk}",
                email_subject=f"[{change.reference}] {change.get_status_display()}: {change.title}",
                email_body=f"{change.reference} “{change.title}” is "
                f"{change.get_status_display().lower()}.\n\n{_url(change)}\n",
            )
    return change


@transaction.atomic
def record_check(
    *, actor: Actor, change: ChangeRequest, result: str, notes: str = ""
) -> ChangeRequest:
    """The check after the change: does everything work? Recorded by the
    provider's staff or the practice's admin, once the change is done."""
    change = _locked(change)
    if not (can_write(actor, change.organization_id) or can_approve(actor, change.organization_id)):
        raise PermissionDenied("The provider's staff or the practice's admin record the check.")
    if change.status not in (ChangeStatus.COMPLETED, ChangeStatus.ROLLED_BACK):
        raise Conflict("Check a change once it is completed or rolled back.")
    if result not in CheckResult.values:
        raise ValidationError({"result": "Say whether everything works."})
    notes = strip_nul(notes or "").strip()
    if result == CheckResult.FAILED and not notes:
        raise ValidationError({"notes": "Say what is wrong."})
    if len(notes) > MAX_TEXT:
        raise ValidationError({"notes": f"At most {MAX_TEXT} characters."})
    before = change.check_result
    change.check_result, change.check_notes = result, notes
    change.checked_at, change.checked_by_id = timezone.now(), actor.person_id
    change.save(
        update_fields=["check_result", "check_notes", "checked_at", "checked_by", "updated_at"]
    )
    audit.record(
        actor=actor,
        verb="change.check",
        organization_id=change.organization_id,
        target=change,
        target_label=str(change),
        changes={"check_result": [before or None, result]},
    )
    return change


# Calendar feeds ------------------------------------------------------------------


def create_feed(*, actor: Actor) -> tuple[ChangeFeed, str]:
    """A secret iCal address of the change windows the actor sees; the token
    is returned once and only its digest kept."""
    if actor.person_id is None or not actor.is_authenticated:
        raise PermissionDenied("Calendar feeds are personal.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed = ChangeFeed.objects.create(owner_id=actor.person_id, token_digest=digest(token))
        audit.record(
            actor=actor,
            verb="change.feed_create",
            organization_id=actor.organization_id or 0,
            target=feed,
            target_label="change calendar feed",
        )
    return feed, token


@transaction.atomic
def revoke_feed(*, actor: Actor, feed: ChangeFeed) -> None:
    if feed.owner_id != actor.person_id:
        raise PermissionDenied
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            verb="change.feed_revoke",
            organization_id=actor.organization_id or 0,
            target=feed,
            target_label="change calendar feed",
        )


def feed_for_token(token: str) -> ChangeFeed | None:
    feed = (
        ChangeFeed.objects.filter(token_digest=digest(token or ""), revoked_at=None)
        .select_related("owner__organization")
        .first()
    )
    if feed is None or not feed.owner.is_active:
        return None
    ChangeFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed
