"""A missed deadline explained: a provider lead says why, on the request page
or through the API; the practice reads it; anyone else is refused; bad input
is named and changes nothing; each explanation is audited."""

from __future__ import annotations

import pytest

from tandem.audit.models import AuditEvent
from tandem.sla.models import Breach
from tests.sla.helpers import breach_of

pytestmark = pytest.mark.django_db


def missed(world, side: str = "own") -> Breach:
    return breach_of(world, side)


def test_a_lead_explains_on_the_page_and_the_practice_reads_it(world):
    breach = missed(world)
    ref = world.request_a.reference
    url = f"/requests/{ref}/sla/breaches/{breach.uuid}/explain/"
    admin = world.client_for("provider_admin")
    assert "Explain this miss to the practice" in admin.get(f"/requests/{ref}/").content.decode()
    response = admin.post(url, {"text": "The on-call phone was misrouted; fixed."})
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.annotation == "The on-call phone was misrouted; fixed."
    page = world.client_for("client_member_a").get(f"/requests/{ref}/").content.decode()
    assert "Deadline missed." in page
    assert "Why: The on-call phone was misrouted; fixed." in page
    assert "Explain this miss" not in page
    event = AuditEvent.objects.get(verb="sla.breach_explain")
    assert event.changes["explanation"] == [None, "The on-call phone was misrouted; fixed."]


def test_only_provider_leads_explain(world):
    breach = missed(world)
    url = f"/requests/{world.request_a.reference}/sla/breaches/{breach.uuid}/explain/"
    for persona in ("technician_a", "client_admin_a", "client_member_a"):
        assert world.client_for(persona).post(url, {"text": "x"}).status_code == 403
    assert world.client_for("client_admin_b").post(url, {"text": "x"}).status_code == 404
    breach.refresh_from_db()
    assert breach.annotation == ""


def test_bad_input_is_named_and_changes_nothing(world):
    breach = missed(world)
    url = f"/requests/{world.request_a.reference}/sla/breaches/{breach.uuid}/explain/"
    admin = world.client_for("provider_admin")
    for text in ("", "   ", "x" * 1001, "a\x00b"):
        response = admin.post(url, {"text": text})
        assert response.status_code == 422, text
        assert 'id="id_text' in response.content.decode()
    api = f"/api/v1/requests/{world.request_a.reference}/sla/breaches/{breach.uuid}/explanation"
    response = admin.post(api, {"text": ""}, content_type="application/json")
    assert response.status_code == 422
    assert "text" in response.json()["fields"]
    breach.refresh_from_db()
    assert breach.annotation == ""
    assert not AuditEvent.objects.filter(verb="sla.breach_explain").exists()


def test_the_api_shows_clocks_and_breaches_to_both_sides(world):
    breach = missed(world)
    ref = world.request_a.reference
    api = f"/api/v1/requests/{ref}/sla/breaches/{breach.uuid}/explanation"
    made = world.client_for("provider_admin").post(
        api, {"text": "Vendor outage."}, content_type="application/json"
    )
    assert made.status_code == 200, made.content
    assert made.json()["explanation"] == "Vendor outage."
    seen = world.client_for("client_member_a").get(f"/api/v1/requests/{ref}/sla").json()
    kinds = {c["kind"] for c in seen["clocks"]}
    assert {"first_response", "resolution"} <= kinds
    assert [b["explanation"] for b in seen["breaches"] if b["id"] == str(breach.uuid)] == [
        "Vendor outage."
    ]
    other = world.client_for("client_admin_b").get(f"/api/v1/requests/{ref}/sla")
    assert other.status_code == 404
