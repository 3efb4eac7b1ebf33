"""Security keys belong to one person: nobody else can rename or remove them,
and their removal is audited. (Registering and signing in with a key runs in
Chromium against a virtual authenticator: tests/browser/test_webauthn.py.)"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.test import Client

from tandem.audit.models import AuditEvent
from tests.conftest import PASSWORD


def _key(person, name: str) -> Authenticator:
    # Only the name is read by these views; a real credential is made in the
    # browser test.
    return Authenticator.objects.create(
        user=person, type=Authenticator.Type.WEBAUTHN, data={"name": name, "credential": {}}
    )


def _recently_signed_in(email: str) -> Client:
    client = Client()
    client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


def test_nobody_else_can_rename_or_remove_a_key(world):
    key = _key(world.people["client_admin_a"], "Front desk key")
    other = _recently_signed_in("client_admin_b@example.org")
    assert other.post(f"/accounts/2fa/webauthn/keys/{key.pk}/remove/").status_code == 404
    renamed = other.post(f"/accounts/2fa/webauthn/keys/{key.pk}/edit/", {"name": "Mine now"})
    assert renamed.status_code == 404
    assert list(other.get("/accounts/2fa/webauthn/").context["authenticators"]) == []
    key.refresh_from_db()
    assert key.data["name"] == "Front desk key"


def test_the_owner_removes_their_key_and_it_is_audited(world, django_capture_on_commit_callbacks):
    owner = world.people["client_admin_a"]
    client = _recently_signed_in(owner.email)  # before the key: no key to ask for
    key = _key(owner, "Front desk key")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/accounts/2fa/webauthn/keys/{key.pk}/remove/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=key.pk).exists()
    event = AuditEvent.objects.filter(verb="auth.mfa_removed", organization=world.a).latest("id")
    assert (event.target_id, event.changes) == (str(owner.uuid), {"kind": [None, "webauthn"]})
