from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from tandem.accounts.permissions import can_read_audit
from tandem.accounts.queries import organization_for, organizations_for
from tandem.audit import queries, services
from tandem.core.http import TandemRequest
from tandem.core.pagination import keyset_page, parse_cursor


@require_GET
@login_required
@vary_on_headers("HX-Request")
def event_list(request: TandemRequest) -> HttpResponse:
    if not can_read_audit(request.actor):
        raise PermissionDenied
    events = queries.events_for(request.actor)
    org_slug = request.GET.get("organization", "")
    organization = organization_for(request.actor, org_slug) if org_slug else None
    if organization is not None:
        events = events.filter(organization=organization)
    verb = request.GET.get("verb", "").strip()[:64]
    if verb:
        events = events.filter(verb__startswith=verb)
    page = keyset_page(events, cursor=parse_cursor(request.GET.get("after")), limit=50)
    template = "audit/event_list.html" + ("#rows" if request.htmx else "")
    return render(
        request,
        template,
        {
            "page": page,
            "organization": organization,
            "verb": verb,
            "organizations": organizations_for(request.actor).only("name", "slug"),
        },
    )


@require_GET
@login_required
def chain_verify(request: TandemRequest) -> HttpResponse:
    if not can_read_audit(request.actor):
        raise PermissionDenied
    orgs = list(organizations_for(request.actor).only("name", "slug"))
    reports = services.verify([o.pk for o in orgs])
    return render(
        request, "audit/chain_verify.html", {"results": list(zip(orgs, reports, strict=True))}
    )
