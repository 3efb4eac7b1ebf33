"""The "always there" page of a practice: how to reach the provider now,
who is on call (a name, never a personal number), whether it is inside the
practice's business hours, what its contract promises, how those promises
went lately, and who is on each of its requests that paged someone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tandem.accounts.models import Organization, Person
from tandem.accounts.services import provider
from tandem.core.http import TandemRequest
from tandem.oncall import paging, queries
from tandem.oncall.models import OnCallPage
from tandem.sla import clocks, display, figures
from tandem.sla.choices import ClockKind, Coverage

RECENT_PAGES = timedelta(days=7)


def _targets(organization: Organization, now: Any) -> tuple[Any, list[dict[str, Any]]]:
    contract = clocks.contract_for(organization.pk, now.date())
    policy = contract.policy if contract is not None else clocks.default_policy()
    rows = []
    for priority in (1, 2, 3, 4):
        first, coverage = clocks.target(policy, priority, ClockKind.FIRST_RESPONSE)
        resolution, _ = clocks.target(policy, priority, ClockKind.RESOLUTION)
        rows.append(
            {
                "priority": priority,
                "first_response": display.duration(timedelta(minutes=first)),
                "resolution": display.duration(timedelta(minutes=resolution)),
                "coverage": Coverage(coverage).label,
            }
        )
    return contract, rows


@require_GET
@login_required
def support(request: TandemRequest) -> HttpResponse:
    actor = request.actor
    if not actor.is_client or actor.organization_id is None:
        raise PermissionDenied
    organization = Organization.objects.get(pk=actor.organization_id)
    now = timezone.now()
    contract, targets = _targets(organization, now)
    calendar = contract.calendar if contract is not None else clocks.default_calendar()
    pages = (
        OnCallPage.objects.filter(organization=organization, created_at__gte=now - RECENT_PAGES)
        .select_related("request", "acknowledged_by")
        .order_by("-created_at")[:10]
    )
    return render(
        request,
        "oncall/support.html",
        {
            "organization": organization,
            "provider": provider(),
            "inside_hours": paging.inside_hours(organization.pk, now),
            "calendar": calendar,
            "contract": contract,
            "on_call": [p for _r, p in queries.on_call_now_everywhere(now) if p is not None],
            "targets": targets,
            "service_levels": figures.recent([organization]),
            "pages": pages,
            "zone": Person.objects.get(pk=actor.person_id or 0).zone(),
        },
    )
