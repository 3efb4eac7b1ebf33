"""What each role may do, beyond the tenancy rule (which decides what is seen)."""

from __future__ import annotations

from tandem.accounts.choices import Role
from tandem.core.tenancy import Actor

PROVIDER_LEADS = frozenset({Role.PROVIDER_ADMIN, Role.SERVICE_MANAGER})


def is_provider_lead(actor: Actor) -> bool:
    """A provider admin or service manager: who sets the provider's terms,
    rotations and explanations."""
    return actor.is_provider and actor.role in PROVIDER_LEADS


def can_manage_clients(actor: Actor) -> bool:
    """Create practices and change the provider's settings."""
    return actor.is_system or (actor.is_provider and actor.role == Role.PROVIDER_ADMIN)


def can_manage_org(actor: Actor, organization_id: int) -> bool:
    """Invite people, edit sites, change roles and designations in one organization."""
    if actor.is_system:
        return True
    if not actor.can_see(organization_id):
        return False
    if actor.is_provider:
        return actor.role == Role.PROVIDER_ADMIN
    return actor.role == Role.CLIENT_ADMIN and actor.organization_id == organization_id


def can_read_audit(actor: Actor) -> bool:
    if actor.is_system:
        return True
    if actor.is_provider:
        return actor.role in {Role.PROVIDER_ADMIN, Role.SERVICE_MANAGER, Role.SECURITY_LEAD}
    return actor.role in {Role.CLIENT_ADMIN, Role.AUDITOR}


def can_review_access(actor: Actor) -> bool:
    """Access reviews: provider admins for everyone they see, practice admins
    for their own practice."""
    if actor.is_system:
        return True
    return actor.role in {Role.PROVIDER_ADMIN, Role.CLIENT_ADMIN}
