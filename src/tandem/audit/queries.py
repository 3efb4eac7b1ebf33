"""Reading the audit trail, scoped through the actor."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.accounts.models import Person
from tandem.accounts.permissions import can_read_audit
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import Actor


def events_for(actor: Actor) -> QuerySet[AuditEvent]:
    if not can_read_audit(actor):
        return AuditEvent.objects.none()
    return actor.scope(AuditEvent.objects.select_related("organization"))


SIGN_IN_VERBS = ("auth.sign_in", "auth.sign_in_failed", "auth.sign_out")


def sign_ins_of(person: Person, *, limit: int = 10) -> list[AuditEvent]:
    """A person's recent sign-ins, failures and sign-outs. Shown to that person
    only, whatever their role: they are the one who can tell a stranger's."""
    return list(
        AuditEvent.objects.filter(
            organization_id=person.organization_id,
            target_type="accounts.person",
            target_id=str(person.uuid),
            verb__in=SIGN_IN_VERBS,
        ).order_by("-id")[:limit]
    )
