"""Pages for organizations, sites, people and invitations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from tandem.accounts import forms, permissions, queries, services
from tandem.accounts.models import Organization
from tandem.audit import queries as audit_queries
from tandem.core.csv import stream_rows
from tandem.core.http import TandemRequest
from tandem.core.views import attach_errors, form_methods, posted


def _manage(request: TandemRequest, organization_id: int) -> None:
    if not permissions.can_manage_org(request.actor, organization_id):
        raise PermissionDenied


@require_GET
@login_required
def home(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    if actor.is_provider:
        clients = queries.client_summaries(actor)
        return render(
            request,
            "accounts/home_provider.html",
            {
                "clients": clients,
                "pending_invitations": queries.invitations_for(actor).filter(
                    accepted_at=None, revoked_at=None
                )[:10],
            },
        )
    org = queries.organization_for(actor, request.user.organization.slug)  # type: ignore[union-attr]
    # The home page gathers the apps above this one: imported here, not at the top.
    from tandem.sla import figures

    return render(
        request,
        "accounts/home_client.html",
        {
            "organization": org,
            "sites": queries.sites_for(actor).filter(organization=org),
            "people_count": queries.people_for(actor)
            .filter(organization=org, is_active=True)
            .count(),
            "can_manage": permissions.can_manage_org(actor, org.pk),
            "service_levels": figures.recent([org]),
        },
    )


@require_POST
@login_required
def session_keepalive(request: TandemRequest) -> HttpResponse:
    """ "Stay signed in": a deliberate request, so it counts as activity."""
    return HttpResponse(status=204)


@require_POST
@login_required
def switch_client(request: TandemRequest) -> HttpResponse:
    slug = request.POST.get("client", "")
    if not request.actor.is_provider:
        raise PermissionDenied
    if slug:
        org = queries.visible_clients(request.actor).filter(slug=slug).first()
        if org is None:
            raise Http404
        request.session[queries.CURRENT_CLIENT_KEY] = org.slug
        target = reverse("accounts:organization_detail", args=[org.slug])
    else:
        request.session.pop(queries.CURRENT_CLIENT_KEY, None)
        target = reverse("home")
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


@require_GET
@login_required
def client_list(request: TandemRequest) -> HttpResponse:
    if not request.actor.is_provider:
        raise PermissionDenied
    clients = queries.visible_clients(request.actor).prefetch_related("sites")
    return render(request, "accounts/client_list.html", {"clients": clients})


@form_methods
@login_required
def client_create(request: TandemRequest) -> HttpResponse:
    if not permissions.can_manage_clients(request.actor):
        raise PermissionDenied
    form = forms.ClientForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_client(actor=request.actor, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, f"{org.name} was added. Next: add its sites and invite its practice admin."
            )
            return redirect("accounts:organization_detail", org.slug)
    return render(
        request, "accounts/client_form.html", {"form": form}, status=422 if form.errors else 200
    )


@require_GET
@login_required
def organization_detail(request: TandemRequest, slug: str) -> HttpResponse:
    org = queries.organization_for(request.actor, slug)
    actor = request.actor
    people = queries.people_for(actor).filter(organization=org).order_by("-is_active", "full_name")
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "organization": org,
            "sites": queries.sites_for(actor).filter(organization=org),
            "people": people,
            "invitations": queries.invitations_for(actor).filter(
                organization=org, accepted_at=None, revoked_at=None
            ),
            "can_manage": permissions.can_manage_org(actor, org.pk),
            "staff_view": actor.is_provider,
            "emergency_accesses": queries.emergency_accesses_for(actor).filter(organization=org)[
                :10
            ],
            "security_official": org.security_official,
            "privacy_official": org.privacy_official,
        },
    )


@form_methods
@login_required
def organization_edit(request: TandemRequest, slug: str) -> HttpResponse:
    org = queries.organization_for(request.actor, slug)
    _manage(request, org.pk)
    initial = {
        "name": org.name,
        "phone": org.phone,
        "internal_notes": org.internal_notes,
        "idle_timeout_minutes": org.idle_timeout_minutes,
        "require_mfa": org.require_mfa,
        "security_official": getattr(org.security_official, "uuid", None),
        "privacy_official": getattr(org.privacy_official, "uuid", None),
    }
    form = forms.OrganizationForm(
        posted(request), initial=initial, organization=org, staff=request.actor.is_provider
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(actor=request.actor, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("accounts:organization_detail", org.slug)
    return render(
        request,
        "accounts/organization_form.html",
        {"form": form, "organization": org},
        status=422 if form.errors else 200,
    )


@form_methods
@login_required
def site_create(request: TandemRequest, slug: str) -> HttpResponse:
    org = queries.organization_for(request.actor, slug)
    _manage(request, org.pk)
    form = forms.SiteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_site(
                actor=request.actor,
                organization=org,
                hours=form.cleaned_data["hours"],
                low_impact=form.cleaned_data["low_impact"],
                **form.site_fields(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Site added.")
            return redirect("accounts:organization_detail", org.slug)
    return render(
        request,
        "accounts/site_form.html",
        {"form": form, "organization": org},
        status=422 if form.errors else 200,
    )


@form_methods
@login_required
def site_edit(request: TandemRequest, uuid: str) -> HttpResponse:
    site = queries.site_for(request.actor, uuid)
    _manage(request, site.organization_id)
    initial = {f: getattr(site, f) for f in services.SITE_FIELDS}
    form = forms.SiteForm(posted(request), initial=initial, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_site(
                actor=request.actor,
                site=site,
                hours=form.cleaned_data["hours"],
                low_impact=form.cleaned_data["low_impact"],
                **form.site_fields(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Site saved.")
            return redirect("accounts:organization_detail", site.organization.slug)
    return render(
        request,
        "accounts/site_form.html",
        {"form": form, "organization": site.organization, "site": site},
        status=422 if form.errors else 200,
    )


@form_methods
@login_required
def invitation_create(request: TandemRequest, slug: str) -> HttpResponse:
    org = queries.organization_for(request.actor, slug)
    _manage(request, org.pk)
    form = forms.InviteForm(posted(request), organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invite(
                actor=request.actor, organization=org, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Invitation emailed to {invitation.email}.")
            return redirect("accounts:organization_detail", org.slug)
    return render(
        request,
        "accounts/invitation_form.html",
        {"form": form, "organization": org},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def invitation_revoke(request: TandemRequest, uuid: str) -> HttpResponse:
    invitation = queries.invitation_for(request.actor, uuid)
    _manage(request, invitation.organization_id)
    services.revoke_invitation(actor=request.actor, invitation=invitation)
    messages.success(request, f"Invitation for {invitation.email} revoked.")
    return redirect("accounts:organization_detail", invitation.organization.slug)


@form_methods
def invitation_accept(request: TandemRequest, token: str) -> HttpResponse:
    """GET shows the form (mail scanners open links); only POST accepts."""
    if request.user.is_authenticated:
        # Accepting would sign this browser in as someone else; ask to sign out first.
        messages.error(
            request, "You are signed in. Sign out first, then open the invitation link again."
        )
        return redirect("home")
    invitation = services.invitation_by_token(token)
    if invitation is None or invitation.state != "pending":
        state = invitation.state if invitation else "unknown"
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"state": state},
            status=410 if invitation else 404,
        )
    form = forms.AcceptInvitationForm(
        posted(request), person=invitation.person, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.accept_invitation(
                token=token,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            login(request, person, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, f"Welcome to Tandem, {person.full_name}.")
            return redirect("home")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=422 if form.errors else 200,
    )


@form_methods
@login_required
def contact_create(request: TandemRequest, slug: str) -> HttpResponse:
    org = queries.organization_for(request.actor, slug)
    _manage(request, org.pk)
    form = forms.ContactForm(posted(request), organization=org)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                actor=request.actor, organization=org, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"{person.full_name} added as a contact (no sign-in).")
            return redirect("accounts:organization_detail", org.slug)
    return render(
        request,
        "accounts/contact_form.html",
        {"form": form, "organization": org},
        status=422 if form.errors else 200,
    )


@form_methods
@login_required
def person_detail(request: TandemRequest, uuid: str) -> HttpResponse:
    person = queries.person_for(request.actor, uuid)
    can_manage = permissions.can_manage_org(request.actor, person.organization_id)
    initial = {
        "full_name": person.full_name,
        "phone": person.phone,
        "job_title": person.job_title,
        "role": person.role,
        "site": getattr(person.site, "uuid", None),
    }
    form = forms.PersonForm(posted(request), initial=initial, person=person)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_person(actor=request.actor, person=person, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "Saved.")
                return redirect("accounts:person_detail", person.uuid)
    assignments = None
    if person.is_provider_staff and permissions.can_manage_clients(request.actor):
        assignments = forms.AssignmentsForm(
            initial={
                "restricted": person.restricted_to_assigned,
                "clients": list(person.assigned_clients.values_list("slug", flat=True)),
            }
        )
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "form": form if can_manage else None,
            "can_manage": can_manage,
            "assignments": assignments,
            "is_self": person.pk == request.actor.person_id,
            "sign_ins": audit_queries.sign_ins_of(person)
            if person.pk == request.actor.person_id
            else [],
        },
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def person_assignments(request: TandemRequest, uuid: str) -> HttpResponse:
    person = queries.person_for(request.actor, uuid)
    if not (person.is_provider_staff and permissions.can_manage_clients(request.actor)):
        raise PermissionDenied
    form = forms.AssignmentsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose practices from the list.")
        return redirect("accounts:person_detail", person.uuid)
    services.set_assignments(
        actor=request.actor,
        person=person,
        restricted=form.cleaned_data["restricted"],
        clients=list(form.cleaned_data["clients"]),
    )
    messages.success(request, "Assignments saved.")
    return redirect("accounts:person_detail", person.uuid)


@require_POST
@login_required
def person_deactivate(request: TandemRequest, uuid: str) -> HttpResponse:
    person = queries.person_for(request.actor, uuid)
    _manage(request, person.organization_id)
    try:
        services.deactivate(actor=request.actor, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{person.full_name} is deactivated and signed out everywhere.")
    return redirect("accounts:person_detail", person.uuid)


@require_POST
@login_required
def person_reactivate(request: TandemRequest, uuid: str) -> HttpResponse:
    person = queries.person_for(request.actor, uuid)
    _manage(request, person.organization_id)
    services.reactivate(actor=request.actor, person=person)
    messages.success(request, f"{person.full_name} is active again.")
    return redirect("accounts:person_detail", person.uuid)


@form_methods
@login_required
def provider_settings(request: TandemRequest) -> HttpResponse:
    if not permissions.can_manage_clients(request.actor):
        raise PermissionDenied
    org = services.provider()
    if org is None:
        raise Http404
    initial = {
        f: getattr(org, f) for f in ("name", "support_phone", "support_email", "support_hours")
    }
    files = request.FILES if request.method == "POST" else None
    form = forms.BrandingForm(posted(request), files, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        logo = data.pop("logo")
        name = data.pop("name")
        if logo:
            data["logo"], data["logo_content_type"] = logo
        try:
            services.update_organization(actor=request.actor, organization=org, name=name)
            services.update_branding(actor=request.actor, organization=org, **data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Provider settings saved.")
            return redirect("accounts:provider_settings")
    return render(
        request,
        "accounts/provider_settings.html",
        {"form": form, "organization": org},
        status=422 if form.errors else 200,
    )


@require_GET
def provider_logo(request: TandemRequest) -> HttpResponse:
    org = Organization.objects.filter(kind="provider").only("logo", "logo_content_type").first()
    if org is None or not org.logo:
        raise Http404
    response = HttpResponse(bytes(org.logo), content_type=org.logo_content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response


@form_methods
@login_required
def emergency_access(request: TandemRequest) -> HttpResponse:
    """Break glass: see one's grants and open a practice for a few hours."""
    if not request.actor.is_provider:
        raise PermissionDenied
    form = forms.EmergencyAccessForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.grant_emergency_access(actor=request.actor, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                f"You can see {grant.organization.name} until "
                f"{timezone.localtime(grant.expires_at):%H:%M UTC}. Its admins have been told.",
            )
            return redirect("accounts:organization_detail", grant.organization.slug)
    grants = queries.emergency_accesses_for(request.actor).filter(
        person_id=request.actor.person_id or 0
    )
    return render(
        request,
        "accounts/emergency_access.html",
        {"form": form, "grants": grants[:20], "sees_all": request.actor.all_orgs},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def emergency_access_end(request: TandemRequest, uuid: str) -> HttpResponse:
    grant = queries.emergency_access_for(request.actor, uuid)
    services.end_emergency_access(actor=request.actor, grant=grant)
    messages.success(request, f"Emergency access of {grant.person} to {grant.organization} ended.")
    if request.actor.can_see(grant.organization_id):
        return redirect("accounts:organization_detail", grant.organization.slug)
    return redirect("accounts:emergency_access")


def _access_review(request: TandemRequest) -> tuple[Organization | None, Any, Any]:
    if not permissions.can_review_access(request.actor):
        raise PermissionDenied
    people = queries.access_review(request.actor)
    integrations = queries.service_accounts_for_review(request.actor)
    slug = request.GET.get("organization", "")[:60]
    organization = queries.organization_for(request.actor, slug) if slug else None
    if organization is not None:
        people = people.filter(organization=organization)
        integrations = integrations.filter(organization=organization)
    return organization, people, integrations


@require_GET
@login_required
def access_review(request: TandemRequest) -> HttpResponse:
    organization, people, integrations = _access_review(request)
    return render(
        request,
        "accounts/access_review.html",
        {
            "people": people,
            "service_accounts": integrations,
            "organization": organization,
            "organizations": queries.organizations_for(request.actor).only("name", "slug"),
        },
    )


@require_GET
@login_required
def access_review_export(request: TandemRequest) -> HttpResponseBase:
    organization, people, integrations = _access_review(request)
    rows: list[tuple[object, ...]] = [
        (
            "person",
            p.organization.name,
            p.full_name,
            p.email,
            p.get_role_display(),
            "active" if p.is_active else "deactivated",
            "yes" if p.has_usable_password() else "no",
            p.last_login.isoformat() if p.last_login else "",
            "yes" if p.second_factors else "no",
            p.live_tokens,
        )
        for p in people
    ]
    # Service accounts: no password, no second factor; "last sign-in" is
    # their tokens' last use.
    rows += [
        (
            "service account",
            a.organization.name,
            a.name,
            "",
            a.role_label,
            "active" if a.is_active else "deactivated",
            "no",
            a.last_used_at.isoformat() if a.last_used_at else "",
            "n/a",
            a.live_tokens,
        )
        for a in integrations
    ]
    services.record_access_review_export(
        actor=request.actor,
        scope_label=organization.name if organization else "everyone I see",
        rows=len(rows),
    )
    header = [
        "kind",
        "organization",
        "name",
        "email",
        "role",
        "status",
        "can_sign_in",
        "last_sign_in",
        "second_factor",
        "live_api_tokens",
    ]
    response = StreamingHttpResponse(stream_rows(header, rows), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="tandem-access-review.csv"'
    return response
