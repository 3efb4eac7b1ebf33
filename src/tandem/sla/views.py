"""Pages of the SLA on a request: a provider lead explains a missed deadline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tandem.accounts.forms import TextForm
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, utf8_body
from tandem.desk import queries, views
from tandem.sla import breaches


class ExplainForm(TextForm):
    text = forms.CharField(
        max_length=breaches.MAX_EXPLANATION,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why (the practice reads it)",
    )

    def __init__(self, *args: Any, breach: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.breach = breach


@require_POST
@utf8_body
@login_required
def breach_explain(request: TandemRequest, ref: str, uuid: str) -> HttpResponse:
    actor = request.actor
    item = queries.request_for(actor, ref)
    breach = breaches.for_request(item).filter(uuid=uuid).first()
    if breach is None:
        raise Http404
    if not breaches.can_explain(actor):
        raise PermissionDenied
    form = ExplainForm(request.POST, breach=breach.uuid)
    if form.is_valid():
        try:
            breaches.explain(actor=actor, breach=breach, text=form.cleaned_data["text"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Saved: the practice sees why on the request.")
            return redirect("desk:request_detail", item.reference)
    return views.again(request, item, 422, explain_form=form)
