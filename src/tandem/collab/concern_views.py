"""The concerns register: the list, raising one, a concern's history, and
the steps on it (acknowledge, respond, confirm)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import queries as accounts
from tandem.accounts.choices import OrgKind
from tandem.accounts.models import Organization, Person
from tandem.accounts.permissions import is_provider_lead
from tandem.collab import concerns, forms, queries
from tandem.collab.models import CONCERN_OPEN, Concern, ConcernStatus
from tandem.core.exceptions import Conflict
from tandem.core.http import TandemRequest
from tandem.core.tenancy import Actor
from tandem.core.views import attach_errors, form_methods, posted, utf8_body

LIST_LIMIT = 200


def _people(organization: Organization) -> list[tuple[str, str]]:
    """Whom a concern may be about: the provider's staff and the practice's people."""
    people = Person.objects.filter(
        Q(organization=organization) | Q(organization__kind=OrgKind.PROVIDER), is_active=True
    ).select_related("organization")
    return [
        (str(p.uuid), f"{p.full_name} ({'provider' if p.is_provider_staff else 'practice'})")
        for p in people.order_by("organization__kind", "full_name")
    ]


@require_GET
@login_required
def concern_list(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    qs = queries.concerns_for(actor)
    show_closed = request.GET.get("closed") == "1"
    rows = list(
        (qs if show_closed else qs.filter(status__in=CONCERN_OPEN)).order_by("-number")[:LIST_LIMIT]
    )
    return render(
        request,
        "collab/concern_list.html",
        {
            "concerns": rows,
            "show_closed": show_closed,
            "can_raise": actor.is_client and concerns.can_raise(actor, actor.organization_id or 0),
            "staff": actor.is_provider,
            "now": timezone.now(),
            "zone": accounts.acting_person(actor).zone(),
        },
    )


@form_methods
@login_required
def concern_new(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    if not concerns.can_raise(actor, actor.organization_id or 0):
        raise PermissionDenied
    organization = Organization.objects.get(pk=actor.organization_id or 0)
    people = _people(organization)
    form = forms.ConcernForm(posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        about_person = (
            Person.objects.filter(uuid=data["about_person"]).first()
            if data["about_person"]
            else None
        )
        try:
            made = concerns.raise_concern(
                actor=actor,
                organization=organization,
                raised=concerns.Raised(
                    title=data["title"],
                    about=data["about"],
                    strength=data["strength"],
                    description=data["description"],
                    about_person=about_person,
                    restricted=data["restricted"],
                ),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            due = timezone.localtime(made.ack_due_at, accounts.acting_person(actor).zone())
            messages.success(
                request,
                f"{made.reference} is raised. Your IT provider acknowledges it by {due:%A %H:%M}.",
            )
            return redirect("collab:concern_detail", uuid=made.uuid)
    return render(
        request, "collab/concern_new.html", {"form": form}, status=422 if form.errors else 200
    )


def _context(actor: Actor, concern: Concern, **forms_: Any) -> dict[str, Any]:
    manager = is_provider_lead(actor)
    return {
        "concern": concern,
        "entries": list(concern.entries.select_related("author")),
        "manager": manager,
        "can_ack": manager and concern.status == ConcernStatus.RAISED,
        "can_respond": manager
        and concern.status in (ConcernStatus.RAISED, ConcernStatus.ACKNOWLEDGED),
        "can_confirm": concerns.can_answer_for_practice(actor, concern)
        and concern.status == ConcernStatus.ANSWERED,
        "ack_late": concern.status == ConcernStatus.RAISED and timezone.now() > concern.ack_due_at,
        "note_form": forms_.get("note_form") or forms.ConcernNoteForm(),
        "text_form": forms_.get("text_form") or forms.ConcernTextForm(),
        "confirm_form": forms_.get("confirm_form") or forms.ConcernConfirmForm(),
        "zone": accounts.acting_person(actor).zone(),
    }


@require_GET
@login_required
def concern_detail(request: TandemRequest, uuid: str) -> HttpResponse:
    concern = queries.concern_for(request.actor, uuid)
    return render(request, "collab/concern_detail.html", _context(request.actor, concern))


def _step(
    request: TandemRequest, uuid: str, form_class: Any, name: str, act: Any, done: str
) -> HttpResponse:
    actor = request.actor
    concern = queries.concern_for(actor, uuid)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(actor, concern, form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            context = _context(actor, concern)
            context["refusal"] = str(exc)
            return render(request, "collab/concern_detail.html", context, status=409)
        else:
            messages.success(request, done)
            return redirect("collab:concern_detail", uuid=concern.uuid)
    context = _context(actor, concern, **{name: form})
    context["form"] = form
    return render(request, "collab/concern_detail.html", context, status=422)


@require_POST
@utf8_body
@login_required
def concern_acknowledge(request: TandemRequest, uuid: str) -> HttpResponse:
    return _step(
        request,
        uuid,
        forms.ConcernNoteForm,
        "note_form",
        lambda a, c, d: concerns.acknowledge(actor=a, concern=c, note=d["note"]),
        "Acknowledged: the practice is told.",
    )


@require_POST
@utf8_body
@login_required
def concern_respond(request: TandemRequest, uuid: str) -> HttpResponse:
    return _step(
        request,
        uuid,
        forms.ConcernTextForm,
        "text_form",
        lambda a, c, d: concerns.respond(actor=a, concern=c, text=d["text"]),
        "Response sent: the practice confirms whether it is addressed.",
    )


@require_POST
@utf8_body
@login_required
def concern_confirm(request: TandemRequest, uuid: str) -> HttpResponse:
    return _step(
        request,
        uuid,
        forms.ConcernConfirmForm,
        "confirm_form",
        lambda a, c, d: concerns.confirm(
            actor=a, concern=c, addressed=d["addressed"], comment=d["comment"]
        ),
        "Thank you: your answer is recorded.",
    )
