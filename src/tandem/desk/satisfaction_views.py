"""Pages for satisfaction: the emailed link (GET shows the question, only the
POST records, once), rating from the request page, and the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.core.exceptions import Conflict
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted
from tandem.desk import forms, permissions, queries, satisfaction, views

PERIODS = {30: "Last 30 days", 90: "Last 90 days", 365: "Last year"}


@form_methods
def rate(request: TandemRequest, token: str) -> HttpResponse:
    """The emailed link. Anyone holding it may answer (it was sent to the
    requester), once, within its days; opening it records nothing."""
    survey = satisfaction.by_token(token)
    if survey is None:
        return render(request, "desk/rate_done.html", {"state": "unknown"}, status=404)
    if survey.answered_at is not None:
        status = 409 if request.method == "POST" else 200
        return render(request, "desk/rate_done.html", {"state": "answered"}, status=status)
    form = forms.RatingForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            satisfaction.answer(
                survey=survey,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                via="email",
            )
        except satisfaction.Expired:
            return render(request, "desk/rate_done.html", {"state": "expired"}, status=410)
        except Conflict:
            return render(request, "desk/rate_done.html", {"state": "answered"}, status=409)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return render(request, "desk/rate_done.html", {"state": "thanks"})
    if request.method == "GET" and survey.expires_at <= timezone.now():
        return render(request, "desk/rate_done.html", {"state": "expired"}, status=410)
    return render(
        request,
        "desk/rate.html",
        {"form": form, "survey": survey, "item": survey.request},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def request_rate(request: TandemRequest, ref: str) -> HttpResponse:
    """Rating from the request page, by the requester who was asked."""
    actor = request.actor
    item = queries.request_for(actor, ref)
    survey = satisfaction.pending_for(actor, item)
    if survey is None:
        raise PermissionDenied
    form = forms.RatingForm(request.POST)
    if form.is_valid():
        try:
            satisfaction.answer(
                survey=survey,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                via="portal",
                actor=actor,
            )
        except Conflict as exc:
            messages.info(request, str(exc))
            return redirect("desk:request_detail", item.reference)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Thank you: your rating reached the team.")
            return redirect("desk:request_detail", item.reference)
    return views.again(request, item, 422, rating_form=form)


@require_GET
@login_required
def satisfaction_report(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    days = request.GET.get("days", "90")
    period = int(days) if days.isdigit() and int(days) in PERIODS else 90
    return render(
        request,
        "desk/satisfaction.html",
        {
            "results": satisfaction.results(actor, days=period),
            "comments": satisfaction.recent_comments(actor, days=period),
            "periods": PERIODS,
            "period": period,
        },
    )
