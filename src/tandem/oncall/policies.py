"""Writing escalation policies (provider leads) and paging targets (each
person their own; a lead anyone's). Audited in the provider's trail; a
target's address and secret are encrypted and never written to the trail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tandem.accounts.models import Person
from tandem.audit import services as audit
from tandem.core import crypto
from tandem.core.tenancy import Actor
from tandem.oncall.models import (
    EscalationLevel,
    EscalationPolicy,
    PagingTarget,
    Rotation,
    TargetKind,
)
from tandem.oncall.services import can_manage, clean_text, provider_id, require_staff

MAX_LEVELS = 6
MAX_REPEATS = 5
MAX_DELAY = 120


@dataclass(frozen=True)
class Step:
    """A level as typed: a rotation or a person, and minutes to acknowledge."""

    rotation: Rotation | None
    person: Person | None
    delay_minutes: int


def _step_words(level: Any) -> str:
    who = level.rotation.name if level.rotation else level.person.full_name
    return f"{who}, {level.delay_minutes} min"


@transaction.atomic
def save_policy(
    *,
    actor: Actor,
    policy: EscalationPolicy | None,
    name: str,
    priorities: list[int],
    out_of_hours: bool,
    on_breach: bool,
    repeats: int,
    steps: list[Step],
) -> EscalationPolicy:
    if not can_manage(actor):
        raise PermissionDenied("Only a provider admin or service manager sets escalation.")
    name = clean_text(name, "name", 100)
    priorities = sorted(set(priorities))
    if not priorities or any(p not in (1, 2, 3, 4) for p in priorities):
        raise ValidationError({"priorities": "Choose the priorities this policy pages for."})
    if not 0 <= repeats <= MAX_REPEATS:
        raise ValidationError({"repeats": f"Repeat 0 to {MAX_REPEATS} times."})
    if not steps or len(steps) > MAX_LEVELS:
        raise ValidationError({"levels": f"Give 1 to {MAX_LEVELS} levels, first paged first."})
    for step in steps:
        if (step.rotation is None) == (step.person is None):
            raise ValidationError({"levels": "Each level pages a rotation or a person."})
        if not 1 <= step.delay_minutes <= MAX_DELAY:
            raise ValidationError(
                {"levels": f"Give each level 1 to {MAX_DELAY} minutes to acknowledge."}
            )
    require_staff([s.person for s in steps if s.person], "levels")
    clash = EscalationPolicy.objects.filter(name=name)
    if policy is not None:
        clash = clash.exclude(pk=policy.pk)
    if clash.exists():
        raise ValidationError({"name": "Another policy has this name."})
    fields = ["name", "priorities", "out_of_hours", "on_breach", "repeats"]
    before: dict[str, Any] = {}
    if policy is not None:
        policy = EscalationPolicy.objects.select_for_update().get(pk=policy.pk)
        before = {
            **audit.snapshot(policy, fields),
            "levels": [
                _step_words(lv) for lv in policy.levels.select_related("rotation", "person")
            ],
        }
    policy = policy or EscalationPolicy()
    policy.name, policy.priorities, policy.repeats = name, priorities, repeats
    policy.out_of_hours, policy.on_breach = out_of_hours, on_breach
    policy.save()
    policy.levels.all().delete()
    EscalationLevel.objects.bulk_create(
        EscalationLevel(
            policy=policy,
            position=i,
            rotation=s.rotation,
            person=s.person,
            delay_minutes=s.delay_minutes,
        )
        for i, s in enumerate(steps)
    )
    after = {**audit.snapshot(policy, fields), "levels": [_step_words(s) for s in steps]}
    audit.record(
        actor=actor,
        verb="oncall.policy_update" if before else "oncall.policy_create",
        organization_id=provider_id(),
        target=policy,
        changes=audit.diff(before, after),
    )
    return policy


def can_set_targets(actor: Actor, person: Person) -> bool:
    return can_manage(actor) or (actor.is_provider and actor.person_id == person.pk)


def _address(kind: str, address: str) -> str:
    address = address.strip()
    if kind == TargetKind.PAGERDUTY and not address:
        return ""  # the Events API's own address
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(address) > 2000:
        raise ValidationError({"address": "Give the full https:// address you were given."})
    if kind == TargetKind.SMS and "{text}" not in address:
        raise ValidationError({"address": "The gateway's address must hold {text} (and {to})."})
    return address


@transaction.atomic
def add_target(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    label: str,
    address: str,
    secret: str = "",
    phone: str = "",
) -> PagingTarget:
    if not can_set_targets(actor, person):
        raise PermissionDenied("You set your own paging channels; a lead can set anyone's.")
    require_staff([person], "person")
    if kind not in TargetKind.values:
        raise ValidationError({"kind": "Choose where pages go."})
    label = clean_text(label, "label", 100)
    address = _address(kind, address)
    secret = secret.strip()
    if kind == TargetKind.PAGERDUTY and not (20 <= len(secret) <= 64):
        raise ValidationError({"secret": "Give the integration's routing key (32 characters)."})
    if kind == TargetKind.WEBHOOK and not (16 <= len(secret) <= 200):
        raise ValidationError({"secret": "Give a signing secret of 16 to 200 characters."})
    phone = " ".join(phone.split())
    if kind == TargetKind.SMS and not (6 <= len(phone) <= 40):
        raise ValidationError({"phone": "Give the number texts go to."})
    host = urlsplit(address).hostname or "events.pagerduty.com"
    target = PagingTarget.objects.create(
        person=person,
        kind=kind,
        label=label,
        address=crypto.encrypt(address),
        secret=crypto.encrypt(secret) if secret else "",
        phone=phone if kind == TargetKind.SMS else "",
        host=host[:200],
    )
    audit.record(
        actor=actor,
        verb="oncall.target_add",
        organization_id=provider_id(),
        target=person,
        target_label=person.full_name,
        changes={"channel": [None, f"{target.get_kind_display()}: {label} ({host})"]},
    )
    return target


@transaction.atomic
def remove_target(*, actor: Actor, target: PagingTarget) -> None:
    if not can_set_targets(actor, target.person):
        raise PermissionDenied
    audit.record(
        actor=actor,
        verb="oncall.target_remove",
        organization_id=provider_id(),
        target=target.person,
        target_label=target.person.full_name,
        changes={"channel": [f"{target.get_kind_display()}: {target.label} ({target.host})", None]},
    )
    target.delete()


@transaction.atomic
def send_test(*, actor: Actor, target: PagingTarget) -> None:
    """A test page to one channel, through the outbox like a real one, so
    whoever wires Slack or PagerDuty at 5 p.m. knows it works before 2 a.m."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone

    from tandem.notify import services as notify

    if not can_set_targets(actor, target.person):
        raise PermissionDenied
    here = settings.SITE_URL + reverse("oncall:channels")
    test_id = uuid.uuid4()
    event = {
        "action": "trigger",
        "page": f"test-{test_id}",
        "reference": "TEST",
        "subject": "A test page from Tandem: nothing is wrong",
        "practice": "(test)",
        "priority": 4,
        "reason": "Test of this channel",
        "request_url": here,
        "ack_url": here,
        "person": target.person.full_name,
        "level": 1,
        "round": 1,
        "at": timezone.now().isoformat(),
    }
    notify.enqueue_webhook(
        target=str(target.uuid),
        subject="Test page",
        payload=event,
        idempotency_key=f"page-test:{test_id}",
    )
    audit.record(
        actor=actor,
        verb="oncall.target_test",
        organization_id=provider_id(),
        target=target.person,
        target_label=target.person.full_name,
        changes={"channel": [None, f"{target.get_kind_display()}: {target.label}"]},
    )
