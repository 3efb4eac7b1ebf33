"""Pages for an organization's service accounts and their tokens (admins only)."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from tandem.accounts import queries as accounts
from tandem.api import queries, services
from tandem.api.forms import ServiceAccountForm, TokenForm
from tandem.api.models import ServiceAccount
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted


def _managed(request: TandemRequest, uuid: str) -> ServiceAccount:
    account = queries.service_account_for(request.actor, uuid)
    if not services.can_manage(request.actor, account.organization_id):
        raise PermissionDenied
    return account


@form_methods
@login_required
def service_account_list(request: TandemRequest, slug: str) -> HttpResponse:
    """The organization's service accounts, and the form to add one."""
    org = accounts.organization_for(request.actor, slug)
    if not services.can_manage(request.actor, org.pk):
        raise PermissionDenied
    form = ServiceAccountForm(posted(request), organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_service_account(
                actor=request.actor, organization=org, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Service account {account.name} added: now make it a token.")
            return redirect("service_accounts:detail", account.uuid)
    return render(
        request,
        "api/service_account_list.html",
        {
            "organization": org,
            "accounts": queries.service_accounts_for(request.actor).filter(organization=org),
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@require_GET
@login_required
def service_account_detail(request: TandemRequest, uuid: str) -> HttpResponse:
    account = _managed(request, uuid)
    return render(
        request,
        "api/service_account_detail.html",
        {"account": account, "tokens": account.tokens.select_related("created_by")[:50]},
    )


@form_methods
@login_required
def service_account_token_create(request: TandemRequest, uuid: str) -> HttpResponse:
    """Who may is decided first (a member is refused, not asked for a password),
    then, like personal tokens, making one asks for the password again."""
    account = _managed(request, uuid)
    response: HttpResponse = _token_form(request, account)
    return response


@reauthentication_required
def _token_form(request: TandemRequest, account: ServiceAccount) -> HttpResponse:
    form = TokenForm(posted(request))
    form.fields[
        "scopes"
    ].help_text = f"The token can do only these, and never more than the role {account.role_label}."
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.create_service_account_token(
                actor=request.actor, account=account, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            # Shown once, in this response only; only its keyed hash is stored.
            return render(
                request,
                "api/token_created.html",
                {"token": token, "raw": raw, "account": account},
            )
    return render(
        request,
        "api/token_form.html",
        {"form": form, "account": account},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def service_account_token_revoke(request: TandemRequest, uuid: str, token: str) -> HttpResponse:
    account = _managed(request, uuid)
    row = get_object_or_404(account.tokens.all(), uuid=token)
    services.revoke_token(actor=request.actor, token=row)
    messages.success(request, f"Token {row.name} revoked: it stops working at once.")
    return redirect("service_accounts:detail", account.uuid)


@require_POST
@login_required
def service_account_deactivate(request: TandemRequest, uuid: str) -> HttpResponse:
    account = _managed(request, uuid)
    services.deactivate_service_account(actor=request.actor, account=account)
    messages.success(request, f"{account.name} deactivated: its tokens stopped working.")
    return redirect("service_accounts:list", account.organization.slug)
