"""The staff queue and its tools: filters, saved views (shared with a team or
not) and bulk actions on the ticked requests."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import queries as accounts
from tandem.accounts import teams
from tandem.accounts.choices import OrgKind
from tandem.core.http import TandemRequest
from tandem.core.pagination import clamp_limit
from tandem.core.views import attach_errors, form_methods, posted, utf8_body
from tandem.desk import bulk, forms, permissions, queries, rendering, saved_views
from tandem.desk.choices import Category, Priority
from tandem.desk.models import SavedView, ServiceRequest

PAGE = 50


def first_page(qs: Any) -> tuple[list[ServiceRequest], bool]:
    limit = clamp_limit(PAGE)
    rows = list(queries.rows(qs)[: limit + 1])
    return rows[:limit], len(rows) > limit


def _staff(request: TandemRequest) -> Any:
    if not permissions.works_the_desk(request.actor):
        raise PermissionDenied
    return request.actor


def _assignees(actor: Any) -> list[tuple[str, str]]:
    people = accounts.people_for(actor).filter(organization__kind=OrgKind.PROVIDER, is_active=True)
    named = people.order_by("full_name").values_list("uuid", "full_name")
    return [(str(uuid), name) for uuid, name in named]


def queue_page(
    request: TandemRequest,
    params: Any = None,
    bulk_form: forms.BulkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.actor
    default = "mine" if actor.person_id else "active"
    params = request.GET if params is None else params
    filters = saved_views.read_filters(actor, params, default_queue=default)
    rows, more = first_page(filters.requests(actor))
    query = filters.query_string()
    views = [
        (view, saved_views.filters_of(actor, view).query_string())
        for view in saved_views.views_for(actor)
    ]
    team_options = list(teams.teams_for(actor).select_related(None).only("uuid", "name"))
    base = reverse("desk:request_list")
    return render(
        request,
        "desk/queue.html",
        {
            "requests": rows,
            "rows": rendering.request_rows(rows, staff_view=True, base_url=base, pick=True),
            "more": more,
            "queues": queries.QUEUES,
            "filters": filters,
            "query": query,
            "queue_label": queries.QUEUES[filters.queue],
            "clear_search": urlencode(
                {k: v for k, v in filters.params().items() if k not in ("q", "sort")}
            ),
            "search_everything": urlencode({**filters.params(), "queue": "all"}),
            "tab_query": {
                key: urlencode({**filters.params(), "queue": key}) for key in queries.QUEUES
            },
            "sorts": saved_views.SORT_LABELS,
            "categories": Category.choices,
            "priorities": Priority.choices,
            "clients": accounts.client_choices(request, actor),
            "teams": team_options,
            "views": views,
            "current_view": next((v for v, q in views if q == query), None),
            "share_teams": team_options,
            "bulk_form": bulk_form or forms.BulkForm(assignees=_assignees(actor)),
        },
        status=status,
    )


@require_POST
@utf8_body
@login_required
def bulk_action(request: TandemRequest) -> HttpResponse:
    """Apply the bulk form to the ticked requests, then back to the same queue
    (its filters come with the form); a form that cannot be applied is shown
    again with its errors and changes nothing."""
    actor = _staff(request)
    form = forms.BulkForm(request.POST, assignees=_assignees(actor))
    parsed = [bulk.parse_pick(v) for v in request.POST.getlist("pick")[: bulk.MAX_ITEMS + 1]]
    picks = [p for p in parsed if p is not None]
    if form.is_valid():
        data = form.cleaned_data
        assignee = (
            accounts.people_for(actor).filter(uuid=data["assignee"]).first()
            if data.get("assignee")
            else None
        )
        try:
            outcome = bulk.apply(
                actor=actor,
                action=data["action"],
                picks=picks,
                assignee=assignee,
                status=data.get("status") or "",
                note=data.get("note") or "",
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            level = messages.WARNING if outcome.skipped else messages.SUCCESS
            messages.add_message(request, level, outcome.summary())
            default = "mine" if actor.person_id else "active"
            filters = saved_views.read_filters(actor, request.POST, default_queue=default)
            return redirect(f"{reverse('desk:request_list')}?{filters.query_string()}")
    return queue_page(request, request.POST, bulk_form=form, status=422)


def _view(actor: Any, uuid: Any) -> SavedView:
    try:
        return saved_views.view_for(actor, uuid)
    except SavedView.DoesNotExist:
        raise Http404 from None


@require_GET
@login_required
def view_list(request: TandemRequest) -> HttpResponse:
    actor = _staff(request)
    views = [
        (view, saved_views.filters_of(actor, view), saved_views.can_change(actor, view))
        for view in saved_views.views_for(actor)
    ]
    return render(
        request,
        "desk/view_list.html",
        {"views": views, "sorts": saved_views.SORT_LABELS, "queues": queries.QUEUES},
    )


def _team(actor: Any, value: str) -> Any:
    return teams.teams_for(actor).filter(uuid=value).first() if value else None


FILTER_FIELDS = ("queue", "client", "team", "category", "priority", "phi", "sort")


def _view_form(request: TandemRequest, actor: Any, initial: dict[str, Any]) -> forms.SavedViewForm:
    return forms.SavedViewForm(
        posted(request),
        initial=initial,
        teams=[(str(t.uuid), t.name) for t in teams.teams_for(actor).select_related(None)],
        clients=[(c.slug, c.name) for c in accounts.visible_clients(actor).only("name", "slug")],
    )


@form_methods
@login_required
def view_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    """Save the queue's filters under a name (the queue page posts here), or
    change a saved view: its name, who it is shared with, its filters."""
    actor = _staff(request)
    view = _view(actor, uuid) if uuid else None
    if view is not None and not saved_views.can_change(actor, view):
        raise PermissionDenied
    source = view.filters if view is not None else request.GET
    current = saved_views.read_filters(actor, source, default_queue=saved_views.DEFAULT_QUEUE)
    initial = {k: str(v) for k, v in current.params().items()}
    if view is not None:
        initial |= {"name": view.name, "share_with": str(view.team.uuid) if view.team else ""}
    form = _view_form(request, actor, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wanted = {k: data[k] for k in FILTER_FIELDS if data.get(k) not in (None, "", False)}
        try:
            saved = saved_views.save_view(
                actor=actor,
                view=view,
                name=data["name"],
                team=_team(actor, data.get("share_with") or ""),
                filters=saved_views.clean_filters(actor, wanted),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Saved the view “{saved.name}”.")
            query = saved_views.filters_of(actor, saved).query_string()
            return redirect(f"{reverse('desk:request_list')}?{query}")
    return render(
        request,
        "desk/view_edit.html",
        {"form": form, "view": view},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def view_delete(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = _staff(request)
    view = _view(actor, uuid)
    saved_views.delete_view(actor=actor, view=view)
    messages.success(request, f"Removed the view “{view.name}”.")
    return redirect("desk:view_list")
