"""Decision pages: the log (search, PDF), a decision with its signatures,
the editor, and the actions on it (propose, sign, supersede, files, links)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import queries as accounts
from tandem.accounts.choices import Role
from tandem.accounts.models import Organization
from tandem.collab import decisions, forms, queries
from tandem.collab.models import Decision, DecisionStatus
from tandem.core import markdown
from tandem.core.exceptions import Conflict
from tandem.core.http import TandemRequest
from tandem.core.references import parse_ref
from tandem.core.tenancy import Actor
from tandem.core.views import attach_errors, form_methods, posted, utf8_body
from tandem.desk import queries as desk
from tandem.desk.attachments import disposition
from tandem.signoff import services as signoff
from tandem.signoff.models import Capacity

LOG_LIMIT = 200


def _practices(actor: Actor) -> list[tuple[str, str]]:
    return [(c.slug, c.name) for c in accounts.visible_clients(actor).only("slug", "name")]


def _own_practice(actor: Actor) -> Organization | None:
    if actor.is_client and actor.organization_id is not None:
        return Organization.objects.get(pk=actor.organization_id)
    return None


@require_GET
@login_required
def decision_list(request: TandemRequest) -> HttpResponse:
    """The decision log: every decision the reader sees, newest first."""
    actor = request.actor
    form = forms.LogSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {"q": "", "practice": "", "status": ""}
    qs = queries.decisions_for(actor)
    practice = None
    if data["practice"]:
        practice = accounts.visible_clients(actor).filter(slug=data["practice"]).first()
        qs = qs.filter(organization=practice) if practice else qs.none()
    if data["status"]:
        qs = qs.filter(status=data["status"])
    qs = queries.search(qs, data["q"])
    return render(
        request,
        "collab/decision_list.html",
        {
            "form": form,
            "decisions": list(qs[:LOG_LIMIT]),
            "limit": LOG_LIMIT,
            "practice": practice or _own_practice(actor),
            "practices": _practices(actor) if actor.is_provider else [],
            "statuses": DecisionStatus.choices,
            "can_write": actor.is_provider or actor.role == Role.CLIENT_ADMIN,
            "filtered": any(data.values()),
            "zone": accounts.acting_person(actor).zone(),
        },
    )


@require_GET
@login_required
def decision_log_pdf(request: TandemRequest, slug: str) -> HttpResponseBase:
    """One practice's decision log as a PDF (with the search applied), audited."""
    actor = request.actor
    organization = accounts.visible_clients(actor).filter(slug=slug).first()
    if organization is None:
        raise Http404
    q = (request.GET.get("q") or "")[:200]
    qs = queries.search(queries.decisions_for(actor).filter(organization=organization), q)
    rows = list(qs.select_related("supersedes").prefetch_related("files")[:LOG_LIMIT])
    decisions.record_export(actor=actor, organization=organization, count=len(rows), query=q)
    # Imported here: ReportLab (with Pillow) is ~15 MB a web worker only pays
    # for once it exports a PDF (docs/performance.md, memory).
    from tandem.collab import pdf

    body = pdf.decision_log(organization, rows, query=q, now=timezone.now())
    response = HttpResponse(body, content_type="application/pdf")
    name = f"decisions-{organization.slug}-{timezone.now():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = disposition(name, inline=False)
    response["Cache-Control"] = "private, no-store"
    return response


@form_methods
@login_required
def decision_new(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    own = _own_practice(actor)
    if not (actor.is_provider or (own is not None and decisions.can_write(actor, own.pk))):
        raise PermissionDenied
    practices = None if own else _practices(actor)
    initial = {"practice": request.GET.get("practice", "")}
    form = forms.DecisionForm(posted(request), practices=practices, initial=initial)
    if request.method == "POST" and form.is_valid():
        organization = own or accounts.visible_clients(actor).get(
            slug=form.cleaned_data["practice"]
        )
        try:
            made = decisions.create(actor=actor, organization=organization, draft=form.draft())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{made.reference} saved as a draft.")
            return redirect("collab:decision_detail", uuid=made.uuid)
    return render(
        request,
        "collab/decision_edit.html",
        {"form": form, "decision": None},
        status=422 if form.errors else 200,
    )


def _detail_context(actor: Actor, decision: Decision, sign_form: Any = None) -> dict[str, Any]:
    digest = decisions.current_hash(decision)
    signatures = list(signoff.signatures_of(decision).select_related("person"))
    capacity = decisions.signing_capacity(actor, decision.organization)
    signed_now = {s.capacity for s in signatures if s.content_sha256 == digest}
    can_sign = (
        decision.status == DecisionStatus.PROPOSED
        and capacity is not None
        and capacity not in signed_now
    )
    if can_sign and sign_form is None:
        person_needs_code = signoff.needs_code(accounts.acting_person(actor))
        sign_form = forms.SignForm(needs_code=person_needs_code, initial={"content_sha256": digest})
    successor = (
        Decision.objects.filter(supersedes=decision).only("uuid", "number", "status").first()
    )
    return {
        "zone": accounts.acting_person(actor).zone() if actor.person_id else None,
        "decision": decision,
        "options": decision.options,
        "html": {
            name: markdown.render(getattr(decision, name))
            for name in decisions.TEXTS
            if getattr(decision, name)
        },
        "files": list(decision.files.all()),
        "signatures": signatures,
        "digest": digest,
        "sides": [
            (
                Capacity.PRACTICE,
                "The practice",
                [s for s in signatures if s.capacity == Capacity.PRACTICE],
            ),
            (
                Capacity.PROVIDER,
                "The provider",
                [s for s in signatures if s.capacity == Capacity.PROVIDER],
            ),
        ],
        "can_write": decisions.can_write(actor, decision.organization_id),
        "capacity": capacity,
        "sign_form": sign_form if can_sign else None,
        "successor": successor,
        "requests": queries.linked_requests(actor, decision),
        "changes": queries.linked_changes(actor, decision),
        "link_form": forms.LinkForm(),
    }


@require_GET
@login_required
def decision_detail(request: TandemRequest, uuid: str) -> HttpResponse:
    decision = queries.decision_for(request.actor, uuid)
    return render(request, "collab/decision_detail.html", _detail_context(request.actor, decision))


def _fixed(request: TandemRequest, decision: Decision, message: str) -> HttpResponse:
    """A signed decision asked to change: 409, its page, and the way forward."""
    context = _detail_context(request.actor, decision)
    context["refusal"] = message
    return render(request, "collab/decision_detail.html", context, status=409)


@form_methods
@login_required
def decision_edit(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    decision = queries.decision_for(actor, uuid)
    if not decisions.can_write(actor, decision.organization_id):
        raise PermissionDenied
    if decision.is_signed:
        return _fixed(request, decision, decisions.FIXED_MESSAGE)
    form = forms.DecisionForm(
        posted(request), practices=None, initial=forms.DecisionForm.initial_for(decision)
    )
    if request.method == "POST" and form.is_valid():
        try:
            decisions.update(actor=actor, decision=decision, draft=form.draft())
        except ValidationError as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            return _fixed(request, decision, str(exc))
        else:
            messages.success(request, f"{decision.reference} saved.")
            return redirect("collab:decision_detail", uuid=decision.uuid)
    return render(
        request,
        "collab/decision_edit.html",
        {"form": form, "decision": decision},
        status=422 if form.errors else 200,
    )


def _act(request: TandemRequest, decision: Decision, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("collab:decision_detail", uuid=decision.uuid)
    except Conflict as exc:
        return _fixed(request, decision, str(exc))
    messages.success(request, done)
    return redirect("collab:decision_detail", uuid=decision.uuid)


@require_POST
@login_required
def decision_propose(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    decision = queries.decision_for(actor, uuid)
    return _act(
        request,
        decision,
        lambda: decisions.propose(actor=actor, decision=decision),
        f"{decision.reference} is proposed: both sides' signers are asked to sign.",
    )


@require_POST
@utf8_body
@login_required
def decision_sign(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    decision = queries.decision_for(actor, uuid)
    if decisions.signing_capacity(actor, decision.organization) is None:
        raise PermissionDenied
    form = forms.SignForm(
        request.POST, needs_code=signoff.needs_code(accounts.acting_person(actor))
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            decisions.sign(
                actor=actor,
                decision=decision,
                meaning=data["meaning"],
                password=data["password"],
                code=data.get("code") or "",
                seen_sha256=data["content_sha256"],
                comment=data["comment"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        except Conflict as exc:
            return _fixed(request, decision, str(exc))
        else:
            decision.refresh_from_db()
            messages.success(
                request,
                f"Signed. {decision.reference} is {decision.get_status_display().lower()}.",
            )
            return redirect("collab:decision_detail", uuid=decision.uuid)
    context = _detail_context(actor, decision, sign_form=form)
    context["form"] = form  # the form that was sent, for its errors
    return render(request, "collab/decision_detail.html", context, status=422)


@require_POST
@login_required
def decision_supersede(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    decision = queries.decision_for(actor, uuid)
    try:
        successor = decisions.supersede(actor=actor, decision=decision)
    except Conflict as exc:
        return _fixed(request, decision, str(exc))
    messages.success(
        request,
        f"{successor.reference} is a draft that replaces {decision.reference} once both "
        "sides sign it.",
    )
    return redirect("collab:decision_edit", uuid=successor.uuid)


@require_POST
@login_required
def decision_file_add(request: TandemRequest, uuid: str) -> HttpResponse:
    actor = request.actor
    decision = queries.decision_for(actor, uuid)
    uploads = request.FILES.getlist("files")
    return _act(
        request,
        decision,
        lambda: decisions.add_files(actor=actor, decision=decision, uploads=uploads),
        "File added. Signatures given before cover the earlier content only.",
    )


@require_GET
@login_required
def decision_file(request: TandemRequest, uuid: str, file: str) -> HttpResponseBase:
    actor = request.actor
    decision = queries.decision_for(actor, uuid)
    item = queries.file_for(decision, file)
    decisions.record_file_read(actor=actor, item=item)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = disposition(item.name, inline=False)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def decision_file_remove(request: TandemRequest, uuid: str, file: str) -> HttpResponse:
    actor = request.actor
    decision = queries.decision_for(actor, uuid)
    item = queries.file_for(decision, file)
    return _act(
        request,
        decision,
        lambda: decisions.remove_file(actor=actor, decision=decision, item=item),
        f"{item.name} removed.",
    )


@require_POST
@utf8_body
@login_required
def decision_link(request: TandemRequest, uuid: str) -> HttpResponse:
    """Relate a request (T-1042) or a change (C-1001) of the same practice
    (`on=0`: unrelate it)."""
    actor = request.actor
    decision = queries.decision_for(actor, uuid)
    if not decisions.can_write(actor, decision.organization_id):
        raise PermissionDenied
    form = forms.LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a request's or a change's reference, like T-1042 or C-1001.")
        return redirect("collab:decision_detail", uuid=decision.uuid)
    ref = form.cleaned_data["request"].strip()
    record: Any = None
    if ref.upper().startswith("C-"):
        number = parse_ref("C", ref)
        record = queries.changes_for(actor).filter(number=number).first() if number else None
    else:
        try:
            record = desk.request_for(actor, ref)
        except Http404:
            record = None
    if record is None:
        messages.error(request, f"No request or change {ref} of this practice.")
        return redirect("collab:decision_detail", uuid=decision.uuid)
    on = request.POST.get("on", "1") != "0"
    return _act(
        request,
        decision,
        lambda: decisions.link_record(actor=actor, decision=decision, record=record, on=on),
        f"{record.reference} {'linked' if on else 'unlinked'}.",
    )
