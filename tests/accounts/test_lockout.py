"""Sign-in rate limits stop guessing without handing attackers a lockout button."""

from __future__ import annotations

from django.test import Client

from tandem.audit.models import AuditEvent
from tests.conftest import PASSWORD

EMAIL = "client_admin_a@example.org"


def attempt(address: str, password: str):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"login": EMAIL, "password": password})
    return response, client


def test_a_flood_from_one_address_does_not_stop_the_person_from_another(world):
    for _ in range(30):
        attempt("203.0.113.66", "guess-guess-guess")
    refused, _ = attempt("203.0.113.66", PASSWORD)
    # The attacker's address is refused, even with the right password.
    assert refused.status_code == 429
    assert b"Too many attempts from this address" in refused.content
    response, client = attempt("198.51.100.10", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_guessing_one_account_from_one_address_is_stopped_after_five_failures(world):
    for _ in range(5):
        response, _ = attempt("203.0.113.70", "wrong-password-1")
        assert b"Too many failed login attempts" not in response.content
    blocked, _ = attempt("203.0.113.70", "wrong-password-2")
    assert b"Too many failed login attempts" in blocked.content


def test_every_failure_is_audited_with_its_address(world):
    for _ in range(3):
        attempt("203.0.113.80", "wrong-password-3")
    failures = AuditEvent.objects.filter(verb="auth.sign_in_failed", ip_address="203.0.113.80")
    assert failures.count() == 3
    assert {e.organization_id for e in failures} == {world.a.pk}


def test_a_person_sees_their_own_recent_sign_ins(world):
    attempt("203.0.113.90", "wrong-password-4")
    _, client = attempt("198.51.100.11", PASSWORD)
    page = client.get(f"/people/{world.people['client_admin_a'].uuid}/").content.decode()
    assert "Your recent sign-ins" in page
    assert "198.51.100.11" in page
    assert "203.0.113.90" in page
    assert "Failed" in page


def test_nobody_else_sees_a_persons_sign_ins(world):
    attempt("198.51.100.12", PASSWORD)
    page = world.client_for("client_member_a").get(
        f"/people/{world.people['client_admin_a'].uuid}/"
    )
    assert "198.51.100.12" not in page.content.decode()
