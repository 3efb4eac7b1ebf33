"""Paging pages: a page with its steps (acknowledge in the app), the
acknowledge link itself (no sign-in: its single-use token is the key; GET
only shows, POST acknowledges, so mail scanners that follow links change
nothing), escalation policies, and each person's paging channels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tandem.accounts.models import Person
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted, utf8_body
from tandem.oncall import forms, paging, policies, queries, services
from tandem.oncall.models import EscalationPolicy, PagingTarget
from tandem.oncall.views import _staff, _staff_only


@form_methods
@login_required
def page(request: TandemRequest, uuid: str) -> HttpResponse:
    _staff_only(request)
    found = get_object_or_404(queries.pages_for(request.actor), uuid=uuid)
    if request.method == "POST":
        if not paging.can_acknowledge(request.actor, found):
            raise PermissionDenied
        person = get_object_or_404(Person, pk=request.actor.person_id or 0)
        if paging.acknowledge(page=found, person=person, via="app"):
            messages.success(request, "Acknowledged: the escalation stops. You are on it.")
        else:
            messages.info(request, "This page was already acknowledged or is over.")
        return redirect("oncall:page", found.uuid)
    return render(
        request,
        "oncall/page.html",
        {
            "page": found,
            "attempts": found.attempts.select_related("person"),
            "can_acknowledge": found.is_open and paging.can_acknowledge(request.actor, found),
            "zone": get_object_or_404(Person, pk=request.actor.person_id or 0).zone(),
        },
    )


@form_methods
def ack(request: TandemRequest, token: str) -> HttpResponse:
    attempt = paging.attempt_for(token)
    if attempt is None:
        raise Http404
    acknowledged = False
    if request.method == "POST":
        attempt, acknowledged = paging.acknowledge_by_link(token)
        if attempt is None:
            raise Http404
        attempt.page.refresh_from_db()
    response = render(
        request,
        "oncall/ack.html",
        {
            "attempt": attempt,
            "page": attempt.page,
            "acknowledged": acknowledged,
            "zone": attempt.person.zone(),
        },
    )
    response["Cache-Control"] = "private, no-store"
    # Not "no-referrer": browsers then send `Origin: null` with the form's
    # POST, which CSRF protection refuses. Same-origin keeps the token home.
    response["Referrer-Policy"] = "same-origin"
    return response


@form_methods
@login_required
def policy_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    _staff_only(request)
    policy = get_object_or_404(EscalationPolicy, uuid=uuid) if uuid else None
    can_manage = services.can_manage(request.actor)
    if policy is None and not can_manage:
        raise PermissionDenied
    form = forms.PolicyForm(
        posted(request), staff=_staff(), rotations=queries.rotations(), policy=policy
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            c = form.cleaned_data
            try:
                policy = policies.save_policy(
                    actor=request.actor,
                    policy=policy,
                    name=c["name"],
                    priorities=c["priorities"],
                    out_of_hours=c["out_of_hours"],
                    on_breach=c["on_breach"],
                    repeats=c["repeats"],
                    steps=form.steps(),
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"{policy.name} saved.")
                return redirect("oncall:policy_edit", policy.uuid)
    return render(
        request,
        "oncall/policy.html",
        {"policy": policy, "form": form, "can_manage": can_manage},
        status=422 if form.errors else 200,
    )


@form_methods
@utf8_body
@login_required
def channels(request: TandemRequest) -> HttpResponse:
    _staff_only(request)
    person = get_object_or_404(Person, pk=request.actor.person_id or 0)
    form = forms.TargetForm(posted(request))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            policies.add_target(actor=request.actor, person=person, **c)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Pages now also go to {c['label']}.")
            return redirect("oncall:channels")
    mine = list(PagingTarget.objects.filter(person=person))
    latest = queries.last_deliveries([str(t.uuid) for t in mine])
    for target in mine:
        target.last = latest.get(str(target.uuid))  # type: ignore[attr-defined]
    return render(
        request,
        "oncall/channels.html",
        {"targets": mine, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def channel_remove(request: TandemRequest, uuid: str) -> HttpResponse:
    _staff_only(request)
    target = get_object_or_404(PagingTarget.objects.select_related("person"), uuid=uuid)
    if not policies.can_set_targets(request.actor, target.person):
        raise Http404
    policies.remove_target(actor=request.actor, target=target)
    messages.success(request, f"Pages no longer go to {target.label}.")
    return redirect("oncall:channels")


@require_POST
@login_required
def channel_test(request: TandemRequest, uuid: str) -> HttpResponse:
    _staff_only(request)
    target = get_object_or_404(PagingTarget.objects.select_related("person"), uuid=uuid)
    if not policies.can_set_targets(request.actor, target.person):
        raise Http404
    policies.send_test(actor=request.actor, target=target)
    messages.success(
        request, f"A test page is on its way to {target.label}; its result shows here shortly."
    )
    return redirect("oncall:channels")
