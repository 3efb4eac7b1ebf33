"""Service accounts: integrations owned by an organization, whose tokens
outlive the staff who made them, managed by admins only, and audited."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tandem.accounts import services as accounts
from tandem.accounts.choices import Role
from tandem.api import services
from tandem.api.auth import service_account_actor
from tandem.api.models import ApiToken, ServiceAccount
from tandem.audit.models import AuditEvent
from tests.conftest import CANARY_B, PASSWORD


def bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def json_post(client: Client, path: str, body: object):
    return client.post(path, body, content_type="application/json")


def test_a_service_account_token_acts_as_the_account_within_its_practice(world):
    client = bearer(world.raw_sa_token_a)
    people = client.get("/api/v1/people")
    assert people.status_code == 200
    assert {p["organization"] for p in people.json()["items"]} == {"riverside"}
    assert CANARY_B not in people.content.decode()
    assert client.get(f"/api/v1/sites/{world.site_b.uuid}").status_code == 404
    me = client.get("/api/v1/me")
    assert (me.status_code, me.json()["code"]) == (404, "not_found")
    assert "service account" in me.json()["message"]


def test_its_writes_are_audited_as_the_account_not_as_a_person(world):
    response = json_post(
        bearer(world.raw_sa_token_a), "/api/v1/sites", {"organization": "riverside", "name": "Lab"}
    )
    assert response.status_code == 201
    event = AuditEvent.objects.filter(verb="site.create", organization=world.a).latest("id")
    assert event.actor_id is None
    assert event.actor_label == "service account Riverside monitoring via token RMM"
    # Its role is the practice admin's, but only inside its own practice.
    other = json_post(
        bearer(world.raw_sa_token_a), "/api/v1/sites", {"organization": "lakeside", "name": "X"}
    )
    assert other.status_code == 404
    assert not world.b.sites.filter(name="X").exists()


def test_the_token_survives_the_admin_who_made_it_leaving(world, actor_of):
    accounts.deactivate(
        actor=actor_of(world.people["provider_admin"]), person=world.people["client_admin_a"]
    )
    # Her personal token dies with her account; the practice's integration goes on.
    assert bearer(world.raw_api_token_a).get("/api/v1/people").status_code == 401
    assert bearer(world.raw_sa_token_a).get("/api/v1/people").status_code == 200


def test_deactivating_the_account_ends_its_tokens_at_once(world, actor_of):
    admin = actor_of(world.people["client_admin_a"])
    services.deactivate_service_account(
        actor=admin, account=world.service_account_a, reason="RMM replaced"
    )
    assert bearer(world.raw_sa_token_a).get("/api/v1/people").status_code == 401
    world.sa_token_a.refresh_from_db()
    assert world.sa_token_a.revoked_at is not None
    verbs = list(
        AuditEvent.objects.filter(organization=world.a, verb__startswith="service_account")
        .order_by("position")
        .values_list("verb", flat=True)
    )
    assert verbs == ["service_account.create", "service_account.deactivate"]
    revoked = AuditEvent.objects.filter(verb="token.revoke", organization=world.a).latest("id")
    assert revoked.changes == {"reason": [None, "service account deactivated"]}
    # Its name is free again for a new integration.
    services.create_service_account(
        actor=admin, organization=world.a, name="Riverside monitoring", role=Role.CLIENT_MEMBER
    )


def test_a_deactivated_account_found_by_an_old_token_revokes_it_on_use(world):
    # Deactivated behind the service's back (a restore from backup, say).
    ServiceAccount.objects.filter(pk=world.service_account_a.pk).update(
        deactivated_at=world.sa_token_a.created_at
    )
    assert bearer(world.raw_sa_token_a).get("/api/v1/people").status_code == 401
    assert ApiToken.objects.get(pk=world.sa_token_a.pk).revoked_at is not None


@pytest.mark.parametrize("persona", ["client_member_a", "auditor_a", "technician_a"])
def test_only_admins_manage_service_accounts(world, actor_of, persona):
    actor = actor_of(world.people[persona])
    with pytest.raises(PermissionDenied):
        services.create_service_account(
            actor=actor, organization=world.a, name="Mine", role=Role.CLIENT_MEMBER
        )
    with pytest.raises(PermissionDenied):
        services.create_service_account_token(
            actor=actor, account=world.service_account_a, name="x", scopes=["accounts:read"], days=1
        )
    with pytest.raises(PermissionDenied):
        services.deactivate_service_account(actor=actor, account=world.service_account_a)


def test_the_other_practice_admin_cannot_touch_it(world, actor_of):
    with pytest.raises(PermissionDenied):
        services.revoke_token(
            actor=actor_of(world.people["client_admin_b"]), token=world.sa_token_a
        )
    client = world.client_for("client_admin_b")
    assert client.get(f"/service-accounts/{world.service_account_a.uuid}/").status_code == 404
    assert client.get(f"/api/v1/service-accounts/{world.service_account_a.uuid}").status_code == 404


def test_tokens_cannot_make_service_account_tokens(world, actor_of):
    admin = actor_of(world.people["client_admin_a"])
    through_token = replace(admin, scopes=frozenset({"accounts:write"}))
    with pytest.raises(PermissionDenied):
        services.create_service_account_token(
            actor=through_token,
            account=world.service_account_a,
            name="x",
            scopes=["accounts:read"],
            days=1,
        )
    sa_actor = service_account_actor(world.service_account_a)
    with pytest.raises(PermissionDenied):
        services.create_service_account_token(
            actor=sa_actor,
            account=world.service_account_a,
            name="x",
            scopes=["accounts:read"],
            days=1,
        )


def test_bad_input_is_refused_field_by_field(world, actor_of):
    admin = actor_of(world.people["client_admin_a"])
    with pytest.raises(ValidationError) as wrong_role:
        services.create_service_account(
            actor=admin, organization=world.a, name="X", role=Role.TECHNICIAN
        )
    assert "role" in wrong_role.value.message_dict
    with pytest.raises(ValidationError) as taken:
        services.create_service_account(
            actor=admin, organization=world.a, name="riverside MONITORING", role=Role.CLIENT_MEMBER
        )
    assert "name" in taken.value.message_dict
    client = world.client_for("client_admin_a")
    response = json_post(
        client,
        "/api/v1/service-accounts",
        {"organization": "riverside", "name": "", "role": "wizard"},
    )
    assert response.status_code == 422
    assert set(response.json()["fields"]) >= {"name", "role"}


def test_the_api_lists_creates_and_deactivates(world):
    client = world.client_for("client_admin_a")
    listed = client.get("/api/v1/service-accounts").json()["items"]
    assert [a["name"] for a in listed] == ["Riverside monitoring"]
    assert listed[0]["live_tokens"] == 1
    created = json_post(
        client,
        "/api/v1/service-accounts",
        {"organization": "riverside", "name": "Backups", "role": "client_member"},
    )
    assert created.status_code == 201
    uuid = created.json()["id"]
    assert created.json()["tokens"] == []
    ended = json_post(client, f"/api/v1/service-accounts/{uuid}/deactivate", {"reason": "gone"})
    assert (ended.status_code, ended.json()["active"]) == (200, False)
    # A member of the practice is not shown them at all.
    member = world.client_for("client_member_a").get("/api/v1/service-accounts")
    assert member.status_code == 403


def test_the_admin_makes_a_token_in_the_browser_after_confirming_the_password(world):
    client = Client()
    client.post("/accounts/login/", {"login": "client_admin_a@example.org", "password": PASSWORD})
    url = f"/service-accounts/{world.service_account_a.uuid}/tokens/new/"
    assert client.get(url)["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post(url, {"name": "Dashboard", "scopes": ["accounts:read"], "days": "30"})
    assert response.status_code == 200
    raw = response.context["raw"]
    token = ApiToken.objects.get(name="Dashboard")
    assert (token.service_account, token.person, token.created_by) == (
        world.service_account_a,
        None,
        world.people["client_admin_a"],
    )
    assert raw not in token.digest
    assert token.digest == services.digest(raw)
    assert bearer(raw).get("/api/v1/sites").status_code == 200
    # Shown once: the account's page lists it by its prefix only.
    page = client.get(f"/service-accounts/{world.service_account_a.uuid}/").content.decode()
    assert token.prefix in page
    assert raw not in page
