"""Who may do what on the desk, beyond the tenancy rule (which decides what is seen)."""

from __future__ import annotations

from tandem.accounts.choices import Role
from tandem.core.tenancy import Actor


def works_the_desk(actor: Actor) -> bool:
    """Provider staff answer, note, assign and re-triage."""
    return actor.is_system or actor.is_provider


def can_raise(actor: Actor, organization_id: int) -> bool:
    """Raise a request for an organization: its people (auditors only read)
    and provider staff who see it."""
    if not actor.can_see(organization_id) and not actor.is_system:
        return False
    return works_the_desk(actor) or actor.role != Role.AUDITOR


def can_write_on(actor: Actor) -> bool:
    """Reply on a request one sees (auditors only read)."""
    return works_the_desk(actor) or (actor.is_client and actor.role != Role.AUDITOR)


# A practice's admin and auditor see all its requests; a member sees their own.
WHOLE_PRACTICE_ROLES = frozenset({Role.CLIENT_ADMIN, Role.AUDITOR})


def sees_whole_practice(actor: Actor) -> bool:
    return not actor.is_client or actor.role in WHOLE_PRACTICE_ROLES


def can_edit_matrix(actor: Actor) -> bool:
    return actor.is_system or (actor.is_provider and actor.role == Role.PROVIDER_ADMIN)
