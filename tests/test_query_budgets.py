"""Pages and API lists cost the same number of queries for 3 rows as for 30:
no query per row (N+1)."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.accounts import services
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import Role
from tandem.api import services as api_services
from tandem.collab import concerns, decisions
from tandem.collab.models import Concern, Decision
from tandem.core.tenancy import SYSTEM
from tandem.desk import services as desk
from tests.collab.helpers import (
    action_of,
    approved_of,
    concern_of,
    draft_of,
    proposed_of,
    sign_as,
    submitted_of,
)

HOURS = {d: (time(8), time(17)) for d in range(5)}

PAGES = [
    ("provider_admin", "/"),
    ("client_admin_a", "/"),
    ("provider_admin", "/clients/"),
    ("provider_admin", "/clients/riverside/"),
    ("client_admin_a", "/clients/riverside/"),
    ("client_admin_a", "/audit/"),
    ("provider_admin", "/api/v1/people"),
    ("provider_admin", "/api/v1/sites"),
    ("provider_admin", "/api/v1/organizations"),
    ("client_admin_a", "/api/v1/audit-events"),
    ("provider_admin", "/access-review/"),
    ("provider_admin", "/emergency-access/"),
    ("client_admin_a", "/clients/riverside/service-accounts/"),
    ("provider_admin", "/api/v1/service-accounts"),
    ("technician_a", "/requests/?queue=active"),
    ("client_admin_a", "/requests/?show=practice"),
    ("provider_admin", "/api/v1/requests"),
    ("technician_a", "REQUEST_A"),
    ("client_member_a", "REQUEST_A"),
    ("technician_a", "REQUEST_A_MESSAGES"),
    ("client_admin_a", "/decisions/"),
    ("provider_admin", "/decisions/?practice=riverside&q=laptop"),
    ("provider_admin", "/api/v1/decisions"),
    ("client_admin_a", "DECISION_A"),
    ("auditor_a", "/api/v1/decisions/DECISION_A_ID"),
    ("auditor_a", "/decisions/log/riverside.pdf"),
    ("provider_admin", "/changes/"),
    ("client_admin_a", "/changes/"),
    ("provider_admin", "/api/v1/changes"),
    ("client_admin_a", "CHANGE_A"),
    ("client_admin_a", "/actions/"),
    ("provider_admin", "/actions/?practice=riverside&view=board"),
    ("provider_admin", "/api/v1/actions"),
    ("provider_admin", "/concerns/"),
    ("client_admin_a", "/concerns/?closed=1"),
    ("provider_admin", "/api/v1/concerns"),
    ("client_member_a", "CONCERN_A"),
]


def grow(world, n: int, *, collab: bool = False) -> None:
    """Add n sites, n people and n practices (and their audit events)."""
    start = world.a.sites.count()
    admin = actor_for(world.people["client_admin_a"])
    member = actor_for(world.people["client_member_a"])
    tech = actor_for(world.people["technician_a"])
    for i in range(start, start + n):
        services.create_site(actor=SYSTEM, organization=world.a, name=f"Site {i}", hours=HOURS)
        services.create_person(
            actor=SYSTEM,
            organization=world.a,
            email=f"p{i}@a.example",
            full_name=f"Person {i}",
            role=Role.CLIENT_MEMBER,
        )
        services.create_client(actor=SYSTEM, name=f"Practice {i}")
        account = api_services.create_service_account(
            actor=SYSTEM, organization=world.a, name=f"Integration {i}", role=Role.CLIENT_MEMBER
        )
        api_services.create_service_account_token(
            actor=admin, account=account, name=f"Token {i}", scopes=["accounts:read"], days=9
        )
        raised = desk.open_request(
            actor=member,
            organization=world.a,
            subject=f"Request {i}",
            body="Something broke.",
            category="other",
            impact="question",
        )
        desk.assign(actor=tech, request=raised, assignee=world.people["technician_a"])
        desk.add_message(actor=tech, request=world.request_a, body=f"Reply {i}")
        desk.add_message(actor=tech, request=world.request_a, body=f"Note {i}", kind="internal")
        if collab:
            # One more decision in the log and file on the first; one more change.
            first = Decision.objects.filter(organization=world.a).order_by("number").first()
            decisions.add_files(
                actor=tech, decision=first, uploads=[SimpleUploadedFile(f"q{i}.pdf", b"%PDF-1.4")]
            )
            draft_of(world, title=f"Encrypt laptop {i}")
            submitted_of(world, title=f"Patch server {i}")
            action_of(world, owner="technician_a" if i % 2 else "client_member_a")
            # One more concern; two more steps in the first one's history.
            concern_of(world, title=f"Slow PCs {i}")
            first_concern = Concern.objects.get(title="The first concern")
            pat, mel = (actor_for(world.people[p]) for p in ("provider_admin", "client_member_a"))
            concerns.respond(actor=pat, concern=first_concern, text=f"Answer {i}")
            concerns.confirm(actor=mel, concern=first_concern, addressed=False, comment="No")


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_a_page_costs_the_same_queries_for_3_rows_as_for_30(world, persona, path):
    ref = world.request_a.reference
    collab = any(k in path for k in ("DECISION", "CHANGE", "CONCERN", "/decisions", "/changes",
                                     "/actions", "/concerns"))  # fmt: skip
    if collab:
        decision = proposed_of(world)
        sign_as(world, "client_admin_a", decision)
        change = approved_of(world)
        concern = concern_of(world, title="The first concern")
        path = path.replace("DECISION_A_ID", str(decision.uuid))
        path = {
            "CHANGE_A": f"/changes/{change.uuid}/",
            "DECISION_A": f"/decisions/{decision.uuid}/",
            "CONCERN_A": f"/concerns/{concern.uuid}/",
        }.get(path, path)
    path = {
        "REQUEST_A": f"/requests/{ref}/",
        "REQUEST_A_MESSAGES": f"/api/v1/requests/{ref}/messages",
    }.get(path, path)
    client = world.client_for(persona)
    client.get(path)  # the first request of a session does one-off checks (second factor)
    grow(world, 3, collab=collab)
    small = queries(client, path)
    grow(world, 27, collab=collab)
    assert queries(client, path) == small
