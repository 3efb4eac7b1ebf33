"""Signing in through allauth's real form, and what the audit trail keeps of it."""

from __future__ import annotations

from django.test import Client

from tandem.audit.models import AuditEvent
from tests.conftest import PASSWORD


def sign_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_a_person_signs_in_with_email_and_password_and_it_is_audited(world):
    client = Client()
    response = sign_in(client, "client_admin_a@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.filter(verb="auth.sign_in").latest("id")
    assert event.organization_id == world.a.pk
    assert event.actor_id == world.people["client_admin_a"].pk
    assert event.ip_address == "127.0.0.1"


def test_email_is_matched_whatever_its_case(world):
    client = Client()
    assert sign_in(client, "Client_Admin_A@Example.org", PASSWORD).status_code == 302


def test_a_wrong_password_is_refused_and_audited_in_the_persons_chain(world):
    client = Client()
    response = sign_in(client, "client_admin_a@example.org", "wrong-password")
    assert response.status_code == 200
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.filter(verb="auth.sign_in_failed").latest("id")
    assert event.organization_id == world.a.pk
    assert PASSWORD not in str(event.changes)
    assert "wrong-password" not in event.target_label


def test_an_unknown_email_is_audited_in_the_providers_chain(world):
    sign_in(Client(), "nobody@example.org", "whatever-123")
    event = AuditEvent.objects.filter(verb="auth.sign_in_failed").latest("id")
    assert event.organization_id == world.provider.pk
    assert event.target_label == "nobody@example.org"


def test_a_contact_without_a_password_cannot_sign_in(world):
    client = Client()
    sign_in(client, "contact@a.example", "")
    assert client.get("/").status_code == 302


def test_signing_out_is_audited(world):
    client = Client()
    sign_in(client, "client_member_a@example.org", PASSWORD)
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(verb="auth.sign_out", organization=world.a).exists()
