"""The audit viewer: filters, CSV export (itself audited), one chain's verification."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone

from tandem.accounts import services
from tandem.audit.models import AuditEvent
from tandem.core.csv import safe_cell
from tandem.core.tenancy import SYSTEM


def rows_of(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_filters_by_person_action_record_and_date(world, actor_of):
    admin = world.people["client_admin_a"]
    services.update_person(actor=actor_of(admin), person=world.contact_a, job_title="Biller")
    client = world.client_for("client_admin_a")
    by_person = client.get("/audit/", {"person": "CLIENT_ADMIN_A@example.org"})
    assert by_person.status_code == 200
    assert {e.actor_id for e in by_person.context["page"].items} == {admin.pk}
    by_record = client.get("/audit/", {"record": str(world.contact_a.uuid)})
    assert {e.target_id for e in by_record.context["page"].items} == {str(world.contact_a.uuid)}
    assert {e.verb for e in by_record.context["page"].items} == {"person.create", "person.update"}
    by_verb = client.get("/audit/", {"verb": "invitation."})
    assert {e.verb for e in by_verb.context["page"].items} == {"invitation.create"}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert list(client.get("/audit/", {"since": tomorrow}).context["page"].items) == []


def test_bad_filters_answer_422_beside_the_field(world):
    response = world.client_for("client_admin_a").get("/audit/", {"since": "yesterday-ish"})
    assert response.status_code == 422
    assert "Enter a valid date." in response.content.decode()
    reversed_range = world.client_for("auditor_a").get(
        "/audit/", {"since": "2026-02-01", "until": "2026-01-01"}
    )
    assert reversed_range.status_code == 422


def test_the_export_is_csv_of_the_readers_own_practice_and_is_itself_audited(world):
    services.update_organization(actor=SYSTEM, organization=world.a, phone='=HYPERLINK("http://x")')
    response = world.client_for("auditor_a").get("/audit/export.csv")
    assert response["Content-Type"] == "text/csv"
    rows = rows_of(response)
    assert {r["organization"] for r in rows} == {"riverside"}
    phone_change = next(r for r in rows if "HYPERLINK" in r["changes"])
    assert not phone_change["changes"].startswith("=")
    export = AuditEvent.objects.filter(verb="audit.export").latest("id")
    assert export.organization_id == world.a.pk
    assert export.actor_id == world.people["auditor_a"].pk


def test_cells_that_look_like_formulas_are_escaped():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+1") == "'+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2") == "'-2"
    assert safe_cell("plain") == "plain"


def test_verify_this_chain_checks_the_one_organization(world):
    response = world.client_for("provider_admin").get(
        "/audit/verify/", {"organization": "riverside"}
    )
    assert [org.slug for org, _report in response.context["results"]] == ["riverside"]
    assert (
        world.client_for("client_admin_a")
        .get("/audit/verify/", {"organization": "lakeside"})
        .status_code
        == 404
    )


def test_the_api_filters_like_the_page(world):
    client = world.client_for("client_admin_a")
    response = client.get("/api/v1/audit-events", {"record": str(world.contact_a.uuid)})
    assert response.status_code == 200
    assert {e["target_id"] for e in response.json()["items"]} == {str(world.contact_a.uuid)}
    reversed_range = client.get(
        "/api/v1/audit-events", {"since": "2026-02-01", "until": "2026-01-01"}
    )
    assert reversed_range.status_code == 422
    assert "until" in reversed_range.json()["fields"]
