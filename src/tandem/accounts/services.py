"""Every write to organizations, sites and people. Each records its audit event
in the same transaction; emails go through the outbox in that transaction too."""

from __future__ import annotations

import hashlib
import secrets
from datetime import time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from tandem.accounts import permissions
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import CLIENT_ROLES, PROVIDER_ROLES, OrgKind, Role
from tandem.accounts.models import (
    EmergencyAccess,
    Invitation,
    LowImpactWindow,
    OpeningHours,
    Organization,
    Person,
    Site,
    validate_time_zone,
)
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.notify import services as notify

ORG_FIELDS = ("name", "slug", "phone")
BRANDING_FIELDS = ("support_phone", "support_email", "support_hours", "logo", "logo_content_type")
SITE_FIELDS = (
    "name",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "time_zone",
    "phone",
    "always_open",
)
PERSON_FIELDS = ("full_name", "email", "phone", "job_title", "role", "site", "is_active")
Hours = dict[int, tuple[time, time]]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _save_validated(instance: Any, **save_kwargs: Any) -> None:
    instance.full_clean(validate_unique=True)
    instance.save(**save_kwargs)


def _assign(instance: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Set the given fields, refusing any this use case may not change."""
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError({name: "This field cannot be changed here."})
        setattr(instance, name, value)


def provider() -> Organization | None:
    return Organization.objects.filter(kind=OrgKind.PROVIDER).first()


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "practice"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Organizations ---------------------------------------------------------------


@transaction.atomic
def create_provider(
    *, actor: Actor, name: str, support_phone: str = "", **extra: Any
) -> Organization:
    if provider() is not None:
        raise ValidationError({"name": "This instance already has its IT provider."})
    org = Organization(
        kind=OrgKind.PROVIDER,
        name=name,
        slug=_unique_slug(name),
        support_phone=support_phone,
        **extra,
    )
    _save_validated(org)
    audit.record(
        actor=actor,
        verb="organization.create",
        organization_id=org.pk,
        target=org,
        changes=audit.created(org, (*ORG_FIELDS, "support_phone")),
    )
    return org


@transaction.atomic
def create_client(*, actor: Actor, name: str, phone: str = "", slug: str = "") -> Organization:
    _require(permissions.can_manage_clients(actor))
    org = Organization(kind=OrgKind.CLIENT, name=name, phone=phone, slug=slug or _unique_slug(name))
    _save_validated(org)
    audit.record(
        actor=actor,
        verb="organization.create",
        organization_id=org.pk,
        target=org,
        changes=audit.created(org, ORG_FIELDS),
    )
    return org


@transaction.atomic
def update_organization(
    *,
    actor: Actor,
    organization: Organization,
    security_official: Person | None = None,
    privacy_official: Person | None = None,
    **fields: Any,
) -> Organization:
    _require(permissions.can_manage_org(actor, organization.pk))
    tracked = (
        "name",
        "phone",
        "idle_timeout_minutes",
        "require_mfa",
        "internal_notes",
        "security_official",
        "privacy_official",
    )
    before = audit.snapshot(organization, tracked)
    if "internal_notes" in fields and not (actor.is_provider or actor.is_system):
        raise PermissionDenied
    allowed = ("name", "phone", "idle_timeout_minutes", "require_mfa", "internal_notes")
    _assign(organization, fields, allowed)
    for label, official in (
        ("security_official", security_official),
        ("privacy_official", privacy_official),
    ):
        if official is not None and (
            official.organization_id != organization.pk or not official.is_active
        ):
            raise ValidationError({label: "Choose an active person of this practice."})
        setattr(organization, label, official)
    _save_validated(organization)
    changes = audit.diff(before, audit.snapshot(organization, tracked))
    audit.record_changes(
        actor=actor,
        verb="organization.update",
        organization_id=organization.pk,
        target=organization,
        changes=changes,
    )
    return organization


@transaction.atomic
def update_branding(*, actor: Actor, organization: Organization, **fields: Any) -> Organization:
    _require(permissions.can_manage_clients(actor) and organization.is_provider)
    before = audit.snapshot(organization, BRANDING_FIELDS)
    _assign(organization, fields, BRANDING_FIELDS)
    _save_validated(organization)
    changes = audit.diff(before, audit.snapshot(organization, BRANDING_FIELDS))
    audit.record_changes(
        actor=actor,
        verb="organization.branding",
        organization_id=organization.pk,
        target=organization,
        changes=changes,
    )
    return organization


# Sites -----------------------------------------------------------------------


def _set_hours(site: Site, hours: Hours) -> dict[str, Any]:
    before = {h.weekday: f"{h.opens:%H:%M}-{h.closes:%H:%M}" for h in site.hours.all()}
    for weekday, (opens, closes) in hours.items():
        if closes <= opens:
            raise ValidationError({f"hours_{weekday}": "Closing time must be after opening time."})
    site.hours.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(site=site, weekday=d, opens=o, closes=c) for d, (o, c) in sorted(hours.items())
    )
    after = {d: f"{o:%H:%M}-{c:%H:%M}" for d, (o, c) in hours.items()}
    return {"hours": [before, after]} if before != after else {}


def _set_low_impact(site: Site, windows: Hours) -> dict[str, Any]:
    before = {w.weekday: f"{w.starts:%H:%M}-{w.ends:%H:%M}" for w in site.low_impact.all()}
    for weekday, (starts, ends) in windows.items():
        if ends <= starts:
            raise ValidationError({f"low_ends_{weekday}": "The end must be after the start."})
    site.low_impact.all().delete()
    LowImpactWindow.objects.bulk_create(
        LowImpactWindow(site=site, weekday=d, starts=a, ends=b)
        for d, (a, b) in sorted(windows.items())
    )
    after = {d: f"{a:%H:%M}-{b:%H:%M}" for d, (a, b) in windows.items()}
    return {"low_impact": [before, after]} if before != after else {}


def _check_always_open(site: Site) -> None:
    if site.always_open and not site.low_impact.exists():
        raise ValidationError(
            {
                "always_open": "A site open around the clock declares at least one low-impact "
                "window, when changes disturb it least."
            }
        )


@transaction.atomic
def create_site(
    *,
    actor: Actor,
    organization: Organization,
    hours: Hours | None = None,
    low_impact: Hours | None = None,
    **fields: Any,
) -> Site:
    _require(permissions.can_manage_org(actor, organization.pk))
    site = Site(organization=organization, **{k: v for k, v in fields.items() if k in SITE_FIELDS})
    _save_validated(site)
    changes = audit.created(site, SITE_FIELDS)
    if hours:
        changes |= _set_hours(site, hours)
    if low_impact:
        changes |= _set_low_impact(site, low_impact)
    _check_always_open(site)
    audit.record(
        actor=actor,
        verb="site.create",
        organization_id=organization.pk,
        target=site,
        changes=changes,
    )
    return site


@transaction.atomic
def update_site(
    *,
    actor: Actor,
    site: Site,
    hours: Hours | None = None,
    low_impact: Hours | None = None,
    **fields: Any,
) -> Site:
    _require(permissions.can_manage_org(actor, site.organization_id))
    before = audit.snapshot(site, SITE_FIELDS)
    _assign(site, fields, SITE_FIELDS)
    _save_validated(site)
    changes: dict[str, Any] = audit.diff(before, audit.snapshot(site, SITE_FIELDS))
    if hours is not None:
        changes |= _set_hours(site, hours)
    if low_impact is not None:
        changes |= _set_low_impact(site, low_impact)
    _check_always_open(site)
    audit.record_changes(
        actor=actor,
        verb="site.update",
        organization_id=site.organization_id,
        target=site,
        changes=changes,
    )
    return site


# People ----------------------------------------------------------------------


def _check_role(organization: Organization, role: str) -> None:
    allowed = PROVIDER_ROLES if organization.is_provider else CLIENT_ROLES
    if role not in allowed:
        raise ValidationError({"role": "Choose a role that exists on this side."})


def _check_email_free(email: str, organization: Organization) -> Person | None:
    """One email is one person in one organization."""
    existing = Person.objects.filter(email__iexact=email).first()
    if existing is not None and existing.organization_id != organization.pk:
        raise ValidationError(
            {"email": "This email already belongs to someone in another organization."}
        )
    return existing


@transaction.atomic
def create_person(
    *,
    actor: Actor,
    organization: Organization,
    email: str,
    full_name: str,
    role: str,
    password: str | None = None,
    **extra: Any,
) -> Person:
    """Add a person directly: a contact (no password) or, for `init` and the demo,
    someone who can sign in at once."""
    if not actor.is_system:
        _require(permissions.can_manage_org(actor, organization.pk))
    email = email.strip().lower()
    _check_role(organization, role)
    if _check_email_free(email, organization) is not None:
        raise ValidationError({"email": "Someone with this email already exists."})
    person = Person(organization=organization, email=email, full_name=full_name, role=role, **extra)
    if password:
        validate_password(password, person)
        person.set_password(password)
    else:
        person.set_unusable_password()
    _save_validated(person)
    audit.record(
        actor=actor,
        verb="person.create",
        organization_id=organization.pk,
        target=person,
        changes=audit.created(person, PERSON_FIELDS) | {"can_sign_in": [None, bool(password)]},
    )
    return person


@transaction.atomic
def update_person(*, actor: Actor, person: Person, **fields: Any) -> Person:
    _require(permissions.can_manage_org(actor, person.organization_id))
    before = audit.snapshot(person, PERSON_FIELDS)
    _assign(person, fields, ("full_name", "phone", "job_title", "role", "site"))
    _check_role(person.organization, person.role)
    if person.site is not None and person.site.organization_id != person.organization_id:
        raise ValidationError({"site": "Choose a site of this person's organization."})
    if before["role"] != person.role and person.pk == actor.person_id:
        raise ValidationError({"role": "You cannot change your own role."})
    _save_validated(person)
    changes = audit.diff(before, audit.snapshot(person, PERSON_FIELDS))
    audit.record_changes(
        actor=actor,
        verb="person.role_change" if "role" in changes else "person.update",
        organization_id=person.organization_id,
        target=person,
        changes=changes,
    )
    return person


@transaction.atomic
def set_assignments(
    *, actor: Actor, person: Person, restricted: bool, clients: list[Organization]
) -> Person:
    _require(permissions.can_manage_clients(actor) and person.is_provider_staff)
    if person.pk == actor.person_id:
        raise ValidationError({"clients": "You cannot change your own assignments."})
    if any(c.kind != OrgKind.CLIENT for c in clients):
        raise ValidationError({"clients": "Only practices can be assigned."})
    before = sorted(person.assigned_clients.values_list("slug", flat=True))
    person.restricted_to_assigned = restricted
    person.save(update_fields=["restricted_to_assigned"])
    person.assigned_clients.set(clients)
    after = sorted(c.slug for c in clients)
    audit.record(
        actor=actor,
        verb="person.assignments",
        organization_id=person.organization_id,
        target=person,
        changes={"restricted": [None, restricted], "clients": [before, after]},
    )
    return person


@transaction.atomic
def deactivate(*, actor: Actor, person: Person) -> Person:
    """Deactivate, never delete. The auth backend refuses inactive people on
    their next request, so every session they hold ends at once."""
    _require(permissions.can_manage_org(actor, person.organization_id))
    if person.pk == actor.person_id:
        raise ValidationError({"person": "You cannot deactivate yourself."})
    if not person.is_active:
        return person
    person.is_active = False
    person.deactivated_at = timezone.now()
    person.save(update_fields=["is_active", "deactivated_at"])
    Invitation.objects.filter(person=person, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    audit.record(
        actor=actor,
        verb="person.deactivate",
        organization_id=person.organization_id,
        target=person,
        changes={"is_active": [True, False]},
    )
    return person


@transaction.atomic
def reactivate(*, actor: Actor, person: Person) -> Person:
    _require(permissions.can_manage_org(actor, person.organization_id))
    if person.is_active:
        return person
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["is_active", "deactivated_at"])
    audit.record(
        actor=actor,
        verb="person.reactivate",
        organization_id=person.organization_id,
        target=person,
        changes={"is_active": [False, True]},
    )
    return person


# Invitations -----------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite(
    *,
    actor: Actor,
    organization: Organization,
    email: str,
    full_name: str,
    role: str,
) -> tuple[Invitation, str]:
    """Invite someone to sign in; returns the invitation and its one-time token
    (which is emailed and never stored)."""
    _require(permissions.can_manage_org(actor, organization.pk))
    if actor.is_client and role not in CLIENT_ROLES:
        raise ValidationError({"role": "Choose a practice role."})
    email = email.strip().lower()
    _check_role(organization, role)
    person = _check_email_free(email, organization)
    if person is not None and person.can_sign_in:
        raise ValidationError({"email": "This person can already sign in."})
    if person is None:
        person = Person(organization=organization, email=email, full_name=full_name, role=role)
        person.set_unusable_password()
        _save_validated(person)
        audit.record(
            actor=actor,
            verb="person.create",
            organization_id=organization.pk,
            target=person,
            changes=audit.created(person, PERSON_FIELDS),
        )
    # A new invitation replaces any pending one for the same person.
    Invitation.objects.filter(person=person, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization,
        email=email,
        full_name=full_name,
        role=role,
        token_hash=_token_hash(token),
        invited_by_id=actor.person_id,
        person=person,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS),
    )
    _save_validated(invitation)
    audit.record(
        actor=actor,
        verb="invitation.create",
        organization_id=organization.pk,
        target=invitation,
        target_label=email,
        changes={"email": [None, email], "role": [None, role]},
    )
    brand = provider()
    notify.enqueue_templated_email(
        to=email,
        template="invitation",
        context={
            "invitation": invitation,
            "inviter": actor.label.split(" <")[0],
            "organization": organization,
            "provider": brand,
            "url": settings.SITE_URL + reverse("accounts:invitation_accept", args=[token]),
            "ttl_days": settings.INVITATION_TTL_DAYS,
        },
        idempotency_key=f"invitation:{invitation.uuid}",
        organization_id=organization.pk,
    )
    return invitation, token


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organization", "person")
        .filter(token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def accept_invitation(*, token: str, password: str, full_name: str = "") -> Person:
    invitation = invitation_by_token(token)
    if invitation is None or invitation.state != "pending":
        raise ValidationError(
            {"token": "This invitation link is no longer valid. Ask for a new one."}
        )
    # Single use: only one request may move it from pending to accepted.
    used = Invitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None).update(
        accepted_at=timezone.now()
    )
    if used != 1:
        raise ValidationError({"token": "This invitation link has already been used."})
    person = invitation.person
    validate_password(password, person)
    person.set_password(password)
    person.full_name = full_name.strip() or invitation.full_name
    person.role = invitation.role
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["password", "full_name", "role", "is_active", "deactivated_at"])

    audit.record(
        actor=actor_for(person),
        verb="invitation.accept",
        organization_id=invitation.organization_id,
        target=invitation,
        target_label=invitation.email,
    )
    return person


@transaction.atomic
def revoke_invitation(*, actor: Actor, invitation: Invitation) -> Invitation:
    _require(permissions.can_manage_org(actor, invitation.organization_id))
    if invitation.state == "pending":
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit.record(
            actor=actor,
            verb="invitation.revoke",
            organization_id=invitation.organization_id,
            target=invitation,
            target_label=invitation.email,
        )
    return invitation


# Sign-ins --------------------------------------------------------------------


def record_sign_in(*, actor: Actor, person: Person, ip_address: str | None) -> None:
    audit.record(
        actor=actor,
        verb="auth.sign_in",
        organization_id=person.organization_id,
        target=person,
        ip_address=ip_address,
    )


def record_sign_out(
    *, actor: Actor, person: Person, ip_address: str | None, reason: str = ""
) -> None:
    """`reason` is empty when the person signed out, else "idle" or "lifetime"."""
    audit.record(
        actor=actor,
        verb="auth.sign_out",
        organization_id=person.organization_id,
        target=person,
        ip_address=ip_address,
        changes={"reason": [None, reason]} if reason else None,
    )


def record_credential_change(*, actor: Actor, person: Person, verb: str, kind: str = "") -> None:
    """A password changed, reset or set, or a second factor added, removed or
    reset (recovery codes regenerated). allauth makes the change; this records it."""
    audit.record(
        actor=actor,
        verb=verb,
        organization_id=person.organization_id,
        target=person,
        changes={"kind": [None, kind]} if kind else None,
    )


def record_failed_sign_in(*, email: str, ip_address: str | None, actor: Actor) -> None:
    """A failed sign-in goes to the chain of the person it named, or to the
    provider's chain when the email is unknown (so probing is visible too)."""
    person = Person.objects.filter(email__iexact=email.strip()).first() if email else None
    org = person.organization if person else provider()
    if org is None:
        return
    audit.record(
        actor=actor,
        verb="auth.sign_in_failed",
        organization_id=org.pk,
        target=person,
        target_label=email[:300],
        ip_address=ip_address,
    )


# Emergency access -----------------------------------------------------------

EMERGENCY_HOURS = 4
MIN_REASON = 20


@transaction.atomic
def grant_emergency_access(
    *, actor: Actor, slug: str, reason: str, hours: int = EMERGENCY_HOURS
) -> EmergencyAccess:
    """Break glass: a provider staff member limited to some practices opens one
    more for a few hours, with a written reason. Audited in the practice's own
    chain and emailed to its admins."""
    if not actor.is_provider or actor.person_id is None:
        raise PermissionDenied
    if actor.all_orgs:
        raise ValidationError({"slug": "You already see every practice."})
    organization = Organization.objects.filter(kind=OrgKind.CLIENT, slug=slug.strip()).first()
    if organization is None:
        raise ValidationError({"slug": "No practice has this code."})
    if actor.can_see(organization.pk):
        raise ValidationError({"slug": "You can already see this practice."})
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": f"Say why, in at least {MIN_REASON} characters."})
    return open_emergency_access(
        actor=actor,
        organization=organization,
        person_id=actor.person_id,
        reason=reason,
        hours=hours,
    )


def open_emergency_access(
    *, actor: Actor, organization: Organization, person_id: int, reason: str, hours: int
) -> EmergencyAccess:
    """The grant itself, once its reason is accepted: by the person breaking
    the glass, or by the system for a technician paged for this practice.
    Audited in the practice's chain and emailed to its admins."""
    grant = EmergencyAccess(
        organization=organization,
        person_id=person_id,
        reason=reason,
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    _save_validated(grant)
    audit.record(
        actor=actor,
        verb="emergency_access.grant",
        organization_id=organization.pk,
        target=grant,
        target_label=grant.person.full_name,
        changes=audit.created(grant, ("reason", "expires_at")),
    )
    admins = [
        p
        for p in Person.objects.filter(
            organization=organization, role=Role.CLIENT_ADMIN, is_active=True
        )
        if p.has_usable_password()
    ]
    url = settings.SITE_URL + reverse("accounts:organization_detail", args=[organization.slug])
    for admin in admins:
        notify.enqueue_templated_email(
            to=admin.email,
            template="emergency_access",
            context={
                "grant": grant,
                "organization": organization,
                "provider": provider(),
                "url": url,
            },
            idempotency_key=f"emergency:{grant.uuid}:{admin.uuid}",
            organization_id=organization.pk,
        )
    return grant


@transaction.atomic
def end_emergency_access(*, actor: Actor, grant: EmergencyAccess) -> EmergencyAccess:
    """End a grant early: its holder, a provider admin, or the practice's admin."""
    allowed = grant.person_id == actor.person_id or permissions.can_manage_org(
        actor, grant.organization_id
    )
    _require(allowed)
    if grant.is_active:
        grant.ended_at = timezone.now()
        grant.save(update_fields=["ended_at", "updated_at"])
        audit.record(
            actor=actor,
            verb="emergency_access.end",
            organization_id=grant.organization_id,
            target=grant,
            target_label=str(grant.person),
        )
    return grant


def record_access_review_export(*, actor: Actor, scope_label: str, rows: int) -> None:
    if actor.organization_id is None:
        raise PermissionDenied
    audit.record(
        actor=actor,
        verb="access_review.export",
        organization_id=actor.organization_id,
        target_label=scope_label,
        changes={"rows": [None, rows]},
    )


@transaction.atomic
def set_own_time_zone(*, actor: Actor, person: Person, time_zone: str) -> Person:
    """A person's own choice of time zone ("" for their site's)."""
    if actor.person_id != person.pk:
        raise PermissionDenied
    if time_zone:
        validate_time_zone(time_zone)
    if person.time_zone != time_zone:
        before = person.time_zone
        person.time_zone = time_zone
        person.save(update_fields=["time_zone"])
        audit.record(
            actor=actor,
            verb="person.update",
            organization_id=person.organization_id,
            target=person,
            changes={"time_zone": [before, time_zone]},
        )
    return person
