from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from tandem.accounts.models import Organization
from tandem.accounts.permissions import can_read_audit
from tandem.accounts.queries import organization_for, organizations_for
from tandem.audit import queries, services
from tandem.audit.forms import EventFilterForm
from tandem.audit.models import AuditEvent
from tandem.core.csv import stream_rows
from tandem.core.http import TandemRequest
from tandem.core.pagination import keyset_page, parse_cursor

EXPORT_HEADER = [
    "organization",
    "position",
    "occurred_at",
    "actor",
    "verb",
    "target_type",
    "target_id",
    "target",
    "changes",
    "ip_address",
    "hash",
]


def _filtered(
    request: TandemRequest,
) -> tuple[EventFilterForm, Organization | None, QuerySet[AuditEvent]]:
    if not can_read_audit(request.actor):
        raise PermissionDenied
    form = EventFilterForm(request.GET)
    events = queries.events_for(request.actor)
    organization = None
    if form.is_valid():
        slug = form.cleaned_data.get("organization")
        organization = organization_for(request.actor, slug) if slug else None
        if organization is not None:
            events = events.filter(organization=organization)
        events = form.apply(events)
    return form, organization, events


@require_GET
@login_required
@vary_on_headers("HX-Request")
def event_list(request: TandemRequest) -> HttpResponse:
    form, organization, events = _filtered(request)
    if not form.is_valid():
        events = events.none()
    page = keyset_page(events, cursor=parse_cursor(request.GET.get("after")), limit=50)
    template = "audit/event_list.html" + ("#rows" if request.htmx else "")
    context = {
        "page": page,
        "form": form,
        "organization": organization,
        "filters": form.query_string() if form.is_valid() else "",
        "organizations": organizations_for(request.actor).only("name", "slug"),
    }
    return render(request, template, context, status=200 if form.is_valid() else 422)


@require_GET
@login_required
def event_export(request: TandemRequest) -> HttpResponseBase:
    """The filtered trail as CSV. The export is itself audited, in the chain of
    the person who made it, before the first row leaves."""
    form, organization, events = _filtered(request)
    if not form.is_valid():
        return render(request, "audit/event_list.html", {"form": form, "page": None}, status=422)
    own_org = request.actor.organization_id
    if own_org is None:  # only people export; the system actor has no chain of its own
        raise PermissionDenied
    with transaction.atomic():
        services.record(
            actor=request.actor,
            verb="audit.export",
            organization_id=own_org,
            target_label=organization.name if organization else "all organizations I may see",
            changes={"filters": [None, form.query_string()]},
        )
    rows = (
        (
            e.organization.slug,
            e.position,
            e.occurred_at.isoformat(),
            e.actor_label,
            e.verb,
            e.target_type,
            e.target_id,
            e.target_label,
            e.changes,
            e.ip_address,
            e.hash,
        )
        for e in events.order_by("organization_id", "position").iterator(chunk_size=1000)
    )
    response = StreamingHttpResponse(stream_rows(EXPORT_HEADER, rows), content_type="text/csv")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="tandem-audit-{stamp}.csv"'
    return response


@require_GET
@login_required
def chain_verify(request: TandemRequest) -> HttpResponse:
    if not can_read_audit(request.actor):
        raise PermissionDenied
    orgs = organizations_for(request.actor).only("name", "slug")
    slug = request.GET.get("organization", "")[:60]
    if slug:
        orgs = orgs.filter(pk=organization_for(request.actor, slug).pk)
    chosen = list(orgs)
    reports = services.verify([o.pk for o in chosen])
    return render(
        request, "audit/chain_verify.html", {"results": list(zip(chosen, reports, strict=True))}
    )
