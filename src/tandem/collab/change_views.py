"""Change request pages: the calendar, a change with its window check and
approval, the editor, the execution record, and the iCal feeds."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import queries as accounts
from tandem.accounts.actors import actor_for
from tandem.accounts.models import Site
from tandem.collab import changes, forms, queries
from tandem.collab.models import ChangeFeed, ChangeRequest, ChangeStatus
from tandem.core.exceptions import Conflict
from tandem.core.http import TandemRequest
from tandem.core.tenancy import Actor
from tandem.core.views import attach_errors, form_methods, posted, utf8_body
from tandem.signoff import services as signoff

LIST_LIMIT = 200


@require_GET
@login_required
def change_list(request: TandemRequest) -> HttpResponse:
    """The change calendar: what awaits approval, what is coming, what was done."""
    actor = request.actor
    now = timezone.now()
    qs = queries.changes_for(actor).prefetch_related("sites")
    practice = None
    slug = (request.GET.get("practice") or "")[:60]
    if slug:
        practice = accounts.visible_clients(actor).filter(slug=slug).first()
        qs = qs.filter(organization=practice) if practice else qs.none()
    waiting = list(qs.filter(status=ChangeStatus.SUBMITTED).order_by("starts_at")[:LIST_LIMIT])
    upcoming = list(
        qs.filter(status__in=[ChangeStatus.APPROVED, ChangeStatus.IN_PROGRESS]).order_by(
            "starts_at"
        )[:LIST_LIMIT]
    )
    open_ = list(
        qs.filter(status__in=[ChangeStatus.DRAFT, ChangeStatus.CHANGES_REQUESTED]).order_by(
            "starts_at"
        )[:LIST_LIMIT]
    )
    done = list(
        qs.filter(
            status__in=[
                ChangeStatus.COMPLETED,
                ChangeStatus.ROLLED_BACK,
                ChangeStatus.REJECTED,
                ChangeStatus.CANCELLED,
            ],
            starts_at__gte=now - timedelta(days=90),
        ).order_by("-starts_at")[:LIST_LIMIT]
    )
    return render(
        request,
        "collab/change_list.html",
        {
            "zone": accounts.acting_person(actor).zone(),
            "waiting": waiting,
            "upcoming": upcoming,
            "open": open_,
            "done": done,
            "practice": practice,
            "practices": [(c.slug, c.name) for c in accounts.visible_clients(actor)]
            if actor.is_provider
            else [],
            "can_write": actor.is_provider,
        },
    )


def _zones(actor: Actor, sites: list[Site]) -> list[str]:
    zones = [s.time_zone for s in sites]
    mine = accounts.acting_person(actor).zone().key
    return list(dict.fromkeys([*zones, mine]))


def _plan(form: forms.ChangeForm, sites: list[Site]) -> changes.Plan:
    data = form.cleaned_data
    chosen = [s for s in sites if str(s.uuid) in set(data["sites"])]
    return changes.Plan(
        title=data["title"],
        description=data["description"],
        reason=data["reason"],
        risk=data["risk"],
        risk_notes=data["risk_notes"],
        systems=data["systems"],
        rollback_plan=data["rollback_plan"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        sites=chosen,
        emergency_justification=data["emergency_justification"],
    )


def _site_choices(sites: list[Site]) -> list[tuple[str, str]]:
    return [(str(s.uuid), f"{s.name} ({s.time_zone})") for s in sites]


@form_methods
@login_required
def change_new(request: TandemRequest) -> HttpResponse:
    """Staff choose the practice first (its sites are the choices), then plan."""
    actor = request.actor
    if not actor.is_provider:
        raise PermissionDenied
    slug = (request.GET.get("practice") or "")[:60]
    organization = accounts.visible_clients(actor).filter(slug=slug).first() if slug else None
    if organization is None:
        return render(
            request,
            "collab/change_practice.html",
            {"practices": [(c.slug, c.name) for c in accounts.visible_clients(actor)]},
        )
    sites = list(organization.sites.order_by("name"))
    zones = _zones(actor, sites)
    form = forms.ChangeForm(
        posted(request),
        sites=_site_choices(sites),
        zones=zones,
        initial={"time_zone": zones[0], "sites": [str(s.uuid) for s in sites[:1]]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = changes.create(actor=actor, organization=organization, plan=_plan(form, sites))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{made.reference} saved as a draft.")
            return redirect("collab:change_detail", uuid=made.uuid)
    return render(
        request,
        "collab/change_edit.html",
        {"form": form, "change": None, "organization": organization},
        status=422 if form.errors else 200,
    )


def _detail_context(actor: Actor, change: ChangeRequest, decide_form: Any = None) -> dict[str, Any]:
    sites = list(change.sites.prefetch_related("hours", "low_impact").order_by("name"))
    digest = changes.current_hash(change)
    can_approve = (
        changes.can_approve(actor, change.organization_id)
        and change.status == ChangeStatus.SUBMITTED
    )
    if can_approve and decide_form is None:
        decide_form = forms.DecideForm(
            needs_code=signoff.needs_code(accounts.acting_person(actor)),
            initial={"content_sha256": digest},
        )
    local = [
        (site, change.starts_at.astimezone(t.zone), change.ends_at.astimezone(t.zone))
        for site, t in zip(sites, changes.site_times(sites), strict=True)
    ]
    staff = changes.can_write(actor, change.organization_id)
    return {
        "zone": accounts.acting_person(actor).zone(),
        "change": change,
        "local": local,
        "clashes": [str(c) for c in changes.clashes_of(change)]
        if change.status in (ChangeStatus.DRAFT, ChangeStatus.CHANGES_REQUESTED)
        else change.clashes,
        "signatures": list(signoff.signatures_of(change)),
        "digest": digest,
        "decide_form": decide_form if can_approve else None,
        "can_write": staff,
        "steps": [
            (step, label)
            for step, label in (
                ("start", "Record the start"),
                ("complete", "Record it completed"),
                ("roll_back", "Record a rollback"),
                ("cancel", "Cancel the change"),
            )
            if staff and change.status in changes.STEPS[step][0]
        ],
        "can_check": change.status in (ChangeStatus.COMPLETED, ChangeStatus.ROLLED_BACK)
        and (staff or changes.can_approve(actor, change.organization_id)),
        "check_form": forms.CheckForm(),
        "decisions": queries.linked_decisions(actor, change),
        "step_form": forms.StepForm(),
    }


@require_GET
@login_required
def change_detail(request: TandemRequest, uuid: str) -> HttpResponse:
    change = queries.change_for(request.actor, uuid)
    return render(request, "collab/change_detail.html", _detail_context(request.actor, change))


def _refused(request: TandemRequest, change: ChangeRequest, message: str) -> HttpResponse:
    context = _detail_context(request.actor, change)
    context["refusal"] = message
    return render(request, "collab/change_detail.html", context, status=409)


@form_methods
@login_required
def change_edit(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    change = queries.change_for(actor, uuid)
    if not changes.can_write(actor, change.organization_id):
        raise PermissionDenied
    if change.status not in (ChangeStatus.DRAFT, ChangeStatus.CHANGES_REQUESTED):
        message = changes.FIXED_MESSAGE if change.is_signed else "It can no longer be edited."
        return _refused(request, change, message)
    sites = list(change.organization.sites.order_by("name"))
    zones = _zones(actor, sites)
    zone = zones[0]
    initial = {
        name: getattr(change, name)
        for name in (
            "title",
            "description",
            "reason",
            "risk",
            "risk_notes",
            "systems",
            "rollback_plan",
            "emergency_justification",
        )
    }
    tz = zoneinfo.ZoneInfo(zone)
    initial |= {
        "sites": [str(s.uuid) for s in change.sites.all()],
        "time_zone": zone,
        "starts_at": change.starts_at.astimezone(tz).replace(tzinfo=None),
        "ends_at": change.ends_at.astimezone(tz).replace(tzinfo=None),
    }
    form = forms.ChangeForm(
        posted(request), sites=_site_choices(sites), zones=zones, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes.update(actor=actor, change=change, plan=_plan(form, sites))
        except ValidationError as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            return _refused(request, change, str(exc))
        else:
            messages.success(request, f"{change.reference} saved.")
            return redirect("collab:change_detail", uuid=change.uuid)
    return render(
        request,
        "collab/change_edit.html",
        {"form": form, "change": change, "organization": change.organization},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def change_submit(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    change = queries.change_for(actor, uuid)
    try:
        changes.submit(actor=actor, change=change)
    except ValidationError as exc:
        context = _detail_context(actor, change)
        context["submit_errors"] = exc.messages
        return render(request, "collab/change_detail.html", context, status=422)
    except Conflict as exc:
        return _refused(request, change, str(exc))
    messages.success(request, f"{change.reference} is sent to the practice for approval.")
    return redirect("collab:change_detail", uuid=change.uuid)


@require_POST
@utf8_body
@login_required
def change_decide(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    change = queries.change_for(actor, uuid)
    if not changes.can_approve(actor, change.organization_id):
        raise PermissionDenied
    form = forms.DecideForm(
        request.POST, needs_code=signoff.needs_code(accounts.acting_person(actor))
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            changes.decide(
                actor=actor,
                change=change,
                meaning=data["meaning"],
                password=data["password"],
                code=data.get("code") or "",
                seen_sha256=data["content_sha256"],
                comment=data["comment"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            return _refused(request, change, str(exc))
        else:
            change.refresh_from_db()
            messages.success(request, f"{change.reference}: {change.get_status_display()}.")
            return redirect("collab:change_detail", uuid=change.uuid)
    context = _detail_context(actor, change, decide_form=form)
    context["form"] = form
    return render(request, "collab/change_detail.html", context, status=422)


@require_POST
@utf8_body
@login_required
def change_step(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    change = queries.change_for(actor, uuid)
    if not changes.can_write(actor, change.organization_id):
        raise PermissionDenied
    form = forms.StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to record.")
        return redirect("collab:change_detail", uuid=change.uuid)
    try:
        changes.record_step(
            actor=actor,
            change=change,
            step=form.cleaned_data["step"],
            notes=form.cleaned_data["notes"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Conflict as exc:
        return _refused(request, change, str(exc))
    else:
        change.refresh_from_db()
        messages.success(request, f"{change.reference}: {change.get_status_display()}.")
    return redirect("collab:change_detail", uuid=change.uuid)


@require_POST
@utf8_body
@login_required
def change_check(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    change = queries.change_for(actor, uuid)
    form = forms.CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say whether everything works after the change.")
        return redirect("collab:change_detail", uuid=change.uuid)
    try:
        changes.record_check(
            actor=actor,
            change=change,
            result=form.cleaned_data["result"],
            notes=form.cleaned_data["notes"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Conflict as exc:
        return _refused(request, change, str(exc))
    else:
        messages.success(request, "The check after the change is recorded.")
    return redirect("collab:change_detail", uuid=change.uuid)


# iCal feeds -----------------------------------------------------------------------


@form_methods
@login_required
def change_feeds(request: TandemRequest) -> HttpResponse:
    """Your secret calendar addresses; POST makes a new one (shown once)."""
    actor = request.actor
    raw = ""
    if request.method == "POST":
        _feed, raw = changes.create_feed(actor=actor)
    feeds = ChangeFeed.objects.filter(owner_id=actor.person_id, revoked_at=None).order_by(
        "-created_at"
    )
    return render(
        request,
        "collab/change_feeds.html",
        {
            "feeds": feeds,
            "raw_url": request.build_absolute_uri(f"/changes/feed/{raw}.ics") if raw else "",
            "zone": accounts.acting_person(actor).zone(),
        },
    )


@require_POST
@login_required
def change_feed_revoke(request: TandemRequest, uuid: str) -> HttpResponse:
    feed = ChangeFeed.objects.filter(
        uuid=uuid, owner_id=request.actor.person_id, revoked_at=None
    ).first()
    if feed is None:
        raise Http404
    changes.revoke_feed(actor=request.actor, feed=feed)
    messages.success(request, "Feed revoked: calendars reading it get nothing from now on.")
    return redirect("collab:change_feeds")


@require_GET
def change_feed(request: TandemRequest, token: str) -> HttpResponse:
    """The feed itself: the token is the credential (calendar apps send no
    cookie). It shows what its owner may see today."""
    feed = changes.feed_for_token(token)
    if feed is None:
        raise Http404
    owner_actor = actor_for(feed.owner)
    now = timezone.now()
    rows = list(queries.calendar(owner_actor, now - timedelta(days=30), now + timedelta(days=3650)))
    from tandem.collab import ical  # icalendar is loaded only by a worker that serves a feed

    body = ical.render(rows, name="Tandem changes", now=now, base=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
