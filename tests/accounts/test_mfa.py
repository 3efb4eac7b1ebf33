"""Two-factor sign-in: mandatory for provider staff, optional per practice,
enforced before anything else, audited, and stored encrypted."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.test import Client

from tandem.accounts import services
from tandem.accounts.adapters import MFAAdapter
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import SYSTEM
from tandem.notify.models import OutboxMessage
from tests.conftest import PASSWORD, TOTP_SECRET, enroll_totp, totp_code


def sign_in(email: str) -> tuple[Client, object]:
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    return client, response


def test_provider_staff_without_a_second_factor_must_enroll_before_anything_else(world):
    Authenticator.objects.filter(user=world.people["technician_a"]).delete()
    client, _ = sign_in("technician_a@example.org")
    response = client.get("/clients/riverside/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"  # an app or a security key
    api = client.get("/api/v1/me")
    assert (api.status_code, api.json()["code"]) == (403, "mfa_required")
    assert client.get("/accounts/2fa/").status_code == 200  # enrollment stays reachable


def test_enrolling_lets_them_in_and_is_audited(world, django_capture_on_commit_callbacks):
    tech = world.people["technician_a"]
    Authenticator.objects.filter(user=tech).delete()
    client, _ = sign_in("technician_a@example.org")
    # Changing second factors needs a fresh password, even right after signing in.
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith(
        "/accounts/reauthenticate/"
    )
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/clients/riverside/").status_code == 200
    notices = OutboxMessage.objects.filter(recipient=tech.email, subject__icontains="authenticator")
    assert notices.exists()  # told by email that a second factor was added
    event = AuditEvent.objects.filter(verb="auth.mfa_added", organization=world.provider).latest(
        "id"
    )
    assert event.target_id == str(tech.uuid)


def test_a_person_with_totp_signs_in_with_password_then_code(world):
    client, response = sign_in("provider_admin@example.org")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302  # not signed in yet
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    ok = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert ok.status_code == 302
    assert client.get("/").status_code == 200


def test_a_practice_can_require_it_and_practices_that_do_not_are_not_asked(world):
    member_a, _ = sign_in("client_member_a@example.org")
    assert member_a.get("/").status_code == 200
    services.update_organization(actor=SYSTEM, organization=world.a, require_mfa=True)
    member_a, _ = sign_in("client_member_a@example.org")
    assert member_a.get("/")["Location"] == "/accounts/2fa/"
    admin_b, _ = sign_in("client_admin_b@example.org")
    assert admin_b.get("/").status_code == 200
    event = AuditEvent.objects.filter(verb="organization.update", organization=world.a).latest("id")
    assert event.changes["require_mfa"] == [False, True]


def test_the_last_second_factor_of_someone_who_must_have_one_cannot_be_removed(world):
    admin = world.people["provider_admin"]
    (totp,) = Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP)
    assert MFAAdapter().can_delete_authenticator(totp) is False
    enroll_totp(world.people["client_member_a"])
    (member_totp,) = Authenticator.objects.filter(user=world.people["client_member_a"])
    assert MFAAdapter().can_delete_authenticator(member_totp) is True


def test_totp_secrets_are_stored_encrypted(world):
    (totp,) = Authenticator.objects.filter(user=world.people["provider_admin"])
    stored = totp.data["secret"]
    assert stored.startswith("fernet:")
    assert TOTP_SECRET not in stored
