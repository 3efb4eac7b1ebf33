"""Making and revoking API tokens and service accounts; every step audited."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tandem.accounts import permissions
from tandem.accounts.choices import roles_for
from tandem.accounts.models import Organization, Person
from tandem.api.models import SCOPES, ApiToken, ServiceAccount
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


def _check(scopes: list[str], days: int) -> None:
    unknown = set(scopes) - set(SCOPES)
    if unknown or not scopes:
        raise ValidationError({"scopes": "Choose at least one of the listed scopes."})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"Between 1 and {MAX_DAYS} days."})


def _issue(
    *,
    actor: Actor,
    organization_id: int,
    name: str,
    scopes: list[str],
    days: int,
    person: Person | None = None,
    service_account: ServiceAccount | None = None,
) -> tuple[ApiToken, str]:
    _check(scopes, days)
    prefix = secrets.token_hex(4)
    raw = f"tdm_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organization_id=organization_id,
        person=person,
        service_account=service_account,
        created_by_id=actor.person_id,
        name=name.strip()[:100],
        prefix=prefix,
        digest=digest(raw),
        scopes=sorted(scopes),
        expires_at=timezone.now() + timedelta(days=days),
    )
    changes: dict[str, list[object]] = {
        "scopes": [None, token.scopes],
        "expires_at": [None, token.expires_at.isoformat()],
    }
    if service_account is not None:
        changes["service_account"] = [None, service_account.name]
    audit.record(
        actor=actor,
        verb="token.create",
        organization_id=organization_id,
        target=token,
        target_label=token.name,
        changes=changes,
    )
    return token, raw


@transaction.atomic
def create_token(*, actor: Actor, name: str, scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """A personal token acting as the actor, limited to `scopes`; returns the
    token row and the token, which is shown once and never stored."""
    if actor.person_id is None or actor.scopes is not None:
        raise PermissionDenied  # tokens are made by people signed in, not by tokens
    person = Person.objects.get(pk=actor.person_id)
    return _issue(
        actor=actor,
        organization_id=person.organization_id,
        name=name,
        scopes=scopes,
        days=days,
        person=person,
    )


# Service accounts


def can_manage(actor: Actor, organization_id: int) -> bool:
    """Service accounts are an organization's admins' to manage (and the
    provider admin's, for every organization)."""
    return permissions.can_manage_org(actor, organization_id)


@transaction.atomic
def create_service_account(
    *, actor: Actor, organization: Organization, name: str, role: str, description: str = ""
) -> ServiceAccount:
    if not can_manage(actor, organization.pk):
        raise PermissionDenied
    name = name.strip()[:100]
    if not name:
        raise ValidationError({"name": "Name the integration, for example: monitoring."})
    if role not in dict(roles_for(organization.kind)):
        raise ValidationError({"role": "Choose one of the roles of this organization."})
    taken = ServiceAccount.objects.filter(
        organization=organization, name__iexact=name, deactivated_at=None
    )
    if taken.exists():
        raise ValidationError({"name": "An active service account already has this name."})
    account = ServiceAccount.objects.create(
        organization=organization,
        name=name,
        description=description.strip()[:300],
        role=role,
        created_by_id=actor.person_id,
    )
    audit.record(
        actor=actor,
        verb="service_account.create",
        organization_id=organization.pk,
        target=account,
        target_label=account.name,
        changes={"role": [None, role], "description": [None, account.description]},
    )
    return account


@transaction.atomic
def create_service_account_token(
    *, actor: Actor, account: ServiceAccount, name: str, scopes: list[str], days: int
) -> tuple[ApiToken, str]:
    """A token for the service account, made by an admin signed in (never by
    another token); it keeps working when that admin leaves."""
    if actor.person_id is None or actor.scopes is not None:
        raise PermissionDenied
    if not can_manage(actor, account.organization_id):
        raise PermissionDenied
    if not account.is_active:
        raise ValidationError({"name": "This service account is deactivated."})
    return _issue(
        actor=actor,
        organization_id=account.organization_id,
        name=name,
        scopes=scopes,
        days=days,
        service_account=account,
    )


@transaction.atomic
def deactivate_service_account(
    *, actor: Actor, account: ServiceAccount, reason: str = ""
) -> ServiceAccount:
    """Ends the account and every token it holds, at once."""
    if not can_manage(actor, account.organization_id):
        raise PermissionDenied
    account = ServiceAccount.objects.select_for_update().get(pk=account.pk)
    if account.deactivated_at is not None:
        return account
    for token in account.tokens.filter(revoked_at=None):
        revoke_token(actor=actor, token=token, reason="service account deactivated")
    account.deactivated_at = timezone.now()
    account.save(update_fields=["deactivated_at"])
    audit.record(
        actor=actor,
        verb="service_account.deactivate",
        organization_id=account.organization_id,
        target=account,
        target_label=account.name,
        changes={"reason": [None, reason]} if reason else None,
    )
    return account


@transaction.atomic
def revoke_token(*, actor: Actor, token: ApiToken, reason: str = "") -> ApiToken:
    own = token.person_id is not None and token.person_id == actor.person_id
    managed = token.service_account_id is not None and can_manage(actor, token.organization_id)
    if not (own or managed or actor.is_system):
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
