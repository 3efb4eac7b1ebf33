"""Pages for one's own API tokens."""

from __future__ import annotations

from typing import cast

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts.models import Person
from tandem.api import services
from tandem.api.forms import TokenForm
from tandem.api.models import ApiToken
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted


def _own_tokens(request: TandemRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person=cast(Person, request.user))


@require_GET
@login_required
def token_list(request: TandemRequest) -> HttpResponse:
    return render(request, "api/token_list.html", {"tokens": _own_tokens(request)[:50]})


@form_methods
@login_required
@reauthentication_required
def token_create(request: TandemRequest) -> HttpResponse:
    """Making a token asks for the password again (allauth's re-authentication)."""
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.create_token(actor=request.actor, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            # Shown once, in this response only; only its keyed hash is stored.
            return render(request, "api/token_created.html", {"token": token, "raw": raw})
    return render(
        request, "api/token_form.html", {"form": form}, status=422 if form.errors else 200
    )


@require_POST
@login_required
def token_revoke(request: TandemRequest, uuid: str) -> HttpResponse:
    token = get_object_or_404(_own_tokens(request), uuid=uuid)
    services.revoke_token(actor=request.actor, token=token)
    messages.success(request, f"Token {token.name} revoked: it stops working at once.")
    return redirect("api_tokens:token_list")
