"""Pages for permanent redaction (provider admins): remove a passage from a
request, after a preview of where it is; delete an attached file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted
from tandem.desk import forms, queries, redaction


def _admin(request: TandemRequest) -> None:
    if not redaction.can_redact(request.actor):
        raise PermissionDenied


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _places(found: redaction.Found) -> str:
    places = [_count(found.messages, "message")]
    if found.revisions:
        places.append(_count(found.revisions, "earlier version"))
    if found.outbox:
        places.append(_count(found.outbox, "email") + " in the outbox")
    return ", ".join(places)


@form_methods
@login_required
def request_redact(request: TandemRequest, ref: str) -> HttpResponse:
    """Step one shows where the text is (nothing changes); step two, with
    `confirm`, removes it for good."""
    item = queries.request_for(request.actor, ref)
    _admin(request)
    form = forms.RedactForm(posted(request))
    found = None
    if request.method == "POST" and form.is_valid():
        passage, reason = form.cleaned_data["passage"], form.cleaned_data["reason"]
        if request.POST.get("confirm") == "1":
            try:
                done = redaction.redact_text(
                    actor=request.actor, request=item, passage=passage, reason=reason
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"Removed for good from {_places(done)}.")
                return redirect("desk:request_detail", item.reference)
        else:
            found = redaction.find(item, passage)
            if not found.anywhere:
                form.add_error(
                    "passage", f"This text is not in {item.reference}'s messages or their history."
                )
                found = None
    return render(
        request,
        "desk/redact.html",
        {"form": form, "item": item, "found": found, "marker": redaction.MARKER},
        status=422 if form.errors else 200,
    )


@form_methods
@login_required
def attachment_delete(request: TandemRequest, ref: str, uuid: str) -> HttpResponse:
    item = queries.request_for(request.actor, ref)
    attachment = queries.attachment_for(request.actor, item, uuid)
    _admin(request)
    form = forms.DeleteFileForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            redaction.delete_file(
                actor=request.actor, attachment=attachment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "The file is deleted for good.")
            return redirect("desk:request_detail", item.reference)
    return render(
        request,
        "desk/file_delete.html",
        {"form": form, "item": item, "attachment": attachment},
        status=422 if form.errors else 200,
    )
