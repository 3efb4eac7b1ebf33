"""Macros: canned replies that can also set the status and the priority.

Placeholders are filled by plain substitution of a fixed set of names with
plain values: the text is never given to a template engine, so a macro (or a
requester's name) cannot run code or read other data."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from tandem.accounts.models import Person
from tandem.accounts.permissions import PROVIDER_LEADS
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.desk import permissions, services
from tandem.desk.choices import TRANSITIONS, Priority, Status
from tandem.desk.models import Macro, ServiceRequest

PLACEHOLDERS = {
    "requester_name": "who raised the request",
    "reference": "the request's reference (T-1042)",
    "subject": "the request's subject",
    "practice": "the practice's name",
    "site": "the request's site",
    "technician": "the person applying the macro",
}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
MAX_BODY = 20_000


def placeholders_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def fill(text: str, values: dict[str, str]) -> str:
    """Each known {name} replaced by its value; anything else left as typed."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def values_for(request: ServiceRequest, technician: Person | None) -> dict[str, str]:
    return {
        "requester_name": request.requester.full_name if request.requester else "there",
        "reference": request.reference,
        "subject": request.subject,
        "practice": request.organization.name,
        "site": request.site.name if request.site else request.organization.name,
        "technician": technician.full_name if technician else "the service desk",
    }


def macros_for(actor: Actor) -> QuerySet[Macro]:
    """Shared macros and the actor's own (provider staff only)."""
    if not permissions.works_the_desk(actor):
        return Macro.objects.none()
    return Macro.objects.filter(Q(owner__isnull=True) | Q(owner_id=actor.person_id)).order_by(
        "name"
    )


def macro_for(actor: Actor, uuid: Any) -> Macro:
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    return macros_for(actor).get(uuid=uuid)


def can_edit(actor: Actor, macro: Macro | None, *, shared: bool) -> bool:
    """Anyone on the staff keeps personal macros; provider admins and service
    managers keep the shared ones."""
    if not permissions.works_the_desk(actor):
        return False
    if macro is not None and macro.owner_id is not None and macro.owner_id != actor.person_id:
        return False
    needs_lead = shared or (macro is not None and macro.owner_id is None)
    return not needs_lead or actor.is_system or actor.role in PROVIDER_LEADS


def _clean(name: str, body: str, set_status: str, set_priority: int | None) -> tuple[str, str]:
    name = strip_nul(name or "").strip()
    body = strip_nul(body or "").strip()
    errors: dict[str, str] = {}
    if not name or len(name) > 100:
        errors["name"] = "Give it a name of at most 100 characters."
    if not body or len(body) > MAX_BODY:
        errors["body"] = f"Write the reply (at most {MAX_BODY} characters)."
    unknown = placeholders_in(body) - PLACEHOLDERS.keys()
    if unknown:
        known = ", ".join(f"{{{k}}}" for k in PLACEHOLDERS)
        errors["body"] = f"Unknown placeholder {{{sorted(unknown)[0]}}}. Use: {known}."
    if set_status and set_status not in Status.values:
        errors["set_status"] = "Choose a status, or none."
    if set_priority is not None and set_priority not in Priority.values:
        errors["set_priority"] = "Choose P1 to P4, or none."
    if errors:
        raise ValidationError(errors)
    return name, body


@transaction.atomic
def save_macro(
    *,
    actor: Actor,
    macro: Macro | None,
    name: str,
    body: str,
    shared: bool,
    set_status: str = "",
    set_priority: int | None = None,
) -> Macro:
    if not can_edit(actor, macro, shared=shared):
        raise PermissionDenied
    name, body = _clean(name, body, set_status, set_priority)
    creating = macro is None
    macro = macro or Macro(created_by_id=actor.person_id)
    before = {
        "name": macro.name,
        "shared": macro.owner_id is None if not creating else None,
        "set_status": macro.set_status,
        "set_priority": macro.set_priority,
        "body": f"{len(macro.body)} characters" if macro.body else None,
    }
    macro.name, macro.body = name, body
    macro.owner_id = None if shared else actor.person_id
    macro.set_status, macro.set_priority = set_status, set_priority
    macro.save()
    after = {
        "name": name,
        "shared": shared,
        "set_status": set_status,
        "set_priority": set_priority,
        "body": f"{len(body)} characters",
    }
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes and actor.organization_id is not None:
        audit.record(
            actor=actor,
            verb="macro.create" if creating else "macro.update",
            organization_id=actor.organization_id,
            target=macro,
            target_label=macro.name,
            changes=changes,
        )
    return macro


@transaction.atomic
def apply(
    *, actor: Actor, macro: Macro, request: ServiceRequest, version: int | None = None
) -> ServiceRequest:
    """Send the filled reply, then set the status and the priority if the macro
    says so, as one change: a stale version or a move the request cannot make
    refuses all of it."""
    if not macros_for(actor).filter(pk=macro.pk).exists():
        raise PermissionDenied
    request = services.check_version(request, version) if version is not None else request
    if (
        macro.set_status
        and macro.set_status != request.status
        and macro.set_status not in TRANSITIONS[request.status]
    ):
        raise ValidationError(
            {
                "macro": f"{macro.name} sets the status to "
                f"{Status(macro.set_status).label.lower()}, which a "
                f"{request.get_status_display().lower()} request cannot become."
            }
        )
    technician = Person.objects.filter(pk=actor.person_id or 0).first()
    text = fill(macro.body, values_for(request, technician))
    _message, request = services.add_message(actor=actor, request=request, body=text)
    if macro.set_priority and macro.set_priority != request.priority:
        request = services.retriage(
            actor=actor,
            request=request,
            priority=macro.set_priority,
            reason=f"set by the reply “{macro.name}”",
        )
    if macro.set_status and macro.set_status != request.status:
        request = services.change_status(actor=actor, request=request, status=macro.set_status)
    audit.record(
        actor=actor,
        verb="request.macro",
        organization_id=request.organization_id,
        target=request,
        target_label=request.reference,
        changes={"macro": [None, macro.name]},
    )
    return request
