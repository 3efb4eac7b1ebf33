"""The shared action plan: the list and the board, an item, and moving it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import queries as accounts
from tandem.accounts.models import Organization, Person
from tandem.collab import actions, forms, queries
from tandem.collab.models import ACTION_OPEN, ActionItem, ActionStatus
from tandem.core.http import TandemRequest
from tandem.core.tenancy import Actor
from tandem.core.views import attach_errors, form_methods, posted, utf8_body

LIST_LIMIT = 300


def _owner_choices(organization: Organization) -> list[tuple[str, list[tuple[str, str]]]]:
    people = list(actions.owners(organization))
    practice = [(str(p.uuid), p.full_name) for p in people if not p.is_provider_staff]
    provider = [(str(p.uuid), p.full_name) for p in people if p.is_provider_staff]
    return [(organization.name, practice), ("The provider", provider)]


def _owner(organization: Organization, uuid: str) -> Person | None:
    return actions.owners(organization).filter(uuid=uuid).first() if uuid else None


@require_GET
@login_required
def action_list(request: TandemRequest) -> HttpResponse:
    """The plan of one practice (a practice's people: their own), as a list
    or a board, with what each side owes overdue."""
    actor = request.actor
    practices = list(accounts.visible_clients(actor))
    slug = (request.GET.get("practice") or "")[:60]
    practice = next((p for p in practices if p.slug == slug), None)
    if practice is None and actor.is_client:
        practice = next((p for p in practices if p.pk == actor.organization_id), None)
    qs = queries.actions_for(actor)
    if practice is not None:
        qs = qs.filter(organization=practice)
    mine = request.GET.get("mine") == "1"
    if mine:
        qs = qs.filter(owner_id=actor.person_id)
    show_done = request.GET.get("done") == "1"
    board = request.GET.get("view") == "board"
    listed = qs if (show_done or board) else qs.filter(status__in=ACTION_OPEN)
    items = list(listed.order_by("due_on", "number")[:LIST_LIMIT])
    today = actions.today_for(practice) if practice else None
    overdue = actions.overdue_by_side(qs, today) if today else None
    columns = [
        (status, label, [i for i in items if i.status == status])
        for status, label in ActionStatus.choices
        if status != ActionStatus.DROPPED
    ]
    return render(
        request,
        "collab/action_list.html",
        {
            "practice": practice,
            "practices": [(p.slug, p.name) for p in practices] if actor.is_provider else [],
            "items": items,
            "columns": columns,
            "board": board,
            "mine": mine,
            "show_done": show_done,
            "today": today,
            "overdue": overdue,
            "can_plan": practice is not None and actions.can_plan(actor, practice.pk),
            "status_form": forms.ActionStatusForm(),
            "statuses": ActionStatus.choices,
            "zone": accounts.acting_person(actor).zone(),
        },
    )


@form_methods
@login_required
def action_new(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    slug = (request.GET.get("practice") or "")[:60]
    practice = accounts.visible_clients(actor).filter(slug=slug).first() if slug else None
    if practice is None and actor.is_client and actor.organization_id is not None:
        practice = Organization.objects.get(pk=actor.organization_id)
    if practice is None:
        if not actor.is_provider:
            raise PermissionDenied
        return render(
            request,
            "collab/change_practice.html",
            {
                "practices": [(c.slug, c.name) for c in accounts.visible_clients(actor)],
                "heading": "Add an action item",
                "back": "collab:action_list",
            },
        )
    if not actions.can_plan(actor, practice.pk):
        raise PermissionDenied
    source = None
    if request.GET.get("decision"):
        source = queries.decision_for(actor, request.GET["decision"][:40])
        if source.organization_id != practice.pk:
            raise PermissionDenied
    form = forms.ActionForm(
        posted(request),
        owners=_owner_choices(practice),
        initial={"title": f"Carry out {source.reference}: {source.title}"[:200]} if source else {},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = actions.create(
                actor=actor,
                organization=practice,
                source=source,
                item=actions.Item(
                    title=data["title"],
                    owner=_owner(practice, data["owner"]),  # type: ignore[arg-type]
                    due_on=data["due_on"],
                    notes=data["notes"],
                ),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{made.reference} added to the plan.")
            return redirect(f"/actions/?practice={practice.slug}")
    return render(
        request,
        "collab/action_edit.html",
        {"form": form, "item": None, "practice": practice, "source": source},
        status=422 if form.errors else 200,
    )


@form_methods
@login_required
def action_detail(request: TandemRequest, uuid: str) -> HttpResponse:
    """An item; those who keep the plan edit it here."""
    actor = request.actor
    item = queries.action_for(actor, uuid)
    can_plan = actions.can_plan(actor, item.organization_id)
    if request.method == "POST" and not can_plan:
        raise PermissionDenied
    form = forms.ActionForm(
        posted(request),
        owners=_owner_choices(item.organization),
        initial={
            "title": item.title,
            "owner": str(item.owner.uuid),
            "due_on": item.due_on,
            "notes": item.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update(
                actor=actor,
                item=item,
                fields=actions.Item(
                    title=data["title"],
                    owner=_owner(item.organization, data["owner"]),  # type: ignore[arg-type]
                    due_on=data["due_on"],
                    notes=data["notes"],
                ),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{item.reference} saved.")
            return redirect("collab:action_detail", uuid=item.uuid)
    return render(
        request,
        "collab/action_detail.html",
        _detail(actor, item, form if can_plan else None),
        status=422 if form.errors else 200,
    )


def _detail(actor: Actor, item: ActionItem, form: Any) -> dict[str, Any]:
    return {
        "item": item,
        "form": form,
        "can_update": actions.can_update(actor, item),
        "statuses": ActionStatus.choices,
        "overdue": item.is_open and item.due_on < actions.today_for(item.organization),
        "sources": queries.action_sources(actor, item),
        "zone": accounts.acting_person(actor).zone(),
    }


@require_POST
@utf8_body
@login_required
def action_status(request: TandemRequest, uuid: str) -> HttpResponse:
    """Move an item (a board's or a list's buttons)."""
    actor = request.actor
    item = queries.action_for(actor, uuid)
    if not actions.can_update(actor, item):
        raise PermissionDenied
    form = forms.ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to do, doing, done or dropped.")
    else:
        actions.set_status(actor=actor, item=item, status=form.cleaned_data["status"])
        item.refresh_from_db()
        messages.success(request, f"{item.reference}: {item.get_status_display().lower()}.")
    back = request.POST.get("next", "")
    if back.startswith("/actions/") and "//" not in back:
        return redirect(back)
    return redirect("collab:action_detail", uuid=item.uuid)
