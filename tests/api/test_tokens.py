"""Personal API tokens: shown once, stored as a keyed hash, scoped, expiring,
revocable, and dead once their person is deactivated."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from tandem.accounts import services as accounts
from tandem.api import services
from tandem.api.models import ApiToken
from tandem.audit.models import AuditEvent
from tests.conftest import CANARY_B, PASSWORD


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_token_reads_as_its_person_and_only_their_practice(world):
    client = bearer(world.raw_api_token_a)
    response = client.get("/api/v1/people")
    assert response.status_code == 200
    assert {p["organization"] for p in response.json()["items"]} == {"riverside"}
    assert CANARY_B not in response.content.decode()
    assert client.get(f"/api/v1/sites/{world.site_b.uuid}").status_code == 404
    assert client.get("/api/v1/me").json()["email"] == "client_admin_a@example.org"
    world.api_token_a.refresh_from_db()
    assert world.api_token_a.last_used_at is not None


def test_a_token_does_only_what_its_scopes_allow(world):
    client = bearer(world.raw_api_token_a)  # accounts:read and audit:read
    response = client.post(
        "/api/v1/sites",
        {"organization": "riverside", "name": "New"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "accounts:write" in response.json()["message"]
    assert not world.a.sites.filter(name="New").exists()


def test_a_write_through_a_token_is_audited_as_the_person_via_the_token(world, actor_of):
    _token, raw = services.create_token(
        actor=actor_of(world.people["client_admin_a"]),
        name="Sync",
        scopes=["accounts:write"],
        days=7,
    )
    response = bearer(raw).post(
        "/api/v1/sites",
        {"organization": "riverside", "name": "Annex"},
        content_type="application/json",
    )
    assert response.status_code == 201
    event = AuditEvent.objects.filter(verb="site.create", organization=world.a).latest("id")
    assert event.actor_id == world.people["client_admin_a"].pk
    assert event.actor_label.endswith("via token Sync")


def test_only_a_keyed_hash_is_stored(world):
    row = ApiToken.objects.get(pk=world.api_token_a.pk)
    assert world.raw_api_token_a not in (row.digest, row.prefix)
    assert row.digest == services.digest(world.raw_api_token_a)
    assert len(row.digest) == 64


def test_revoked_expired_and_malformed_tokens_are_refused(world, actor_of):
    assert bearer("tdm_nonsense").get("/api/v1/me").status_code == 401
    assert bearer(world.raw_api_token_a + "x").get("/api/v1/me").status_code == 401
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert bearer(world.raw_api_token_a).get("/api/v1/me").status_code == 401
    services.revoke_token(actor=actor_of(world.people["client_admin_a"]), token=world.api_token_a)
    assert bearer(world.raw_api_token_a).get("/api/v1/me").status_code == 401
    assert AuditEvent.objects.filter(verb="token.revoke", organization=world.a).exists()


def test_deactivating_a_person_ends_their_tokens_on_the_next_request(world, actor_of):
    client = bearer(world.raw_api_token_a)
    assert client.get("/api/v1/me").status_code == 200
    accounts.deactivate(
        actor=actor_of(world.people["provider_admin"]), person=world.people["client_admin_a"]
    )
    assert client.get("/api/v1/me").status_code == 401
    world.api_token_a.refresh_from_db()
    assert world.api_token_a.revoked_at is not None
    event = AuditEvent.objects.filter(verb="token.revoke", organization=world.a).latest("id")
    assert event.changes == {"reason": [None, "person deactivated"]}


def test_making_a_token_asks_for_the_password_again_and_shows_it_once(world):
    client = world.client_for("client_member_a")
    assert client.get("/settings/tokens/new/")["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.post(
        "/settings/tokens/new/", {"name": "My script", "scopes": ["accounts:read"], "days": "30"}
    )
    assert page.status_code == 200
    raw = page.context["raw"]
    assert raw.startswith("tdm_")
    assert raw in page.content.decode()
    assert raw not in client.get("/settings/tokens/").content.decode()  # never shown again
    assert bearer(raw).get("/api/v1/me").status_code == 200
    assert AuditEvent.objects.filter(
        verb="token.create", actor=world.people["client_member_a"]
    ).exists()


def test_a_token_cannot_make_tokens(world, actor_of):
    token_actor = replace(
        actor_of(world.people["client_admin_a"]), scopes=frozenset({"accounts:write"})
    )
    with pytest.raises(PermissionDenied):
        services.create_token(actor=token_actor, name="x", scopes=["accounts:read"], days=1)


def test_a_token_writes_with_csrf_enforced_and_a_session_still_needs_its_token(world):
    """Over real HTTP the CSRF check runs (the test client skips it unless told):
    a bearer-token POST carries no cookie and must not be refused for CSRF;
    a session POST without the CSRF token must be."""
    from tandem.accounts.actors import actor_for as actor
    from tandem.api import services as api

    _t, raw = api.create_token(
        actor=actor(world.people["client_admin_a"]), name="w", scopes=["accounts:write"], days=1
    )
    script = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    made = script.post(
        "/api/v1/sites",
        {"organization": "riverside", "name": "Lab"},
        content_type="application/json",
    )
    assert made.status_code == 201
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.people["client_admin_a"])
    forged = browser.post(
        "/api/v1/sites",
        {"organization": "riverside", "name": "Forged"},
        content_type="application/json",
    )
    assert forged.status_code == 403
    assert not world.a.sites.filter(name="Forged").exists()
