"""Reading the audit trail, scoped through the actor."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.accounts.permissions import can_read_audit
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import Actor


def events_for(actor: Actor) -> QuerySet[AuditEvent]:
    if not can_read_audit(actor):
        return AuditEvent.objects.none()
    return actor.scope(AuditEvent.objects.select_related("organization"))
