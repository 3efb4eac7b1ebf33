"""Notices: the in-app list, and each person's choices (time zone, emails)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import services as accounts
from tandem.accounts import teams
from tandem.accounts.models import Person
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted
from tandem.notify import services
from tandem.notify.forms import PreferencesForm
from tandem.notify.models import OPTIONAL_KINDS, Preference

OFFERED = sorted(OPTIONAL_KINDS)


@require_GET
@login_required
def inbox(request: TandemRequest) -> HttpResponse:
    person = cast(Person, request.user)
    return render(
        request, "notify/inbox.html", {"notices": services.inbox(person.pk), "zone": person.zone()}
    )


@require_POST
@login_required
def mark_read(request: TandemRequest) -> HttpResponse:
    services.mark_all_read(cast(Person, request.user).pk)
    return redirect("notify:inbox")


@form_methods
@login_required
def preferences(request: TandemRequest) -> HttpResponse:
    person = cast(Person, request.user)
    pref = Preference.objects.filter(person=person).first()
    off = pref.email_off if pref else []
    staff = person.is_provider_staff
    initial: dict[str, Any] = {
        "time_zone": person.time_zone,
        "email": [k for k in OFFERED if k not in off],
    }
    if staff and person.is_away():
        initial["away_until"] = person.away_until
    # "Away until" is typed and shown in the person's own time zone.
    with timezone.override(person.zone()):
        form = PreferencesForm(posted(request), initial=initial, staff=staff)
        valid = request.method == "POST" and form.is_valid()
    if valid:
        data = form.cleaned_data
        try:
            accounts.set_own_time_zone(
                actor=request.actor, person=person, time_zone=data["time_zone"]
            )
            if staff:
                teams.set_away(actor=request.actor, person=person, until=data["away_until"])
            services.set_email_off(
                actor=request.actor,
                person=person,
                kinds=[k for k in OFFERED if k not in data["email"]],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("notify:preferences")
    with timezone.override(person.zone()):
        return render(
            request, "notify/preferences.html", {"form": form}, status=422 if form.errors else 200
        )
