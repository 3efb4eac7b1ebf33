"""The concerns register: a practice person raises a concern, the provider
acknowledges it within a target and answers it, and it closes only when the
practice confirms it was addressed (or after a set silence, noted). An
acknowledgement past its target escalates to the service manager.

Who sees a concern is decided here, not by the tenancy rule alone: the
practice's admins, the raiser and the provider's managers; a restricted one
only the raiser and the provider's managers; never the person it is about
once restricted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import OrgKind, Role
from tandem.accounts.models import Organization, Person
from tandem.accounts.permissions import PROVIDER_LEADS, is_provider_lead
from tandem.audit import services as audit
from tandem.collab.models import (
    Concern,
    ConcernAbout,
    ConcernEntry,
    ConcernStatus,
)
from tandem.core import references
from tandem.core.exceptions import Conflict
from tandem.core.tenancy import SYSTEM, Actor
from tandem.core.text import digest, strip_nul
from tandem.notify import services as notify
from tandem.notify.models import NoticeKind

MAX_TEXT = 10_000
Entry = ConcernEntry.Kind


def visible(actor: Actor, qs: models.QuerySet[Concern]) -> models.QuerySet[Concern]:
    """The concerns the actor may read, within what the tenancy rule allows."""
    qs = actor.scope(qs)
    if actor.is_system:
        return qs
    me = actor.person_id or 0
    restricted_away = Q(restricted=True, about_person_id=me)
    if is_provider_lead(actor):
        return qs.exclude(restricted_away)
    if actor.is_client:
        mine = Q(raised_by_id=me)
        if actor.role == Role.CLIENT_ADMIN:
            return qs.filter(mine | Q(restricted=False)).exclude(restricted_away)
        return qs.filter(mine)
    return qs.none()


def can_raise(actor: Actor, organization_id: int) -> bool:
    return (
        actor.is_client
        and actor.organization_id == organization_id
        and actor.role in (Role.CLIENT_ADMIN, Role.CLIENT_MEMBER)
    )


def can_answer_for_practice(actor: Actor, concern: Concern) -> bool:
    """Confirm (or not) that it was addressed: the raiser, or the practice's
    admin when the concern is not restricted."""
    if not actor.is_client or actor.organization_id != concern.organization_id:
        return False
    return concern.raised_by_id == actor.person_id or (
        actor.role == Role.CLIENT_ADMIN and not concern.restricted
    )


def ack_due(raised: datetime, organization: Organization) -> datetime:
    """`CONCERN_ACK_BUSINESS_DAYS` business days (Monday to Friday) later, on
    the practice's clock (its first site's time zone)."""
    site = organization.sites.order_by("id").only("time_zone").first()
    zone = ZoneInfo(site.time_zone) if site else timezone.get_default_timezone()
    local = raised.astimezone(zone)
    days = int(settings.CONCERN_ACK_BUSINESS_DAYS)
    while days > 0:
        local += timedelta(days=1)
        if local.weekday() < 5:
            days -= 1
    if local.weekday() >= 5:  # raised at the weekend, for instance with 0 days
        local += timedelta(days=7 - local.weekday())
    return local


def _url(concern: Concern) -> str:
    return reverse("collab:concern_detail", kwargs={"uuid": concern.uuid})


def _managers(concern: Concern, roles: frozenset[str] = PROVIDER_LEADS) -> list[Person]:
    """The provider's managers who may see this concern (not the person it
    is about, when restricted)."""
    people = Person.objects.filter(
        Q(restricted_to_assigned=False) | Q(assigned_clients=concern.organization_id),
        organization__kind=OrgKind.PROVIDER,
        is_active=True,
        role__in=roles,
    ).distinct()
    if concern.restricted and concern.about_person_id:
        people = people.exclude(pk=concern.about_person_id)
    return list(people)


def _practice_side(concern: Concern) -> list[Person]:
    people = {concern.raised_by_id: concern.raised_by}
    if not concern.restricted:
        for admin in Person.objects.filter(
            organization_id=concern.organization_id, role=Role.CLIENT_ADMIN, is_active=True
        ):
            people.setdefault(admin.pk, admin)
    if concern.restricted and concern.about_person_id is not None:
        people.pop(concern.about_person_id, None)
    return list(people.values())


def _tell(people: list[Person], concern: Concern, what: str, step: str) -> None:
    for person in people:
        notify.notify(
            person=person,
            organization_id=concern.organization_id,
            kind=NoticeKind.CONCERN,
            title=f"{concern.reference} {what}",
            url=_url(concern),
            key=f"concern:{concern.uuid}:{step}:{person.pk}",
            # The subject and body name no one and quote nothing: a concern
            # can be about a person, and mail is read over shoulders.
            email_subject=f"[{concern.reference}] A concern {what}",
            email_body=f"A concern at {concern.organization.name} {what}.\n\n"
            f"Read it in Tandem: {_url(concern)}\n",
        )


def _entry(concern: Concern, kind: str, actor: Actor, text: str = "") -> None:
    ConcernEntry.objects.create(
        concern=concern, kind=kind, author_id=actor.person_id, text=text, at=timezone.now()
    )


def _audit(actor: Actor, concern: Concern, verb: str, changes: dict[str, Any]) -> None:
    audit.record(
        actor=actor,
        verb=f"concern.{verb}",
        organization_id=concern.organization_id,
        target=concern,
        # The label names the concern by number only: its title may name a person.
        target_label=concern.reference,
        changes=changes,
    )


def _text(value: str, field: str, *, required: bool) -> str:
    value = strip_nul(value or "").strip()
    if required and not value:
        raise ValidationError({field: "Write a few words."})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: f"At most {MAX_TEXT} characters."})
    return value


@dataclass(frozen=True)
class Raised:
    title: str
    about: str
    strength: int
    description: str = ""
    about_person: Person | None = None
    restricted: bool = False


@transaction.atomic
def raise_concern(*, actor: Actor, organization: Organization, raised: Raised) -> Concern:
    if not can_raise(actor, organization.pk):
        raise PermissionDenied("A concern is raised by the practice's people.")
    errors: dict[str, str] = {}
    title = " ".join(strip_nul(raised.title or "").split())
    if not title or len(title) > 200:
        errors["title"] = "Say what concerns you, in at most 200 characters."
    if raised.about not in ConcernAbout.values:
        errors["about"] = "Choose what it is about."
    if not isinstance(raised.strength, int) or not 1 <= raised.strength <= 5:
        errors["strength"] = "Choose how strongly you feel, from 1 to 5."
    person = raised.about_person
    if person is not None and not (
        person.is_active and (person.is_provider_staff or person.organization_id == organization.pk)
    ):
        errors["about_person"] = "Choose someone of the provider or of your practice."
    if raised.about == ConcernAbout.PERSON and person is None:
        errors["about_person"] = "Choose the person it is about."
    try:
        description = _text(raised.description, "description", required=False)
    except ValidationError as exc:
        errors |= {k: v[0] for k, v in exc.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    concern = Concern.objects.create(
        organization=organization,
        number=references.next_number("concern"),
        raised_by_id=actor.person_id or 0,
        about=raised.about,
        about_person=person,
        title=title,
        description=description,
        strength=raised.strength,
        restricted=raised.restricted,
        ack_due_at=ack_due(now, organization),
    )
    _entry(concern, Entry.RAISED, actor, description)
    _audit(
        actor,
        concern,
        "raise",
        {
            "about": [None, concern.about],
            "strength": [None, concern.strength],
            "restricted": [None, concern.restricted],
            "text": [None, digest(title + description)],
        },
    )
    _tell(_managers(concern), concern, "was raised", "raised")
    return concern


def _locked(concern: Concern) -> Concern:
    return (
        Concern.objects.select_for_update()
        .select_related("organization", "raised_by")
        .get(pk=concern.pk)
    )


def _manager(actor: Actor, concern: Concern) -> None:
    seen = visible(actor, Concern.objects.filter(pk=concern.pk)).exists()
    if not (is_provider_lead(actor) and seen):
        raise PermissionDenied("The provider's admins and service managers answer concerns.")


@transaction.atomic
def acknowledge(*, actor: Actor, concern: Concern, note: str = "") -> Concern:
    concern = _locked(concern)
    _manager(actor, concern)
    if concern.status != ConcernStatus.RAISED:
        raise Conflict("This concern is acknowledged already.")
    note = _text(note, "note", required=False)
    concern.status = ConcernStatus.ACKNOWLEDGED
    concern.acknowledged_at = timezone.now()
    concern.save(update_fields=["status", "acknowledged_at", "updated_at"])
    _entry(concern, Entry.ACKNOWLEDGED, actor, note)
    late = concern.acknowledged_at > concern.ack_due_at
    _audit(
        actor, concern, "acknowledge", {"status": ["raised", "acknowledged"], "late": [None, late]}
    )
    _tell(_practice_side(concern), concern, "was acknowledged by your IT provider", "ack")
    return concern


@transaction.atomic
def respond(*, actor: Actor, concern: Concern, text: str) -> Concern:
    """The provider's proposed response; the practice then confirms or not."""
    concern = _locked(concern)
    _manager(actor, concern)
    if concern.status not in (ConcernStatus.RAISED, ConcernStatus.ACKNOWLEDGED):
        raise Conflict("This concern is answered or closed already.")
    text = _text(text, "text", required=True)
    before = concern.status
    now = timezone.now()
    if concern.acknowledged_at is None:
        concern.acknowledged_at = now  # answering acknowledges it too
    concern.status = ConcernStatus.ANSWERED
    concern.answered_at = now
    concern.save(update_fields=["status", "acknowledged_at", "answered_at", "updated_at"])
    _entry(concern, Entry.RESPONSE, actor, text)
    _audit(
        actor, concern, "respond", {"status": [before, "answered"], "text": [None, digest(text)]}
    )
    _tell(
        _practice_side(concern),
        concern,
        "has a response from your IT provider",
        f"answer:{now:%Y%m%d%H%M%S%f}",
    )
    return concern


@transaction.atomic
def confirm(*, actor: Actor, concern: Concern, addressed: bool, comment: str = "") -> Concern:
    """The practice: addressed (it closes), or not yet (back to the provider)."""
    concern = _locked(concern)
    if not can_answer_for_practice(actor, concern):
        raise PermissionDenied("The person who raised it, or the practice's admin, answers.")
    if concern.status != ConcernStatus.ANSWERED:
        raise Conflict("There is no response to confirm yet.")
    comment = _text(comment, "comment", required=not addressed)
    now = timezone.now()
    if addressed:
        concern.status, concern.closed_at = ConcernStatus.CLOSED, now
        _entry(concern, Entry.CONFIRMED, actor, comment)
    else:
        concern.status = ConcernStatus.ACKNOWLEDGED
        _entry(concern, Entry.NOT_YET, actor, comment)
    concern.save(update_fields=["status", "closed_at", "updated_at"])
    _audit(
        actor,
        concern,
        "confirm" if addressed else "not_yet",
        {"status": ["answered", concern.status]},
    )
    what = "was confirmed as addressed" if addressed else "is not addressed yet, says the practice"
    _tell(_managers(concern), concern, what, f"practice:{now:%Y%m%d%H%M%S%f}")
    return concern


def escalate_overdue(now: datetime | None = None) -> int:
    """Concerns not acknowledged by their target: the service managers are
    told, once (the provider admins when there is no service manager)."""
    now = now or timezone.now()
    count = 0
    due = Concern.objects.filter(
        status=ConcernStatus.RAISED, escalated_at=None, ack_due_at__lte=now
    ).select_related("organization", "raised_by")
    for concern in due[:500]:
        with transaction.atomic():
            locked = _locked(concern)
            if locked.escalated_at is not None or locked.status != ConcernStatus.RAISED:
                continue
            locked.escalated_at = now
            locked.save(update_fields=["escalated_at", "updated_at"])
            ConcernEntry.objects.create(concern=locked, kind=Entry.ESCALATED, at=now)
            _audit(SYSTEM, locked, "escalate", {"escalated_at": [None, now.isoformat()]})
            people = _managers(locked, frozenset({Role.SERVICE_MANAGER})) or _managers(
                locked, frozenset({Role.PROVIDER_ADMIN})
            )
            _tell(people, locked, "is not acknowledged in time", "escalated")
        count += 1
    return count


def close_silent(now: datetime | None = None) -> int:
    """Answered concerns the practice has not answered in
    `CONCERN_SILENCE_DAYS`: closed, and noted as closed by silence."""
    now = now or timezone.now()
    limit = now - timedelta(days=int(settings.CONCERN_SILENCE_DAYS))
    count = 0
    for concern in Concern.objects.filter(status=ConcernStatus.ANSWERED, answered_at__lte=limit)[
        :500
    ]:
        with transaction.atomic():
            locked = _locked(concern)
            if locked.status != ConcernStatus.ANSWERED:
                continue
            locked.status, locked.closed_at = ConcernStatus.CLOSED_SILENT, now
            locked.save(update_fields=["status", "closed_at", "updated_at"])
            ConcernEntry.objects.create(
                concern=locked,
                kind=Entry.CLOSED_SILENT,
                at=now,
                text=f"No answer from the practice in {settings.CONCERN_SILENCE_DAYS} days.",
            )
            _audit(SYSTEM, locked, "close_silent", {"status": ["answered", "closed_silent"]})
            _tell(
                _practice_side(locked) + _managers(locked),
                locked,
                "was closed after no answer",
                "silent",
            )
        count += 1
    return count
