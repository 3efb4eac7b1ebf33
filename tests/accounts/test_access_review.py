"""Access reviews: who can get in, with what, for practice admins and provider admins."""

from __future__ import annotations

import csv
import io

from tandem.audit.models import AuditEvent
from tests.conftest import enroll_totp


def test_a_practice_admin_reviews_their_practice_only(world):
    enroll_totp(world.people["client_member_a"])
    response = world.client_for("client_admin_a").get("/access-review/")
    people = {p.email: p for p in response.context["people"]}
    assert {p.organization_id for p in people.values()} == {world.a.pk}
    assert people["client_member_a@example.org"].second_factors == 1
    assert people["auditor_a@example.org"].second_factors == 0
    assert people["client_admin_a@example.org"].live_tokens == 1  # the world's dashboard token
    assert people["client_admin_a@example.org"].last_login is not None  # signed in to look


def test_a_provider_admin_reviews_everyone_or_one_practice(world):
    client = world.client_for("provider_admin")
    everyone = {p.organization_id for p in client.get("/access-review/").context["people"]}
    assert {world.provider.pk, world.a.pk, world.b.pk} <= everyone
    one = client.get("/access-review/", {"organization": "lakeside"}).context["people"]
    assert {p.organization_id for p in one} == {world.b.pk}


def test_the_export_is_escaped_csv_and_is_audited(world):
    response = world.client_for("client_admin_a").get("/access-review/export.csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["organization"] for r in rows} == {"Riverside Clinic"}
    integration = next(r for r in rows if r["kind"] == "service account")
    assert (integration["name"], integration["live_api_tokens"]) == ("Riverside monitoring", "1")
    assert {"email", "role", "last_sign_in", "second_factor", "live_api_tokens"} <= set(rows[0])
    event = AuditEvent.objects.filter(verb="access_review.export", organization=world.a).latest(
        "id"
    )
    assert event.changes == {"rows": [None, len(rows)]}


def test_members_and_technicians_cannot_review(world):
    for persona in ("client_member_a", "auditor_a", "technician_a"):
        assert world.client_for(persona).get("/access-review/").status_code == 403


def test_service_accounts_are_reviewed_beside_people(world):
    client = world.client_for("client_admin_a")
    mine = client.get("/access-review/").context["service_accounts"]
    assert [(a.name, a.live_tokens) for a in mine] == [("Riverside monitoring", 1)]
    everyone = world.client_for("provider_admin").get("/access-review/").context["service_accounts"]
    assert {a.organization_id for a in everyone} == {world.a.pk, world.b.pk}
