"""API of the service-level terms: calendars (with their days) and policies
for provider staff to read and provider leads to change; contracts for
provider staff (the practices they see) and for a practice's people (their
own) to read, provider leads to change."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from tandem.accounts import queries as accounts
from tandem.api.auth import scoped
from tandem.api.schemas import ErrorOut, ObjectIn, Slug, Text
from tandem.desk.api import actor
from tandem.sla import terms
from tandem.sla.models import BusinessCalendar, CalendarDay, Contract, SlaPolicy

READ = scoped("desk:read")
WRITE = scoped("desk:write")
router = Router(tags=["service levels"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Hours = dict[str, list[list[int]]]


class DayOut(Schema):
    date: date
    hours: list[list[int]] = Field(description="[] closed all day; else [start, end] minutes")
    reason: str


class CalendarOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    time_zone: str
    hours: Hours = Field(description='weekday ("0" Monday) -> [[start, end] minutes of the day]')
    us_federal_holidays: bool
    is_default: bool
    days: list[DayOut] = Field(description="closures and one-off hours")

    @staticmethod
    def resolve_days(calendar: BusinessCalendar) -> list[CalendarDay]:
        return list(calendar.days.order_by("date"))


class CalendarIn(ObjectIn):
    name: Text(100, 1)  # type: ignore[valid-type]
    time_zone: Text(64, 1) = "America/New_York"  # type: ignore[valid-type]
    hours: Hours = Field(default_factory=dict)
    us_federal_holidays: bool = True
    is_default: bool = False


class CalendarPatch(ObjectIn):
    name: Text(100, 1) | None = None  # type: ignore[valid-type]
    time_zone: Text(64, 1) | None = None  # type: ignore[valid-type]
    hours: Hours | None = None
    us_federal_holidays: bool | None = None
    is_default: bool | None = None


class DayIn(ObjectIn):
    hours: list[list[int]] = Field(default_factory=list, description="[] for a closure")
    reason: Text(200, 1)  # type: ignore[valid-type]


class PolicyOut(Schema):
    id: UUID = Field(alias="uuid")
    name: str
    targets: dict[str, dict[str, Any]] = Field(
        description='"1".."4" -> first_response, next_response, resolution (covered minutes) '
        'and coverage ("business" or "24x7")'
    )
    warn_at_percent: int
    is_default: bool


class PolicyIn(ObjectIn):
    name: Text(100, 1)  # type: ignore[valid-type]
    targets: dict[str, dict[str, Any]]
    warn_at_percent: int = 75
    is_default: bool = False


class PolicyPatch(ObjectIn):
    name: Text(100, 1) | None = None  # type: ignore[valid-type]
    targets: dict[str, dict[str, Any]] | None = None
    warn_at_percent: int | None = None
    is_default: bool | None = None


class ContractOut(Schema):
    id: UUID = Field(alias="uuid")
    practice: str
    name: str
    policy: PolicyOut
    calendar: CalendarOut
    starts_on: date
    ends_on: date | None

    @staticmethod
    def resolve_practice(contract: Contract) -> str:
        return contract.organization.slug


class ContractIn(ObjectIn):
    practice: Slug()  # type: ignore[valid-type]
    name: Text(100, 1)  # type: ignore[valid-type]
    policy: UUID
    calendar: UUID
    starts_on: date
    ends_on: date | None = None


class ContractPatch(ObjectIn):
    name: Text(100, 1) | None = None  # type: ignore[valid-type]
    policy: UUID | None = None
    calendar: UUID | None = None
    starts_on: date | None = None
    ends_on: date | None = Field(None, description="null: open-ended")


def _staff(request: HttpRequest) -> None:
    if not actor(request).is_provider:
        raise PermissionDenied("Calendars and policies are the provider's settings.")


def _lead(request: HttpRequest) -> None:
    """Changes are the provider leads': everyone else is refused by role before
    any lookup, so the refusal says nothing about what exists."""
    if not terms.can_manage(actor(request)):
        raise PermissionDenied("Only a provider admin or service manager sets service levels.")


def _patched(instance: Any, fields: list[str], payload: Schema) -> dict[str, Any]:
    """What a PATCH leaves: the stored values with the ones sent over them."""
    return {**{k: getattr(instance, k) for k in fields}, **payload.dict(exclude_unset=True)}


def _found(model: Any, uuid: UUID, what: str) -> Any:
    found = model.objects.filter(uuid=uuid).first()
    if found is None:
        raise Http404(f"No such {what}.")
    return found


# Calendars -------------------------------------------------------------------


@router.get("/sla/calendars", auth=READ, response={200: list[CalendarOut], **ERRORS})
def calendar_list(request: HttpRequest) -> list[BusinessCalendar]:
    """Provider staff: every business calendar, the default first."""
    _staff(request)
    return list(BusinessCalendar.objects.order_by("-is_default", "name"))


@router.post("/sla/calendars", auth=WRITE, response={201: CalendarOut, **ERRORS})
def calendar_create(request: HttpRequest, payload: CalendarIn) -> Status[BusinessCalendar]:
    """Provider leads: a calendar of covered hours."""
    _lead(request)
    return Status(201, terms.save_calendar(actor=actor(request), calendar=None, **payload.dict()))


@router.get("/sla/calendars/{uuid}", auth=READ, response={200: CalendarOut, **ERRORS})
def calendar_detail(request: HttpRequest, uuid: UUID) -> BusinessCalendar:
    _staff(request)
    return get_object_or_404(BusinessCalendar, uuid=uuid)


@router.patch("/sla/calendars/{uuid}", auth=WRITE, response={200: CalendarOut, **ERRORS})
def calendar_update(request: HttpRequest, uuid: UUID, payload: CalendarPatch) -> BusinessCalendar:
    """Provider leads; open requests' deadlines follow in the background."""
    _lead(request)
    calendar = _found(BusinessCalendar, uuid, "calendar")
    values = _patched(calendar, terms.CALENDAR_FIELDS, payload)
    return terms.save_calendar(actor=actor(request), calendar=calendar, **values)


@router.put("/sla/calendars/{uuid}/days/{on}", auth=WRITE, response={200: DayOut, **ERRORS})
def calendar_day_set(request: HttpRequest, uuid: UUID, on: date, payload: DayIn) -> CalendarDay:
    """Provider leads: close a date, or open it at other hours."""
    _lead(request)
    calendar = _found(BusinessCalendar, uuid, "calendar")
    return terms.set_day(
        actor=actor(request), calendar=calendar, on=on, hours=payload.hours, reason=payload.reason
    )


@router.delete("/sla/calendars/{uuid}/days/{on}", auth=WRITE, response={204: None, **ERRORS})
def calendar_day_remove(request: HttpRequest, uuid: UUID, on: date) -> HttpResponse:
    """Provider leads: the date follows its weekday again."""
    _lead(request)
    calendar = _found(BusinessCalendar, uuid, "calendar")
    day = CalendarDay.objects.filter(calendar=calendar, date=on).first()
    if day is None:
        raise Http404("This date has no entry of its own.")
    terms.remove_day(actor=actor(request), day=day)
    return HttpResponse(status=204)


# Policies ------------------------------------------------------------------


@router.get("/sla/policies", auth=READ, response={200: list[PolicyOut], **ERRORS})
def policy_list(request: HttpRequest) -> list[SlaPolicy]:
    """Provider staff: every SLA policy, the default first."""
    _staff(request)
    return list(SlaPolicy.objects.order_by("-is_default", "name"))


@router.post("/sla/policies", auth=WRITE, response={201: PolicyOut, **ERRORS})
def policy_create(request: HttpRequest, payload: PolicyIn) -> Status[SlaPolicy]:
    """Provider leads: targets for P1 to P4."""
    _lead(request)
    return Status(201, terms.save_policy(actor=actor(request), policy=None, **payload.dict()))


@router.get("/sla/policies/{uuid}", auth=READ, response={200: PolicyOut, **ERRORS})
def policy_detail(request: HttpRequest, uuid: UUID) -> SlaPolicy:
    _staff(request)
    return get_object_or_404(SlaPolicy, uuid=uuid)


@router.patch("/sla/policies/{uuid}", auth=WRITE, response={200: PolicyOut, **ERRORS})
def policy_update(request: HttpRequest, uuid: UUID, payload: PolicyPatch) -> SlaPolicy:
    _lead(request)
    policy = _found(SlaPolicy, uuid, "policy")
    return terms.save_policy(
        actor=actor(request), policy=policy, **_patched(policy, terms.POLICY_FIELDS, payload)
    )


# Contracts -----------------------------------------------------------------


@router.get("/sla/contracts", auth=READ, response={200: list[ContractOut], **ERRORS})
def contract_list(request: HttpRequest) -> list[Contract]:
    """The contracts you may read: a practice's people their own practice's."""
    return list(terms.contracts_for(actor(request)).prefetch_related("calendar__days"))


@router.post("/sla/contracts", auth=WRITE, response={201: ContractOut, **ERRORS})
def contract_create(request: HttpRequest, payload: ContractIn) -> Status[Contract]:
    """Provider leads: a practice's promise from a date."""
    _lead(request)
    a = actor(request)
    practice = accounts.visible_clients(a).filter(slug=payload.practice).first()
    if practice is None:
        raise Http404("No such practice.")
    return Status(
        201,
        terms.save_contract(
            actor=a,
            contract=None,
            organization=practice,
            name=payload.name,
            policy=_found(SlaPolicy, payload.policy, "policy"),
            calendar=_found(BusinessCalendar, payload.calendar, "calendar"),
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
        ),
    )


@router.get("/sla/contracts/{uuid}", auth=READ, response={200: ContractOut, **ERRORS})
def contract_detail(request: HttpRequest, uuid: UUID) -> Contract:
    return get_object_or_404(terms.contracts_for(actor(request)), uuid=uuid)


@router.patch("/sla/contracts/{uuid}", auth=WRITE, response={200: ContractOut, **ERRORS})
def contract_update(request: HttpRequest, uuid: UUID, payload: ContractPatch) -> Contract:
    _lead(request)
    a = actor(request)
    contract = get_object_or_404(terms.contracts_for(a), uuid=uuid)
    changes = payload.dict(exclude_unset=True)
    if changes.get("policy"):
        changes["policy"] = _found(SlaPolicy, changes["policy"], "policy")
    if changes.get("calendar"):
        changes["calendar"] = _found(BusinessCalendar, changes["calendar"], "calendar")
    current = {
        "name": contract.name,
        "policy": contract.policy,
        "calendar": contract.calendar,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
    }
    merged = {**current, **{k: v for k, v in changes.items() if v is not None or k == "ends_on"}}
    return terms.save_contract(actor=a, contract=contract, **merged)
