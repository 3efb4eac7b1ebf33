"""Bulk actions on the queue: assign, change the status, or add an internal
note to several requests at once.

Each request is changed by the same service as on its own page, in its own
transaction: one that cannot take the change (a stale version, a move its
status does not allow, a technician who does not serve its practice) is
skipped with the reason, and the others go through. Every change is audited
per request, as when it is made one by one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from tandem.accounts.models import Person
from tandem.core.exceptions import Conflict
from tandem.core.tenancy import Actor
from tandem.desk import permissions, queries, services
from tandem.desk.choices import Channel, MessageKind, Status

ACTIONS = {"assign": "Assign to", "status": "Set the status to", "note": "Add an internal note"}
MAX_ITEMS = 100


@dataclass(frozen=True)
class Pick:
    """A request and the version the technician saw: a bulk change is refused
    on one that changed since, and a retried bulk note cannot land twice."""

    reference: str
    version: int


@dataclass
class Outcome:
    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (reference, why)

    def summary(self) -> str:
        text = f"Changed {len(self.done)} request{'s' if len(self.done) != 1 else ''}."
        if self.skipped:
            text += f" Skipped {len(self.skipped)}: " + "; ".join(
                f"{ref}: {why}" for ref, why in self.skipped
            )
        return text


def parse_pick(value: str) -> Pick | None:
    """`T-1042@7`: the reference and the version shown; None if malformed."""
    reference, _, version = value.strip().partition("@")
    if not reference or not version.isdigit() or len(version) > 9:
        return None
    return Pick(reference[:24], int(version))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    if isinstance(exc, Conflict):
        return "it changed since you loaded the list"
    if isinstance(exc, PermissionDenied):
        return "you cannot change it"
    return "not found"


def apply(
    *,
    actor: Actor,
    action: str,
    picks: Sequence[Pick],
    assignee: Person | None = None,
    status: str = "",
    note: str = "",
) -> Outcome:
    """Apply one action to each picked request the actor can see. Unassigning
    is `assign` with no assignee."""
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if action not in ACTIONS:
        errors["action"] = "Choose assign, status or note."
    if not picks:
        errors["pick"] = "Tick at least one request."
    elif len(picks) > MAX_ITEMS:
        errors["pick"] = f"At most {MAX_ITEMS} requests at a time."
    if action == "status" and status not in Status.values:
        errors["status"] = "Choose the status to set."
    if action == "note" and not note.strip():
        errors["note"] = "Write the note."
    if errors:
        raise ValidationError(errors)
    outcome = Outcome()
    seen: set[str] = set()
    for pick in picks:
        if pick.reference in seen:
            continue
        seen.add(pick.reference)
        try:
            with transaction.atomic():
                item = queries.request_for(actor, pick.reference)
                if action == "assign":
                    services.assign(
                        actor=actor, request=item, assignee=assignee, version=pick.version
                    )
                elif action == "status":
                    services.change_status(
                        actor=actor, request=item, status=status, version=pick.version
                    )
                else:
                    services.check_version(item, pick.version)
                    services.add_message(
                        actor=actor,
                        request=item,
                        body=note,
                        kind=MessageKind.INTERNAL,
                        channel=Channel.PORTAL,
                    )
        except (ValidationError, Conflict, PermissionDenied, Http404) as exc:
            outcome.skipped.append((pick.reference, _reason(exc)))
        else:
            outcome.done.append(pick.reference)
    return outcome
