"""Pages for canned replies: the list, the editor, and applying one to a
request (a preview first: GET shows what it will send and do, POST does it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts.models import Person
from tandem.accounts.permissions import PROVIDER_LEADS
from tandem.core import markdown
from tandem.core.exceptions import Conflict
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted
from tandem.desk import forms, macros, permissions, queries
from tandem.desk.choices import Priority, Status
from tandem.desk.models import Macro


def _staff(request: TandemRequest) -> Any:
    if not permissions.works_the_desk(request.actor):
        raise PermissionDenied
    return request.actor


def _macro(actor: Any, uuid: Any) -> Macro:
    try:
        return macros.macro_for(actor, uuid)
    except Macro.DoesNotExist:
        raise Http404 from None


@require_GET
@login_required
def macro_list(request: TandemRequest) -> HttpResponse:
    actor = _staff(request)
    return render(
        request,
        "desk/macro_list.html",
        {
            "macros": macros.macros_for(actor),
            "placeholders": macros.PLACEHOLDERS,
            "can_share": actor.role in PROVIDER_LEADS,
        },
    )


@form_methods
@login_required
def macro_edit(request: TandemRequest, uuid: str | None = None) -> HttpResponse:
    actor = _staff(request)
    macro = _macro(actor, uuid) if uuid else None
    can_share = actor.role in PROVIDER_LEADS
    if macro is not None and not macros.can_edit(actor, macro, shared=macro.owner_id is None):
        raise PermissionDenied
    initial: dict[str, Any] = {"shared": can_share}
    if macro is not None:
        initial = {
            "name": macro.name,
            "body": macro.body,
            "shared": macro.owner_id is None,
            "set_status": macro.set_status,
            "set_priority": macro.set_priority or "",
        }
    form = forms.MacroForm(posted(request), initial=initial, can_share=can_share)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = macros.save_macro(
                actor=actor,
                macro=macro,
                name=data["name"],
                body=data["body"],
                shared=bool(data.get("shared")),
                set_status=data["set_status"],
                set_priority=data["set_priority"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"“{saved.name}” saved.")
            return redirect("desk:macro_list")
    return render(
        request,
        "desk/macro_edit.html",
        {"form": form, "macro": macro},
        status=422 if form.errors else 200,
    )


@require_GET
@login_required
def macro_preview(request: TandemRequest, ref: str) -> HttpResponse:
    """What the chosen canned reply will send on this request, and what else it changes."""
    item = queries.request_for(request.actor, ref)  # another practice's: 404 first
    actor = _staff(request)
    wanted = request.GET.get("macro", "")
    macro = macros.macros_for(actor).filter(uuid=wanted).first() if _is_uuid(wanted) else None
    if macro is None:
        messages.error(request, "Choose a canned reply from the list.")
        return redirect("desk:request_detail", item.reference)
    technician = Person.objects.filter(pk=actor.person_id or 0).first()
    text = macros.fill(macro.body, macros.values_for(item, technician))
    return render(
        request,
        "desk/macro_preview.html",
        {
            "item": item,
            "macro": macro,
            "html": markdown.render(text),
            "status_label": Status(macro.set_status).label if macro.set_status else "",
            "priority_label": Priority(macro.set_priority).label if macro.set_priority else "",
        },
    )


@require_POST
@login_required
def macro_apply(request: TandemRequest, ref: str, uuid: str) -> HttpResponse:
    item = queries.request_for(request.actor, ref)
    actor = _staff(request)
    macro = _macro(actor, uuid)
    version = request.POST.get("version", "")
    try:
        if not (version.isdigit() and len(version) < 10):
            raise ValidationError({"version": "Reload the request and choose the reply again."})
        macros.apply(actor=actor, macro=macro, request=item, version=int(version))
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect("desk:request_detail", item.reference)
    except ValidationError as exc:
        text = "; ".join(m for msgs in exc.message_dict.values() for m in msgs)
        return render(
            request,
            "desk/macro_preview.html",
            {"item": item, "macro": macro, "error": text},
            status=422,
        )
    messages.success(request, f"“{macro.name}” sent.")
    return redirect("desk:request_detail", item.reference)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
