"""Signing: the one mechanism behind every sign-off (decisions, change
approvals, risk acceptances).

The signer proves it is them again at the moment of signing (their password,
and their authenticator code when they have one), whatever their session: a
signature says this person meant this, not that someone used their browser.
What is signed is a canonical JSON rendering of the record's content; its
SHA-256 is kept with the signature, so anyone can later show that the record
read today is the one signed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from tandem.accounts.models import Person
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.signoff.models import Capacity, Meaning, Signature

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


def canonical(content: Mapping[str, Any]) -> bytes:
    """The bytes that are hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def subject_of(obj: models.Model) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.uuid)  # type: ignore[attr-defined]


def signatures_of(obj: models.Model) -> models.QuerySet[Signature]:
    subject_type, subject_id = subject_of(obj)
    return Signature.objects.filter(subject_type=subject_type, subject_id=subject_id)


def clean_comment(comment: str, *, required: bool, why: str) -> str:
    """A signer's comment: stripped, at most 1,000 characters, and present
    when the signature needs a reason (`why` says what to write)."""
    comment = strip_nul(comment or "").strip()
    if required and not comment:
        raise ValidationError({"comment": why})
    if len(comment) > 1000:
        raise ValidationError({"comment": "At most 1,000 characters."})
    return comment


def needs_code(person: Person) -> bool:
    return bool(Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists())


def _failures_key(person: Person) -> str:
    return f"signoff:failures:{person.pk}"


def reauthenticate(person: Person, *, password: str, code: str = "") -> str:
    """How the person proved it was them ("password" or "password+totp"), or a
    ValidationError naming the field that was wrong. Five wrong tries lock
    signing for fifteen minutes."""
    if not person.can_sign_in:
        raise ValidationError({"password": "Only someone who signs in with a password can sign."})
    key = _failures_key(person)
    if int(cache.get(key, 0)) >= MAX_FAILURES:
        raise ValidationError(
            {"password": "Too many wrong tries: signing is locked for 15 minutes."}
        )
    if not password or not person.check_password(password):
        _failed(key)
        raise ValidationError({"password": "That is not your password."})
    authenticator = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return "password"
    if not code.strip() or not TOTP(authenticator).validate_code(code.strip()):
        _failed(key)
        raise ValidationError(
            {"code": "That code is wrong or was already used: type the current one."}
        )
    return "password+totp"


def _failed(key: str) -> None:
    if not cache.add(key, 1, timeout=LOCKOUT_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=LOCKOUT_SECONDS)


@dataclass(frozen=True)
class Proof:
    """A person who just proved it was them, and how."""

    person: Person
    method: str


def prove(
    *,
    actor: Actor,
    subject: models.Model,
    organization_id: int,
    label: str,
    password: str,
    code: str = "",
) -> Proof:
    """Step one of signing, called before the caller's transaction: a refused
    proof is audited and kept (a wrong password at the moment of signing is
    worth an auditor's attention), then raised as a ValidationError."""
    person = Person.objects.filter(pk=actor.person_id or 0, is_active=True).first()
    if person is None:
        raise PermissionDenied("Only a person can sign.")
    try:
        method = reauthenticate(person, password=password, code=code)
    except ValidationError:
        subject_type, subject_id = subject_of(subject)
        audit.record(
            actor=actor,
            verb="signature.refused",
            organization_id=organization_id,
            target=subject,
            target_label=label[:300],
            changes={"subject": [None, f"{subject_type}:{subject_id}"]},
        )
        raise
    return Proof(person, method)


def sign(
    *,
    actor: Actor,
    proof: Proof,
    subject: models.Model,
    organization_id: int,
    subject_label: str,
    content: Mapping[str, Any],
    capacity: Capacity,
    meaning: Meaning,
    designation: str = "",
    comment: str = "",
) -> Signature:
    """Step two: keep the signature of `content` for one side and audit it.
    The caller decides who may sign for which side, and calls this inside its
    own transaction, holding the lock on the record signed."""
    if proof.person.pk != actor.person_id:
        raise PermissionDenied("A signature is made by the person who proved it was them.")
    person = proof.person
    subject_type, subject_id = subject_of(subject)
    digest = content_hash(content)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                organization_id=organization_id,
                subject_type=subject_type,
                subject_id=subject_id,
                subject_label=subject_label[:300],
                capacity=capacity,
                meaning=meaning,
                person=person,
                signer_name=person.full_name,
                signer_email=person.email,
                signer_role=person.role,
                signer_designation=designation,
                content_sha256=digest,
                method=proof.method,
                comment=comment[:1000],
                ip_address=actor.ip_address,
                signed_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(
            "This version is already signed for your side: nothing more to sign."
        ) from None
    audit.record(
        actor=actor,
        verb="signature.create",
        organization_id=organization_id,
        target=signature,
        target_label=f"{subject_label[:200]}: {signature.get_meaning_display()}",
        changes={
            "subject": [None, f"{subject_type}:{subject_id}"],
            "capacity": [None, capacity],
            "meaning": [None, meaning],
            "content_sha256": [None, digest],
            "method": [None, proof.method],
        },
    )
    return signature
