"""Desk pages: Get help (practice), log a call (staff), the lists and queues,
a request with its conversation, and the priority matrix."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import now as django_now
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import queries as accounts
from tandem.accounts import teams
from tandem.accounts.models import Person
from tandem.core.exceptions import Conflict
from tandem.core.http import TandemRequest
from tandem.core.references import parse_ref
from tandem.core.views import attach_errors, form_methods, posted
from tandem.desk import (
    forms,
    macros,
    permissions,
    phi_guard,
    queries,
    queue_views,
    redaction,
    relations,
    rendering,
    satisfaction,
    saved_views,
    services,
    timeline,
)
from tandem.desk.attachments import disposition
from tandem.desk.choices import TRANSITIONS, Channel, Status, Urgency
from tandem.desk.models import PREFIX, PriorityRule, ServiceRequest
from tandem.kb.views import new_intake
from tandem.notify import services as notify
from tandem.sla import breaches as sla_breaches
from tandem.sla import clocks as sla_clocks
from tandem.sla import display as sla_display
from tandem.sla.choices import ClockKind
from tandem.sla.models import SlaClock


def _site_choices(actor: Any, organization_id: int) -> list[tuple[str, str]]:
    sites = accounts.sites_for(actor).filter(organization_id=organization_id)
    return [(str(s.uuid), s.name) for s in sites]


def _impact_promises(organization_id: int) -> dict[str, str]:
    """Each impact's first-response promise under the practice's contract (the
    priority a practice's medium urgency gives it), in words."""
    targets = sla_clocks.first_response_promises(organization_id, django_now().date())
    return {
        impact: forms.promise_text(*targets[priority])
        for (impact, urgency), priority in queries.matrix().items()
        if urgency == Urgency.MEDIUM and priority in targets
    }


def _promise_of(item: ServiceRequest) -> str | None:
    """The first answer promised on this request, as its clock counts it."""
    clock = (
        SlaClock.objects.filter(request=item, kind=ClockKind.FIRST_RESPONSE)
        .only("target_minutes", "coverage")
        .first()
    )
    return forms.promise_text(clock.target_minutes, clock.coverage) if clock else None


@form_methods
@login_required
def get_help(request: TandemRequest) -> HttpResponse:
    """The practice's "Get help" form. Provider staff log calls instead."""
    actor = request.actor
    if actor.is_provider:
        return redirect("desk:phone_log")
    person = request.user
    assert isinstance(person, Person)
    if not permissions.can_raise(actor, person.organization_id):
        raise PermissionDenied
    sites = _site_choices(actor, person.organization_id)
    form = forms.GetHelpForm(
        posted(request),
        request.FILES or None,
        sites=sites,
        promises=_impact_promises(person.organization_id),
        initial={
            "callback_phone": person.phone,
            "site": str(person.site.uuid) if person.site else "",
        },
    )
    held: list[tuple[str, list[Any]]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = accounts.sites_for(actor).filter(uuid=data["site"]).first() if data["site"] else None
        screened = phi_guard.screen(
            {"subject": data["subject"], "body": data["body"]},
            organization=person.organization,
            decision=request.POST.get("phi", ""),
        )
        held = screened.for_form(form)
        if not screened.held:
            try:
                created = services.open_request(
                    actor=actor,
                    organization=person.organization,
                    subject=screened.texts["subject"],
                    body=screened.texts["body"],
                    category=data["category"],
                    impact=data["impact"],
                    site=site,
                    affected=data["affected"],
                    callback_phone=data["callback_phone"],
                    channel=Channel.PORTAL,
                    files=data["attachments"],
                    contains_phi=screened.contains_phi,
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"Sent as {created.reference}. We are on it.")
                return redirect("desk:request_detail", created.reference)
    intake = request.POST.get("intake", "")[:36] if request.method == "POST" else ""
    return render(
        request,
        "desk/get_help.html",
        {
            "form": form,
            "intake": intake or new_intake(),
            "phi_held": held,
            "had_files": bool(request.FILES),
        },
        status=422 if form.errors or held else 200,
    )


@form_methods
@login_required
def phone_log(request: TandemRequest) -> HttpResponse:
    """Log a phone call or walk-in as a request (staff): first the practice,
    then the caller among its contacts."""
    actor = request.actor
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    clients = accounts.visible_clients(actor)
    slug = (request.POST if request.method == "POST" else request.GET).get("practice", "")[:60]
    practice = accounts.organization_for(actor, slug) if slug else None
    if practice is None or practice.is_provider:
        return render(request, "desk/phone_pick.html", {"clients": clients})
    contacts = accounts.people_for(actor).filter(organization=practice, is_active=True)
    form = forms.PhoneLogForm(
        posted(request),
        contacts=[(str(p.uuid), f"{p.full_name} ({p.email})") for p in contacts],
        sites=_site_choices(actor, practice.pk),
    )
    held: list[tuple[str, list[Any]]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = accounts.sites_for(actor).filter(uuid=data["site"]).first() if data["site"] else None
        caller = contacts.filter(uuid=data["requester"]).first()
        screened = phi_guard.screen(
            {"subject": data["subject"], "body": data["body"]},
            organization=practice,
            decision=request.POST.get("phi", ""),
        )
        held = screened.for_form(form)
        if not held:  # nothing is stored until the writer chooses
            try:
                created = services.open_request(
                    actor=actor,
                    organization=practice,
                    subject=screened.texts["subject"],
                    body=screened.texts["body"],
                    category=data["category"],
                    impact=data["impact"],
                    urgency=data["urgency"],
                    site=site,
                    requester=caller,
                    callback_phone=data["callback_phone"] or (caller.phone if caller else ""),
                    channel=Channel.PHONE,
                    time_spent_minutes=data["time_spent_minutes"],
                    contains_phi=screened.contains_phi,
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"Call logged as {created.reference}.")
                return redirect("desk:request_detail", created.reference)
    return render(
        request,
        "desk/phone_log.html",
        {"form": form, "practice": practice, "phi_held": held},
        status=422 if form.errors or held else 200,
    )


@require_GET
@login_required
def request_list(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    if permissions.works_the_desk(actor):
        return queue_views.queue_page(request)
    whole = permissions.sees_whole_practice(actor)
    mine_only = not whole or request.GET.get("show") != "practice"
    q = saved_views.search_text(request.GET.get("q"))
    rows, more = queue_views.first_page(
        queries.practice_requests(actor, mine_only=mine_only, text=q)
    )
    return render(
        request,
        "desk/portal_list.html",
        {
            "requests": rows,
            "rows": rendering.request_rows(rows, staff_view=False, base_url=_base()),
            "more": more,
            "mine_only": mine_only,
            "can_see_all": whole,
            "q": q,
        },
    )


def _base() -> str:
    return reverse("desk:request_list")


@require_GET
@login_required
def request_find(request: TandemRequest) -> HttpResponse:
    """ "Go to a request": a reference (T-1042, or 1042) the person may read
    opens it; anything else goes back to the list saying so. A reference of
    another organization answers exactly as one that does not exist."""
    wanted = request.GET.get("ref", "")[:40].strip()
    number = parse_ref(PREFIX, wanted)
    readable = queries.requests_for(request.actor).filter(number=number or 0)
    found = readable.values_list("number", flat=True).first() if number else None
    if found is None:
        messages.error(request, f"No request {wanted or '(empty)'} that you can see.")
        return redirect("desk:request_list")
    return redirect("desk:request_detail", f"{PREFIX}-{found}")


def _detail_context(request: TandemRequest, item: ServiceRequest, **forms_: Any) -> dict[str, Any]:
    actor = request.actor
    staff = permissions.works_the_desk(actor)
    before = request.GET.get("before", "")
    conversation, earlier = queries.conversation_page(
        actor, item, before=int(before) if before.isdigit() and len(before) < 19 else None
    )
    watchers = list(queries.watchers_of(item))
    reader = request.user
    zone = reader.zone() if isinstance(reader, Person) else ZoneInfo("UTC")
    context: dict[str, Any] = {
        "can_redact": redaction.can_redact(actor),
        "item": item,
        "conversation": conversation,
        "earlier": earlier,
        "story": timeline.story(
            item,
            queries.first_staff_reply(item),
            reader_id=actor.person_id,
            staff=staff,
            tz=zone,
            promise=_promise_of(item),
        ),
        "zone": zone,
        "sla_lines": sla_display.lines(item, zone=zone, now=django_now()),
        "can_explain": sla_breaches.can_explain(actor),
        "watchers": watchers,
        "related": list(
            queries.related_to(actor, item).select_related(None).only("number", "subject", "status")
        ),
        "watching": any(w.pk == actor.person_id for w in watchers),
        "staff": staff,
        "can_write": permissions.can_write_on(actor),
        "phi_held": forms_.get("phi_held", []),
        "explain_form": forms_.get("explain_form"),
        "had_files": forms_.get("had_files", False),
    }
    survey = None if staff else satisfaction.pending_for(actor, item)
    if survey is not None:
        context["rating_form"] = forms_.get("rating_form") or forms.RatingForm()
    if staff:
        allowed = [(s, Status(s).label) for s in Status.values if s in TRANSITIONS[item.status]]
        emails = notify.emails_about(item.reference)
        context.update(
            emails=emails,
            emails_failing=sum(1 for e in emails if e.status == "failed" or e.last_error),
            reply_form=forms_.get("reply_form") or forms.StaffReplyForm(),
            status_form=forms_.get("status_form")
            or forms.StatusForm(
                allowed=[("", "Choose…"), *allowed], initial={"version": item.version}
            ),
            assign_form=forms_.get("assign_form")
            or forms.AssignForm(
                staff=_staff_choices(actor, item),
                initial={
                    "version": item.version,
                    "assignee": str(item.assignee.uuid) if item.assignee else "",
                },
            ),
            macros=list(macros.macros_for(actor).only("uuid", "name")),
            merge_form=forms_.get("merge_form")
            or forms.MergeForm(initial={"version": item.version}),
            link_form=forms_.get("link_form") or forms.LinkForm(),
            team_form=forms_.get("team_form")
            or forms.TeamPickForm(
                teams=_team_choices(actor),
                initial={"version": item.version, "team": str(item.team.uuid) if item.team else ""},
            ),
            triage_form=forms_.get("triage_form")
            or forms.TriageForm(
                initial={"version": item.version, "impact": item.impact, "urgency": item.urgency}
            ),
            has_transitions=bool(allowed),
        )
    else:
        context["reply_form"] = forms_.get("reply_form") or forms.ReplyForm()
    return context


def _staff_choices(actor: Any, item: ServiceRequest) -> list[tuple[str, str]]:
    staff = queries.staff_who_can_take(actor, item.organization_id)
    return [(str(uuid), name) for uuid, name in staff.values_list("uuid", "full_name")]


@require_GET
@login_required
def request_detail(request: TandemRequest, ref: str) -> HttpResponse:
    item = queries.request_for(request.actor, ref)
    return render(request, "desk/request_detail.html", _detail_context(request, item))


def again(request: TandemRequest, item: ServiceRequest, status: int, **forms_: Any) -> HttpResponse:
    """The request page again, with the forms that were refused (and their errors)."""
    return _again(request, item, status, **forms_)


def _again(
    request: TandemRequest, item: ServiceRequest, status: int, **forms_: Any
) -> HttpResponse:
    item = queries.request_for(request.actor, item.reference)
    return render(
        request, "desk/request_detail.html", _detail_context(request, item, **forms_), status=status
    )


@require_POST
@login_required
def request_reply(request: TandemRequest, ref: str) -> HttpResponse:
    actor = request.actor
    item = queries.request_for(actor, ref)
    if not permissions.can_write_on(actor):
        raise PermissionDenied
    staff = permissions.works_the_desk(actor)
    form = (forms.StaffReplyForm if staff else forms.ReplyForm)(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        screened = phi_guard.screen(
            {"body": data["body"]},
            organization=item.organization,
            decision=request.POST.get("phi", ""),
        )
        if screened.held:
            held = screened.for_form(form)
            return _again(
                request, item, 422, reply_form=form, phi_held=held, had_files=bool(request.FILES)
            )
        try:
            message, on = services.add_message(
                actor=actor,
                request=item,
                body=screened.texts["body"],
                kind=data.get("kind", "public"),
                time_spent_minutes=data.get("time_spent_minutes"),
                ask_practice=data.get("ask_practice", False),
                files=data["attachments"],
                contains_phi=screened.contains_phi,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if on.pk != item.pk and item.merged_into_id:
                messages.info(
                    request, f"{item.reference} was merged: your message is on {on.reference}."
                )
            elif on.pk != item.pk:
                messages.info(
                    request,
                    f"{item.reference} was closed, so your message opened {on.reference}.",
                )
            elif message.is_internal:
                messages.success(request, "Internal note added (the practice does not see it).")
            else:
                messages.success(request, "Sent.")
            return redirect("desk:request_detail", on.reference)
    return _again(request, item, 422, reply_form=form)


def _versioned(
    request: TandemRequest,
    ref: str,
    form_class: Any,
    key: str,
    act: Any,
    form_kwargs: Any = None,
) -> HttpResponse:
    """A staff change that carries the version the person saw: a stale one is
    refused with 409 and the page shows what changed."""
    actor = request.actor
    item = queries.request_for(actor, ref)
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    form = form_class(request.POST, **(form_kwargs(item) if form_kwargs else {}))
    if form.is_valid():
        try:
            act(actor, item, form.cleaned_data)
        except Conflict as exc:
            messages.error(request, str(exc))
            return _again(request, item, 409)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("desk:request_detail", item.reference)
    return _again(request, item, 422, **{key: form})


@require_POST
@login_required
def request_status(request: TandemRequest, ref: str) -> HttpResponse:
    def act(actor: Any, item: ServiceRequest, data: dict[str, Any]) -> None:
        services.change_status(
            actor=actor, request=item, status=data["status"], version=data["version"]
        )

    return _versioned(
        request,
        ref,
        forms.StatusForm,
        "status_form",
        act,
        form_kwargs=lambda item: {"allowed": [(s, Status(s).label) for s in Status.values]},
    )


@require_POST
@login_required
def request_assign(request: TandemRequest, ref: str) -> HttpResponse:
    def act(actor: Any, item: ServiceRequest, data: dict[str, Any]) -> None:
        person = (
            accounts.people_for(actor).filter(uuid=data["assignee"]).first()
            if data["assignee"]
            else None
        )
        if data["assignee"] and person is None:
            raise ValidationError({"assignee": "Choose someone from the list."})
        services.assign(actor=actor, request=item, assignee=person, version=data["version"])

    return _versioned(
        request,
        ref,
        forms.AssignForm,
        "assign_form",
        act,
        form_kwargs=lambda item: {"staff": _staff_choices(request.actor, item)},
    )


def _other(actor: Any, ref: str, field: str) -> ServiceRequest:
    """The request named in a form by its reference, if the actor sees it."""
    try:
        return queries.request_for(actor, ref.strip().upper())
    except Http404:
        raise ValidationError({field: f"No request {ref.strip()[:24]} that you can see."}) from None


@require_POST
@login_required
def request_merge(request: TandemRequest, ref: str) -> HttpResponse:
    merged: list[ServiceRequest] = []

    def act(actor: Any, item: ServiceRequest, data: dict[str, Any]) -> None:
        into = _other(actor, data["into"], "into")
        merged.append(
            relations.merge(actor=actor, duplicate=item, into=into, version=data["version"])
        )

    response = _versioned(request, ref, forms.MergeForm, "merge_form", act)
    if merged:
        messages.success(request, f"{ref} was merged into {merged[0].reference}.")
        return redirect("desk:request_detail", merged[0].reference)
    return response


@require_POST
@login_required
def request_link(request: TandemRequest, ref: str) -> HttpResponse:
    actor = request.actor
    item = queries.request_for(actor, ref)
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    form = forms.LinkForm(request.POST)
    if form.is_valid():
        try:
            other = _other(actor, form.cleaned_data["ref"], "ref")
            relations.link(actor=actor, request=item, other=other)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return redirect("desk:request_detail", item.reference)
    return _again(request, item, 422, link_form=form)


@require_POST
@login_required
def request_unlink(request: TandemRequest, ref: str, other: str) -> HttpResponse:
    actor = request.actor
    item = queries.request_for(actor, ref)
    if not permissions.works_the_desk(actor):
        raise PermissionDenied
    relations.unlink(actor=actor, request=item, other=queries.request_for(actor, other))
    return redirect("desk:request_detail", item.reference)


@require_POST
@login_required
def request_team(request: TandemRequest, ref: str) -> HttpResponse:
    def act(actor: Any, item: ServiceRequest, data: dict[str, Any]) -> None:
        team = teams.teams_for(actor).filter(uuid=data["team"]).first() if data["team"] else None
        if data["team"] and team is None:
            raise ValidationError({"team": "Choose a team from the list."})
        services.send_to_team(actor=actor, request=item, team=team, version=data["version"])

    return _versioned(
        request,
        ref,
        forms.TeamPickForm,
        "team_form",
        act,
        form_kwargs=lambda item: {"teams": _team_choices(request.actor)},
    )


def _team_choices(actor: Any) -> list[tuple[str, str]]:
    return [
        (str(t.uuid), t.name)
        for t in teams.teams_for(actor).select_related(None).only("uuid", "name")
    ]


@require_POST
@login_required
def request_take(request: TandemRequest, ref: str) -> HttpResponse:
    """ "Take it": assign to oneself in one click."""
    actor = request.actor
    item = queries.request_for(actor, ref)
    if not permissions.works_the_desk(actor) or actor.person_id is None:
        raise PermissionDenied
    try:
        services.assign(actor=actor, request=item, assignee=Person.objects.get(pk=actor.person_id))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("desk:request_detail", item.reference)


@require_POST
@login_required
def request_triage(request: TandemRequest, ref: str) -> HttpResponse:
    def act(actor: Any, item: ServiceRequest, data: dict[str, Any]) -> None:
        services.retriage(
            actor=actor,
            request=item,
            impact=data["impact"],
            urgency=data["urgency"],
            priority=data["priority"],
            reason=data["reason"],
            version=data["version"],
        )

    return _versioned(request, ref, forms.TriageForm, "triage_form", act)


@form_methods
@login_required
def priority_matrix(request: TandemRequest) -> HttpResponse:
    """The provider admin's impact x urgency matrix."""
    if not permissions.can_edit_matrix(request.actor):
        raise PermissionDenied
    form = forms.MatrixForm(posted(request), matrix=queries.matrix())
    if request.method == "POST" and form.is_valid():
        services.save_matrix(actor=request.actor, data=form.cleaned_data)
        messages.success(request, "Priorities saved. New requests use them from now on.")
        return redirect("desk:priority_matrix")
    return render(
        request,
        "desk/priority_matrix.html",
        {
            "form": form,
            "rules": PriorityRule.objects.all(),
        },
        status=422 if form.errors else 200,
    )


@require_GET
@login_required
def attachment_download(request: TandemRequest, ref: str, uuid: str) -> HttpResponseBase:
    """A file, only to those who see its message; audited. Images are shown
    inline (previews), anything else is downloaded; either way the browser is
    told not to guess the type and to treat the file as a sandboxed origin."""
    actor = request.actor
    item = queries.request_for(actor, ref)
    attachment = queries.attachment_for(actor, item, uuid)
    services.record_attachment_read(actor=actor, attachment=attachment)
    inline = attachment.is_image and request.GET.get("preview") == "1"
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = disposition(attachment.name, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"  # django-csp keeps a header already set
    return response


@require_POST
@login_required
def request_watch(request: TandemRequest, ref: str) -> HttpResponse:
    """Follow a request (or stop: `on=0`)."""
    item = queries.request_for(request.actor, ref)
    on = request.POST.get("on", "1") != "0"
    services.watch(actor=request.actor, request=item, on=on)
    messages.success(
        request, "You follow this request now." if on else "You no longer follow this request."
    )
    return redirect("desk:request_detail", item.reference)


@form_methods
@login_required
def message_edit(request: TandemRequest, ref: str, uuid: str) -> HttpResponse:
    """Correct one's own reply or note; earlier versions stay visible."""
    item = queries.request_for(request.actor, ref)
    message = queries.message_for(request.actor, item, uuid)
    if message.author_id != request.actor.person_id or message.kind == "event":
        raise PermissionDenied
    form = forms.EditMessageForm(posted(request), initial={"body": message.body})
    held: list[tuple[str, list[Any]]] = []
    if request.method == "POST" and form.is_valid():
        screened = phi_guard.screen(
            {"body": form.cleaned_data["body"]},
            organization=item.organization,
            decision=request.POST.get("phi", ""),
        )
        held = screened.for_form(form)
        if not held:  # nothing is stored until the writer chooses
            try:
                services.edit_message(
                    actor=request.actor,
                    message=message,
                    body=screened.texts["body"],
                    contains_phi=screened.contains_phi,
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "Saved. The earlier text stays in the history.")
                return redirect("desk:request_detail", item.reference)
    return render(
        request,
        "desk/message_edit.html",
        {"form": form, "item": item, "message": message, "phi_held": held},
        status=422 if form.errors or held else 200,
    )
