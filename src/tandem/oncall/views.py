"""On-call pages (provider staff): the rotations with who is on call now and
the next two weeks, a rotation's page (leads edit it; anyone covers a
shift), secret calendar feeds, and the feed itself (no sign-in: its token
is the key)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts.models import Person
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted, utf8_body
from tandem.oncall import forms, queries, services
from tandem.oncall.models import CalendarFeed, EscalationPolicy, Override, PageStatus, Rotation

AHEAD = timedelta(days=14)
ACK_WINDOW = timedelta(days=30)
FEED_BEHIND, FEED_AHEAD = timedelta(days=14), timedelta(days=76)


def _staff_only(request: TandemRequest) -> None:
    if not request.actor.is_provider:
        raise PermissionDenied


def _staff() -> Any:
    return Person.objects.filter(organization__kind="provider", is_active=True).order_by(
        "full_name"
    )


def _in_zone(value: datetime, zone: str) -> datetime:
    """A datetime-local typed on the page means the rotation's wall-clock time."""
    return value.astimezone(UTC).replace(tzinfo=ZoneInfo(zone))


@require_GET
@login_required
def index(request: TandemRequest) -> HttpResponse:
    _staff_only(request)
    now = timezone.now()
    rows = [
        {
            "rotation": r,
            "now": queries.on_call_now(r, now),
            "turns": queries.turns_of(r, now, now + AHEAD),
        }
        for r in queries.rotations()
    ]
    return render(
        request,
        "oncall/index.html",
        {
            "rows": rows,
            "can_manage": services.can_manage(request.actor),
            "policies": EscalationPolicy.objects.prefetch_related(
                "levels__rotation", "levels__person"
            ).order_by("name"),
            "open_pages": queries.pages_for(request.actor).filter(status=PageStatus.OPEN),
            "ack_times": queries.ack_times(now - ACK_WINDOW),
            "ack_days": ACK_WINDOW.days,
            "zone": get_object_or_404(Person, pk=request.actor.person_id or 0).zone(),
        },
    )


@form_methods
@login_required
def rotation_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    _staff_only(request)
    rotation = get_object_or_404(Rotation, uuid=uuid) if uuid else None
    can_manage = services.can_manage(request.actor)
    if rotation is None and not can_manage:
        raise PermissionDenied
    form = forms.RotationForm(posted(request), staff=_staff(), rotation=rotation)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            c = form.cleaned_data
            try:
                rotation = services.save_rotation(
                    actor=request.actor,
                    rotation=rotation,
                    name=c["name"],
                    time_zone=c["time_zone"],
                    handoff_time=c["handoff_time"],
                    period_days=c["period_days"],
                    starts_on=c["starts_on"],
                    members=form.members(),
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"{rotation.name} saved.")
                return redirect("oncall:rotation_edit", rotation.uuid)
    return _rotation_page(request, rotation, form, forms.OverrideForm(staff=_staff()))


def _rotation_page(
    request: TandemRequest,
    rotation: Rotation | None,
    form: forms.RotationForm,
    override_form: forms.OverrideForm,
    status: int | None = None,
) -> HttpResponse:
    now = timezone.now()
    context: dict[str, Any] = {
        "rotation": rotation,
        "form": form,
        "override_form": override_form,
        "can_manage": services.can_manage(request.actor),
    }
    if rotation is not None:
        context.update(
            now=queries.on_call_now(rotation, now),
            turns=queries.turns_of(rotation, now, now + AHEAD),
            overrides=rotation.overrides.filter(ends_at__gt=now)
            .select_related("person")
            .order_by("starts_at"),
            zone=ZoneInfo(rotation.time_zone),
        )
    if status is None:
        status = 422 if form.errors or override_form.errors else 200
    return render(request, "oncall/rotation.html", context, status=status)


@require_POST
@utf8_body
@login_required
def override_add(request: TandemRequest, uuid: str) -> HttpResponse:
    _staff_only(request)
    rotation = get_object_or_404(Rotation, uuid=uuid)
    form = forms.OverrideForm(request.POST, staff=_staff())
    if form.is_valid():
        c = form.cleaned_data
        try:
            services.add_override(
                actor=request.actor,
                rotation=rotation,
                person=c["person"],
                starts_at=_in_zone(c["starts_at"], rotation.time_zone),
                ends_at=_in_zone(c["ends_at"], rotation.time_zone),
                reason=c["reason"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{c['person'].full_name} is on call for that time.")
            return redirect("oncall:rotation_edit", rotation.uuid)
    page_form = forms.RotationForm(staff=_staff(), rotation=rotation)
    return _rotation_page(request, rotation, page_form, form, status=422)


@require_POST
@login_required
def override_remove(request: TandemRequest, uuid: str) -> HttpResponse:
    _staff_only(request)
    override = get_object_or_404(Override.objects.select_related("rotation", "person"), uuid=uuid)
    services.remove_override(actor=request.actor, override=override)
    messages.success(request, "The cover is removed; the rotation's turn stands.")
    return redirect("oncall:rotation_edit", override.rotation.uuid)


@form_methods
@login_required
def feeds(request: TandemRequest) -> HttpResponse:
    _staff_only(request)
    new_url = ""
    if request.method == "POST":
        slug = request.POST.get("rotation", "")[:40]
        rotation = Rotation.objects.filter(uuid=slug).first() if slug else None
        if slug and rotation is None:
            raise Http404
        _feed, token = services.create_feed(actor=request.actor, rotation=rotation)
        new_url = request.build_absolute_uri(f"/oncall/feeds/{token}.ics")
    mine = CalendarFeed.objects.filter(owner_id=request.actor.person_id, revoked_at=None)
    return render(
        request,
        "oncall/feeds.html",
        {
            "feeds": mine.select_related("rotation").order_by("-created_at"),
            "rotations": queries.rotations(),
            "new_url": new_url,
        },
        status=201 if new_url else 200,
    )


@require_POST
@login_required
def feed_revoke(request: TandemRequest, uuid: str) -> HttpResponse:
    _staff_only(request)
    feed = get_object_or_404(CalendarFeed, uuid=uuid)
    services.revoke_feed(actor=request.actor, feed=feed)
    messages.success(request, "The feed is revoked: its address no longer opens.")
    return redirect("oncall:feeds")


@require_GET
def feed(request: TandemRequest, token: str) -> HttpResponse:
    """The calendar itself, read by calendar apps without signing in."""
    found = queries.feed_for(token)
    if found is None or not found.owner.is_active:
        raise Http404
    now = timezone.now()
    start, end = now - FEED_BEHIND, now + FEED_AHEAD
    if found.rotation is not None:
        turns = queries.turns_of(found.rotation, start, end)
        name = f"On call: {found.rotation.name}"
    else:
        turns = queries.turns_of_person(found.owner, start, end)
        name = f"On call: {found.owner.full_name}"
    CalendarFeed.objects.filter(pk=found.pk).update(last_read_at=now)
    from tandem.oncall import ical  # icalendar is loaded only by a worker that serves a feed

    response = HttpResponse(ical.render(turns, name, now), content_type="text/calendar")
    response["Cache-Control"] = "private, no-store"
    return response
