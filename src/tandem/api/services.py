"""Making and revoking API tokens; every step audited."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tandem.accounts.models import Person
from tandem.api.models import SCOPES, ApiToken
from tandem.audit import services as audit
from tandem.core.tenancy import Actor

MAX_DAYS = 365


def digest(token: str) -> str:
    """A keyed hash (HMAC with the secret key), not the password hasher: tokens
    are long and random, and every API call checks one."""
    return salted_hmac("tandem.api.token", token, algorithm="sha256").hexdigest()


def split(token: str) -> tuple[str, str] | None:
    """`tdm_<prefix>_<secret>` → (prefix, whole token); None if malformed."""
    parts = token.split("_", 2)  # the secret itself may contain "_"
    if len(parts) != 3 or parts[0] != "tdm" or len(parts[1]) != 8:
        return None
    return parts[1], token


def matches(token: ApiToken, raw: str) -> bool:
    return hmac.compare_digest(token.digest, digest(raw))


@transaction.atomic
def create_token(*, actor: Actor, name: str, scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """A personal token acting as the actor, limited to `scopes`; returns the
    token row and the token, which is shown once and never stored."""
    if actor.person_id is None or actor.scopes is not None:
        raise PermissionDenied  # tokens are made by people signed in, not by tokens
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise ValidationError({"scopes": "Choose at least one of the listed scopes."})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"Between 1 and {MAX_DAYS} days."})
    prefix = secrets.token_hex(4)
    raw = f"tdm_{prefix}_{secrets.token_urlsafe(32)}"
    person = Person.objects.get(pk=actor.person_id)
    token = ApiToken.objects.create(
        organization_id=person.organization_id,
        person=person,
        name=name.strip()[:100],
        prefix=prefix,
        digest=digest(raw),
        scopes=sorted(scopes),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit.record(
        actor=actor,
        verb="token.create",
        organization_id=token.organization_id,
        target=token,
        target_label=token.name,
        changes={
            "scopes": [None, token.scopes],
            "expires_at": [None, token.expires_at.isoformat()],
        },
    )
    return token, raw


@transaction.atomic
def revoke_token(*, actor: Actor, token: ApiToken, reason: str = "") -> ApiToken:
    if token.person_id != actor.person_id and not actor.is_system:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            verb="token.revoke",
            organization_id=token.organization_id,
            target=token,
            target_label=token.name,
            changes={"reason": [None, reason]} if reason else None,
        )
    return token


def mark_used(token: ApiToken) -> None:
    """Record the last use, at most once a minute (a busy integration must not
    turn every read into a write)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
