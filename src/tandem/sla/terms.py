"""The terms of service a provider lead sets: business calendars (weekly
hours, federal holidays, closures and one-off hours), SLA policies (targets
per priority) and each practice's contract (a policy over a calendar, from
a date). Every change is audited, and the clocks it touches are recomputed
in the background (sla.tasks.recompute_clocks), each recomputation kept in
the clock's history."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from tandem.accounts.models import Organization
from tandem.accounts.permissions import is_provider_lead
from tandem.audit import services as audit
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.sla.choices import ClockKind, Coverage
from tandem.sla.models import BusinessCalendar, CalendarDay, Contract, SlaClock, SlaPolicy

DAY_MINUTES = 24 * 60
MAX_TARGET_MINUTES = 365 * DAY_MINUTES
CALENDAR_FIELDS = ["name", "time_zone", "hours", "us_federal_holidays", "is_default"]
POLICY_FIELDS = ["name", "targets", "warn_at_percent", "is_default"]
CONTRACT_FIELDS = ["name", "policy", "calendar", "starts_on", "ends_on"]


can_manage = is_provider_lead


def _require(actor: Actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied("Only a provider admin or service manager sets service levels.")


def _provider_id() -> int:
    return Organization.objects.filter(kind="provider").values_list("pk", flat=True).get()


def _name(value: str) -> str:
    text = " ".join(strip_nul(value or "").split())
    if not text or len(text) > 100:
        raise ValidationError({"name": "Give a name of 1 to 100 characters."})
    return text


# Reading ----------------------------------------------------------------------


def contracts_for(actor: Actor) -> QuerySet[Contract]:
    """Provider staff: the contracts of the practices they see; a practice's
    people: their own practice's."""
    return actor.scope(
        Contract.objects.select_related("organization", "policy", "calendar")
    ).order_by("organization__name", "-starts_on")


# Calendars ------------------------------------------------------------------


def clean_ranges(value: Any, field: str) -> list[list[int]]:
    """[[start minute, end minute], ...] within a day, in order, not overlapping."""
    if not isinstance(value, list | tuple):
        raise ValidationError({field: "Give a list of [start, end] minutes of the day."})
    ranges: list[list[int]] = []
    for item in value:
        if (
            not isinstance(item, list | tuple)
            or len(item) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in item)
        ):
            raise ValidationError({field: "Each range is [start, end] in minutes of the day."})
        start, end = item
        if not 0 <= start < end <= DAY_MINUTES:
            raise ValidationError(
                {field: "A range starts before it ends, within the day (0 to 1440 minutes)."}
            )
        ranges.append([start, end])
    ranges.sort()
    for (_a, b), (c, _d) in itertools.pairwise(ranges):
        if c < b:
            raise ValidationError({field: "Ranges of one day must not overlap."})
    return ranges


def clean_hours(value: Mapping[Any, Any]) -> dict[str, list[list[int]]]:
    out: dict[str, list[list[int]]] = {}
    for key, ranges in value.items():
        if str(key) not in {str(d) for d in range(7)}:
            raise ValidationError({"hours": "Weekdays are 0 (Monday) to 6 (Sunday)."})
        cleaned = clean_ranges(ranges, "hours")
        if cleaned:
            out[str(key)] = cleaned
    return dict(sorted(out.items()))


def _name_free(model: Any, name: str, instance: Any, what: str) -> None:
    clash = model.objects.filter(name=name)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ValidationError({"name": f"Another {what} has this name."})


def _locked(model: Any, instance: Any, default: bool, what: str) -> Any:
    """The instance, locked; one calendar and one policy stay the default."""
    if instance is None:
        return None
    instance = model.objects.select_for_update().get(pk=instance.pk)
    if instance.is_default and not default:
        raise ValidationError(
            {"is_default": f"Make another {what} the default instead: one must be."}
        )
    return instance


@transaction.atomic
def save_calendar(
    *, actor: Actor, calendar: BusinessCalendar | None, **data: Any
) -> BusinessCalendar:
    from tandem.accounts.models import validate_time_zone

    _require(actor)
    zone = str(data.get("time_zone") or "America/New_York")
    values: dict[str, Any] = {
        "name": _name(data.get("name", "")),
        "time_zone": zone,
        "hours": clean_hours(data.get("hours") or {}),
        "us_federal_holidays": bool(data.get("us_federal_holidays", True)),
        "is_default": bool(data.get("is_default", False)),
    }
    try:
        validate_time_zone(zone)
    except ValidationError as exc:
        raise ValidationError({"time_zone": exc.messages}) from exc
    _name_free(BusinessCalendar, values["name"], calendar, "calendar")
    calendar = _locked(BusinessCalendar, calendar, values["is_default"], "calendar")
    before = audit.snapshot(calendar, CALENDAR_FIELDS) if calendar else {}
    if values["is_default"]:
        BusinessCalendar.objects.filter(is_default=True).update(is_default=False)
    calendar = calendar or BusinessCalendar()
    for key, value in values.items():
        setattr(calendar, key, value)
    calendar.save()
    audit.record(
        actor=actor,
        verb="sla.calendar_update" if before else "sla.calendar_create",
        organization_id=_provider_id(),
        target=calendar,
        changes=audit.diff(before, audit.snapshot(calendar, CALENDAR_FIELDS)),
    )
    _recompute_later("calendar", calendar.pk, f"Calendar {calendar.name} changed")
    return calendar


@transaction.atomic
def set_day(
    *,
    actor: Actor,
    calendar: BusinessCalendar,
    on: date,
    hours: list[list[int]],
    reason: str,
) -> CalendarDay:
    """Close a date (no hours: a closure) or open it at other hours than the
    week's (an exception, even on a federal holiday)."""
    _require(actor)
    reason = " ".join(strip_nul(reason or "").split())
    if not reason or len(reason) > 200:
        raise ValidationError({"reason": "Say why in 1 to 200 characters (the practice sees it)."})
    ranges = clean_ranges(hours, "hours")
    day, _created = CalendarDay.objects.update_or_create(
        calendar=calendar, date=on, defaults={"hours": ranges, "reason": reason}
    )
    audit.record(
        actor=actor,
        verb="sla.calendar_day_set",
        organization_id=_provider_id(),
        target=calendar,
        changes={
            "date": [None, on.isoformat()],
            "hours": [None, ranges or "closed"],
            "reason": [None, reason],
        },
    )
    _recompute_later("calendar", calendar.pk, f"{on:%b %-d} in {calendar.name} changed")
    return day


@transaction.atomic
def remove_day(*, actor: Actor, day: CalendarDay) -> None:
    _require(actor)
    calendar, on = day.calendar, day.date
    day.delete()
    audit.record(
        actor=actor,
        verb="sla.calendar_day_remove",
        organization_id=_provider_id(),
        target=calendar,
        changes={"date": [on.isoformat(), None]},
    )
    _recompute_later("calendar", calendar.pk, f"{on:%b %-d} in {calendar.name} changed")


# Policies -----------------------------------------------------------------


def clean_targets(value: Mapping[Any, Any]) -> dict[str, dict[str, Any]]:
    """Targets for each of P1 to P4: first response, next response and
    resolution in covered minutes, and the coverage."""
    out: dict[str, dict[str, Any]] = {}
    for priority in ("1", "2", "3", "4"):
        row = value.get(priority) if isinstance(value, Mapping) else None
        if row is None and isinstance(value, Mapping):
            row = value.get(int(priority))
        if not isinstance(row, Mapping):
            raise ValidationError({"targets": f"Give the targets of P{priority}."})
        cleaned: dict[str, Any] = {}
        for kind in ClockKind.values:
            minutes = row.get(kind)
            if (
                not isinstance(minutes, int)
                or isinstance(minutes, bool)
                or not 1 <= minutes <= MAX_TARGET_MINUTES
            ):
                label = ClockKind(kind).label.lower()
                raise ValidationError(
                    {"targets": f"P{priority} {label}: give whole minutes, from 1 to a year."}
                )
            cleaned[kind] = minutes
        coverage = row.get("coverage")
        if coverage not in Coverage.values:
            raise ValidationError({"targets": f"P{priority} coverage: business (hours) or 24x7."})
        cleaned["coverage"] = coverage
        out[priority] = cleaned
    return out


@transaction.atomic
def save_policy(*, actor: Actor, policy: SlaPolicy | None, **data: Any) -> SlaPolicy:
    _require(actor)
    warn = data.get("warn_at_percent", 75)
    if not isinstance(warn, int) or isinstance(warn, bool) or not 1 <= warn <= 99:
        raise ValidationError({"warn_at_percent": "Warn at 1 to 99 percent of a target."})
    values: dict[str, Any] = {
        "name": _name(data.get("name", "")),
        "targets": clean_targets(data.get("targets") or {}),
        "warn_at_percent": warn,
        "is_default": bool(data.get("is_default", False)),
    }
    _name_free(SlaPolicy, values["name"], policy, "policy")
    policy = _locked(SlaPolicy, policy, values["is_default"], "policy")
    before = audit.snapshot(policy, POLICY_FIELDS) if policy else {}
    if values["is_default"]:
        SlaPolicy.objects.filter(is_default=True).update(is_default=False)
    policy = policy or SlaPolicy()
    for key, value in values.items():
        setattr(policy, key, value)
    policy.save()
    audit.record(
        actor=actor,
        verb="sla.policy_update" if before else "sla.policy_create",
        organization_id=_provider_id(),
        target=policy,
        changes=audit.diff(before, audit.snapshot(policy, POLICY_FIELDS)),
    )
    _recompute_later("policy", policy.pk, f"Policy {policy.name} changed")
    return policy


# Contracts ----------------------------------------------------------------


@transaction.atomic
def save_contract(
    *,
    actor: Actor,
    contract: Contract | None,
    organization: Organization | None = None,
    name: str,
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    starts_on: date,
    ends_on: date | None = None,
) -> Contract:
    _require(actor)
    if contract is not None:
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        organization = contract.organization
    if organization is None or organization.kind != "client":
        raise ValidationError({"organization": "Choose the practice the contract is with."})
    if not actor.can_see(organization.pk):
        raise PermissionDenied
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The contract cannot end before it starts."})
    overlapping = Contract.objects.filter(organization=organization).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if contract is not None:
        overlapping = overlapping.exclude(pk=contract.pk)
    if overlapping.exists():
        raise ValidationError(
            {"starts_on": "Another contract of this practice covers these dates; end it first."}
        )
    before = audit.snapshot(contract, CONTRACT_FIELDS) if contract else {}
    contract = contract or Contract(organization=organization)
    contract.name = _name(name)
    contract.policy, contract.calendar = policy, calendar
    contract.starts_on, contract.ends_on = starts_on, ends_on
    contract.save()
    audit.record(
        actor=actor,
        verb="sla.contract_update" if before else "sla.contract_create",
        organization_id=organization.pk,
        target=contract,
        changes=audit.diff(before, audit.snapshot(contract, CONTRACT_FIELDS)),
    )
    _recompute_later("organization", organization.pk, f"Contract {contract.name} changed")
    return contract


# Recomputing the clocks a change touches ------------------------------------------


def _recompute_later(what: str, pk: int, reason: str) -> None:
    from tandem.sla import tasks

    transaction.on_commit(lambda: tasks.recompute_clocks(what, pk, reason))


def touched_requests(what: str, pk: int) -> QuerySet[SlaClock, int]:
    """The request ids with active clocks that a change of a calendar, a
    policy or a practice's contracts may move."""
    from tandem.sla.clocks import ACTIVE

    active = SlaClock.objects.filter(state__in=ACTIVE)
    if what == "organization":
        touched = active.filter(organization_id=pk)
    else:
        under = Contract.objects.filter(**{f"{what}_id": pk}).values("organization_id")
        model = BusinessCalendar if what == "calendar" else SlaPolicy
        if model.objects.filter(pk=pk, is_default=True).exists():
            # The default also serves the practices without a contract.
            contracted = Contract.objects.values("organization_id")
            touched = active.filter(
                Q(organization_id__in=under) | ~Q(organization_id__in=contracted)
            )
        else:
            touched = active.filter(organization_id__in=under)
        if what == "calendar":
            touched = touched | active.filter(calendar_id=pk)
    return touched.values_list("request_id", flat=True).distinct().order_by("request_id")
