"""Mail pages: the provider's mailboxes (admins), and mail held for staff
to sort (triage)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts.choices import OrgKind
from tandem.accounts.models import Organization, Person
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted
from tandem.mail import forms, parsing, queries, reply, services
from tandem.mail.models import InboundMessage, Mailbox, Outcome

FIELDS = services.SETTINGS


def _admin_only(request: TandemRequest) -> None:
    if not services.can_manage(request.actor) or not request.actor.is_provider:
        raise PermissionDenied


def _zone(request: TandemRequest) -> object:
    """The reader's time zone, for the times shown."""
    person = Person.objects.filter(pk=request.actor.person_id or 0).first()
    return person.zone() if person else None


def _triage_only(request: TandemRequest) -> None:
    if not queries.sees_held_mail(request.actor):
        raise PermissionDenied


@require_GET
@login_required
def index(request: TandemRequest) -> HttpResponse:
    if not request.actor.is_provider:
        raise PermissionDenied
    admin = services.can_manage(request.actor)
    return render(
        request,
        "mail/index.html",
        {
            "admin": admin,
            "mailboxes": list(queries.mailboxes()) if admin else [],
            "held_count": queries.held(request.actor).count(),
            "sees_held": queries.sees_held_mail(request.actor),
            "recent": list(queries.inbound(request.actor).order_by("-id")[:20]),
            "zone": _zone(request),
        },
    )


@form_methods
@login_required
def mailbox_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    _admin_only(request)
    mailbox = get_object_or_404(Mailbox, uuid=uuid) if uuid else None
    form = forms.MailboxForm(posted(request), mailbox=mailbox)
    if mailbox is not None and request.method == "GET":
        form.initial["routes"] = services.routes_text(mailbox)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            routes = services.parse_routes(c["routes"])
            mailbox = services.save_mailbox(
                actor=request.actor,
                mailbox=mailbox,
                data={k: c[k] for k in FIELDS if k in c and not form.fields[k].disabled},
                new_secrets={k: c[k] for k in services.SECRETS},
                routes=routes,
                default_client=c["default_client"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{mailbox.address} saved.")
            return redirect("mail:mailbox_edit", mailbox.uuid)
    return render(
        request,
        "mail/mailbox.html",
        {"mailbox": mailbox, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def mailbox_test(request: TandemRequest, uuid: str) -> HttpResponse:
    _admin_only(request)
    mailbox = get_object_or_404(Mailbox, uuid=uuid)
    for ok, text in services.test_connection(actor=request.actor, mailbox=mailbox):
        (messages.success if ok else messages.error)(request, text)
    return redirect("mail:mailbox_edit", mailbox.uuid)


@require_POST
@login_required
def mailbox_authorize(request: TandemRequest, uuid: str) -> HttpResponse:
    _admin_only(request)
    mailbox = get_object_or_404(Mailbox, uuid=uuid)
    try:
        url = services.authorize_url(actor=request.actor, mailbox=mailbox)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("mail:mailbox_edit", mailbox.uuid)
    return redirect(url)


@require_GET
@login_required
def oauth_callback(request: TandemRequest) -> HttpResponse:
    _admin_only(request)
    state, code = request.GET.get("state", ""), request.GET.get("code", "")
    if not code:
        said = request.GET.get("error_description") or request.GET.get("error") or "no code"
        messages.error(request, f"The provider did not authorize the mailbox: {said[:200]}")
        return redirect("mail:index")
    try:
        mailbox = services.finish_authorization(actor=request.actor, state=state, code=code)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("mail:index")
    messages.success(request, f"{mailbox.address} is authorized: Tandem can read and send.")
    return redirect("mail:mailbox_edit", mailbox.uuid)


@require_GET
@login_required
def triage(request: TandemRequest) -> HttpResponse:
    _triage_only(request)
    return render(
        request,
        "mail/triage.html",
        {
            "held": list(
                queries.held(request.actor).select_related("mailbox").order_by("-id")[:100]
            ),
            "zone": _zone(request),
        },
    )


@form_methods
@login_required
def held(request: TandemRequest, uuid: str) -> HttpResponse:
    _triage_only(request)
    message = get_object_or_404(queries.inbound(request.actor), uuid=uuid)
    practices = Organization.objects.filter(kind=OrgKind.CLIENT).order_by("name")
    form = forms.HeldForm(posted(request), practices=practices)
    if request.method == "POST":
        if message.outcome != Outcome.TRIAGE:
            messages.info(request, "Someone has already dealt with this message.")
            return redirect("mail:triage")
        if request.POST.get("discard") == "1":
            services.discard_held(actor=request.actor, inbound=message)
            messages.success(request, "Discarded: it stays stored, out of the queue.")
            return redirect("mail:triage")
        if form.is_valid():
            try:
                opened = services.open_from_held(
                    actor=request.actor,
                    inbound=message,
                    organization=form.cleaned_data["organization"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"{opened.reference} opened for its practice.")
                return redirect("desk:request_detail", opened.reference)
    text = InboundMessage.objects.filter(pk=message.pk).values_list("raw", flat=True).get()
    parsed = parsing.parse(bytes(text))
    return render(
        request,
        "mail/held.html",
        {
            "message": message,
            "form": form,
            "text": reply.visible(parsed.text) if parsed.text else "",
            "attachments": [a.filename for a in parsed.attachments],
            "zone": _zone(request),
        },
        status=422 if form.errors else 200,
    )
