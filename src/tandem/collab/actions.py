"""The shared action plan: what each side owes the other, by when, and the
weekly digest of it. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import OrgKind, Role
from tandem.accounts.models import Organization, Person
from tandem.audit import services as audit
from tandem.collab.models import (
    ACTION_OPEN,
    ActionItem,
    ActionStatus,
    DigestSent,
    Side,
)
from tandem.core import links, references
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.notify import services as notify
from tandem.notify.models import NoticeKind

MAX_NOTES = 5_000
SOURCE = "source"  # the core.Link relation from an item to what it came from
DIGEST_HOUR = 7  # Monday, 07:00 in the person's own time zone


def can_plan(actor: Actor, organization_id: int) -> bool:
    """Add and edit items: provider staff who see the practice, its admins."""
    if actor.is_system:
        return True
    if not actor.can_see(organization_id):
        return False
    return actor.is_provider or (
        actor.role == Role.CLIENT_ADMIN and actor.organization_id == organization_id
    )


def can_update(actor: Actor, item: ActionItem) -> bool:
    """Move an item along: whoever may plan, and its owner."""
    return can_plan(actor, item.organization_id) or item.owner_id == actor.person_id


def side_of(person: Person) -> str:
    return Side.PROVIDER if person.is_provider_staff else Side.CLIENT


def owners(organization: Organization) -> models.QuerySet[Person]:
    """Who may own an item of this practice: its people who sign in (not its
    auditor), and the provider's staff who see it."""
    return (
        Person.objects.filter(is_active=True)
        .filter(
            Q(organization=organization, role__in=[Role.CLIENT_ADMIN, Role.CLIENT_MEMBER])
            | Q(organization__kind=OrgKind.PROVIDER, restricted_to_assigned=False)
            | Q(organization__kind=OrgKind.PROVIDER, assigned_clients=organization)
        )
        .select_related("organization")
        .distinct()
        .order_by("organization__kind", "full_name")
    )


@dataclass(frozen=True)
class Item:
    title: str
    owner: Person
    due_on: date
    notes: str = ""


def _clean(item: Item, organization: Organization) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = " ".join(strip_nul(item.title or "").split())
    if not title or len(title) > 200:
        errors["title"] = "Say what is to be done, in at most 200 characters."
    notes = strip_nul(item.notes or "").strip()
    if len(notes) > MAX_NOTES:
        errors["notes"] = f"At most {MAX_NOTES} characters."
    if item.owner is None or not owners(organization).filter(pk=item.owner.pk).exists():
        errors["owner"] = "Choose someone of the practice or of the provider who works for it."
    if item.due_on is None:
        errors["due_on"] = "Give a due date."
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "notes": notes,
        "owner": item.owner,
        "side": side_of(item.owner),
        "due_on": item.due_on,
    }


def _url(item: ActionItem) -> str:
    return reverse("collab:action_detail", kwargs={"uuid": item.uuid})


def _tell_owner(actor: Actor, item: ActionItem) -> None:
    if item.owner_id == actor.person_id:
        return
    notify.notify(
        person=item.owner,
        organization_id=item.organization_id,
        kind=NoticeKind.ACTION,
        title=f"{item.reference} is yours, due {item.due_on:%b %-d}: {item.title}",
        url=_url(item),
        key=f"action-owner:{item.uuid}:{item.owner_id}:{item.due_on}",
        email_subject=f"[{item.reference}] Yours by {item.due_on:%b %-d}: {item.title}",
        email_body=(
            f"{item.title}\n\nFor {item.organization.name}, due {item.due_on:%A %B %-d}. "
            f"Given to you by {actor.label}.\n\n{_url(item)}\n"
        ),
    )


FIELDS = ("title", "notes", "side", "owner", "due_on", "status")


@transaction.atomic
def create(
    *, actor: Actor, organization: Organization, item: Item, source: models.Model | None = None
) -> ActionItem:
    """A new item, typed in or from a decision, review, concern (`source`)."""
    if organization.is_provider or not can_plan(actor, organization.pk):
        raise PermissionDenied(
            "The action plan is kept by the provider's staff and practice admins."
        )
    cleaned = _clean(item, organization)
    made = ActionItem.objects.create(
        organization=organization,
        number=references.next_number("action"),
        created_by_id=actor.person_id,
        **cleaned,
    )
    if source is not None:
        links.link(made, source, by=actor.label, relation=SOURCE)
    audit.record(
        actor=actor,
        verb="action.create",
        organization_id=organization.pk,
        target=made,
        target_label=str(made),
        changes=audit.created(made, FIELDS)
        | ({"source": [None, str(source)]} if source is not None else {}),
    )
    _tell_owner(actor, made)
    return made


def _locked(item: ActionItem) -> ActionItem:
    return ActionItem.objects.select_for_update().select_related("organization").get(pk=item.pk)


@transaction.atomic
def update(*, actor: Actor, item: ActionItem, fields: Item) -> ActionItem:
    item = _locked(item)
    if not can_plan(actor, item.organization_id):
        raise PermissionDenied(
            "The action plan is kept by the provider's staff and practice admins."
        )
    cleaned = _clean(fields, item.organization)
    before = audit.snapshot(item, FIELDS)
    for name, value in cleaned.items():
        setattr(item, name, value)
    item.save()
    changes = audit.diff(before, audit.snapshot(item, FIELDS))
    if changes:
        audit.record(
            actor=actor,
            verb="action.update",
            organization_id=item.organization_id,
            target=item,
            target_label=str(item),
            changes=changes,
        )
        if "owner" in changes or "due_on" in changes:
            _tell_owner(actor, item)
    return item


@transaction.atomic
def set_status(*, actor: Actor, item: ActionItem, status: str) -> ActionItem:
    item = _locked(item)
    if not can_update(actor, item):
        raise PermissionDenied("Its owner, the provider's staff and practice admins move it along.")
    if status not in ActionStatus.values:
        raise ValidationError({"status": "Choose to do, doing, done or dropped."})
    if status == item.status:
        return item
    before = item.status
    item.status = status
    item.done_at = timezone.now() if status == ActionStatus.DONE else None
    item.save(update_fields=["status", "done_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="action.status",
        organization_id=item.organization_id,
        target=item,
        target_label=str(item),
        changes={"status": [before, status]},
    )
    return item


def today_for(organization: Organization) -> date:
    """The practice's date (its first site's time zone): what "overdue" means."""
    site = organization.sites.order_by("id").only("time_zone").first()
    zone = ZoneInfo(site.time_zone) if site else timezone.get_default_timezone()
    return timezone.now().astimezone(zone).date()


def overdue_by_side(qs: models.QuerySet[ActionItem], today: date) -> dict[str, int]:
    """{"provider": n, "client": m}: open items past their due date."""
    rows = (
        qs.filter(status__in=ACTION_OPEN, due_on__lt=today)
        .values("side")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {Side.PROVIDER.value: 0, Side.CLIENT.value: 0}
    counts.update({r["side"]: r["n"] for r in rows})
    return counts


# The weekly digest ----------------------------------------------------------------


def _digest_body(person: Person, items: list[ActionItem], today: date) -> str:
    lines = [f"Good morning {person.full_name},", "", "What you owe on the shared action plans:"]
    for item in items:
        late = " (overdue)" if item.due_on < today else ""
        lines.append(
            f"- {item.reference} {item.title}: due {item.due_on:%a %b %-d}{late}"
            f" [{item.organization.name}]"
        )
    lines += ["", "Mark them done in Tandem when they are."]
    return "\n".join(lines) + "\n"


def send_digests(now: datetime | None = None) -> int:
    """Each person who owns open items gets one digest a week, on Monday from
    07:00 their time. A DigestSent row per person and ISO week is taken first,
    in the same transaction as the queued email, so running the job twice
    (or on two workers) sends once. Returns the number sent."""
    now = now or timezone.now()
    sent = 0
    owner_ids = (
        ActionItem.objects.filter(status__in=ACTION_OPEN)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    for person in Person.objects.filter(pk__in=owner_ids, is_active=True).select_related(
        "organization", "site"
    ):
        local = now.astimezone(person.zone())
        if local.weekday() != 0 or local.hour < DIGEST_HOUR:
            continue
        year, week, _day = local.isocalendar()
        items = list(
            ActionItem.objects.filter(owner=person, status__in=ACTION_OPEN)
            .select_related("organization")
            .order_by("due_on", "number")[:100]
        )
        try:
            with transaction.atomic():
                DigestSent.objects.create(person=person, iso_year=year, iso_week=week)
                if person.can_sign_in and notify.wants_email(person.pk, NoticeKind.DIGEST):
                    notify.enqueue_email(
                        to=person.email,
                        subject=f"Your action plan this week: {len(items)} open",
                        body_text=_digest_body(person, items, local.date()),
                        idempotency_key=f"action-digest:{person.pk}:{year}-W{week:02d}",
                        organization_id=person.organization_id,
                    )
        except IntegrityError:
            continue  # sent already this week
        sent += 1
    return sent
