"""Service-level settings pages (provider admins and service managers):
calendars with their days, policies, and each practice's contract."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import queries as accounts
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted, utf8_body
from tandem.sla import forms, terms
from tandem.sla.choices import ClockKind
from tandem.sla.models import BusinessCalendar, CalendarDay, SlaPolicy

SAVED = "Saved. Open requests' deadlines follow within a minute."


def _lead(request: TandemRequest) -> None:
    if not terms.can_manage(request.actor):
        raise PermissionDenied


@require_GET
@login_required
def index(request: TandemRequest) -> HttpResponse:
    _lead(request)
    return render(
        request,
        "sla/settings.html",
        {
            "calendars": BusinessCalendar.objects.order_by("-is_default", "name"),
            "policies": SlaPolicy.objects.order_by("-is_default", "name"),
            "contracts": terms.contracts_for(request.actor),
            "kinds": ClockKind,
        },
    )


def _saved_or_again(
    request: TandemRequest, form: Any, save: Any, template: str, context: dict[str, Any]
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, SAVED)
            return redirect("sla:settings")
    status = 422 if form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


@form_methods
@login_required
def calendar_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    _lead(request)
    calendar = get_object_or_404(BusinessCalendar, uuid=uuid) if uuid else None
    form = forms.CalendarForm(posted(request), calendar=calendar)
    return _saved_or_again(
        request,
        form,
        lambda: terms.save_calendar(actor=request.actor, calendar=calendar, **form.values()),
        "sla/calendar_form.html",
        {
            "calendar": calendar,
            "days": calendar.days.order_by("date") if calendar else [],
            "day_form": forms.DayForm(),
        },
    )


@require_POST
@utf8_body
@login_required
def calendar_day_add(request: TandemRequest, uuid: str) -> HttpResponse:
    _lead(request)
    calendar = get_object_or_404(BusinessCalendar, uuid=uuid)
    day_form = forms.DayForm(request.POST)
    if day_form.is_valid():
        c = day_form.cleaned_data
        try:
            terms.set_day(
                actor=request.actor,
                calendar=calendar,
                on=c["date"],
                hours=c["hours"],
                reason=c["reason"],
            )
        except ValidationError as exc:
            attach_errors(day_form, exc)
        else:
            messages.success(request, f"{c['date']:%a %b %-d, %Y} saved. {SAVED.split('. ')[1]}")
            return redirect("sla:calendar_edit", calendar.uuid)
    return render(
        request,
        "sla/calendar_form.html",
        {
            "form": forms.CalendarForm(calendar=calendar),
            "calendar": calendar,
            "days": calendar.days.order_by("date"),
            "day_form": day_form,
        },
        status=422,
    )


@require_POST
@login_required
def calendar_day_remove(request: TandemRequest, uuid: str, on: str) -> HttpResponse:
    _lead(request)
    calendar = get_object_or_404(BusinessCalendar, uuid=uuid)
    try:
        when = date.fromisoformat(on)
    except ValueError:
        raise Http404 from None
    day = CalendarDay.objects.filter(calendar=calendar, date=when).first()
    if day is None:
        raise Http404
    terms.remove_day(actor=request.actor, day=day)
    messages.success(request, f"{day.date:%a %b %-d, %Y} follows the week again.")
    return redirect("sla:calendar_edit", calendar.uuid)


@form_methods
@login_required
def policy_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    _lead(request)
    policy = get_object_or_404(SlaPolicy, uuid=uuid) if uuid else None
    form = forms.PolicyForm(posted(request), policy=policy)
    return _saved_or_again(
        request,
        form,
        lambda: terms.save_policy(actor=request.actor, policy=policy, **form.values()),
        "sla/policy_form.html",
        {"policy": policy},
    )


@form_methods
@login_required
def contract_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    _lead(request)
    contract = get_object_or_404(terms.contracts_for(request.actor), uuid=uuid) if uuid else None
    practices = accounts.visible_clients(request.actor)
    form = forms.ContractForm(posted(request), practices=practices, contract=contract)
    if request.method == "GET" and contract is None and request.GET.get("practice"):
        form.initial["organization"] = request.GET["practice"][:60]

    def save() -> None:
        c = form.cleaned_data
        terms.save_contract(
            actor=request.actor,
            contract=contract,
            organization=c.get("organization"),
            name=c["name"],
            policy=c["policy"],
            calendar=c["calendar"],
            starts_on=c["starts_on"],
            ends_on=c["ends_on"],
        )

    return _saved_or_again(request, form, save, "sla/contract_form.html", {"contract": contract})
