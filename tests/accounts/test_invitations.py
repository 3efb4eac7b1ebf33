"""Invitations: emailed, single use, expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tandem.accounts import services
from tandem.accounts.choices import Role
from tandem.accounts.models import Invitation, Person
from tandem.audit.models import AuditEvent

NEW_PASSWORD = "a-long-new-password-42"


def accept(client: Client, token: str):
    return client.post(
        f"/invite/{token}/",
        {"full_name": "Nina Newbie", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_the_invitee_accepts_and_is_signed_in(world):
    client = Client()
    assert client.get(f"/invite/{world.token_a}/").status_code == 200
    assert accept(client, world.token_a).status_code == 302
    assert client.get("/").status_code == 200
    person = Person.objects.get(email="newbie@a.example")
    assert person.can_sign_in
    assert person.organization_id == world.a.pk
    assert AuditEvent.objects.filter(verb="invitation.accept", organization=world.a).exists()


def test_opening_the_link_changes_nothing(world):
    """Mail scanners open links: GET only shows the form."""
    Client().get(f"/invite/{world.token_a}/")
    assert Invitation.objects.get(pk=world.invitation_a.pk).state == "pending"


def test_an_invitation_works_once(world):
    accept(Client(), world.token_a)
    second = Client()
    assert second.get(f"/invite/{world.token_a}/").status_code == 410
    assert accept(second, world.token_a).status_code == 410
    assert second.get("/").status_code == 302


def test_an_invitation_expires_after_seven_days(world):
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert Client().get(f"/invite/{world.token_a}/").status_code == 410
        with pytest.raises(ValidationError):
            services.accept_invitation(token=world.token_a, password=NEW_PASSWORD)


def test_an_unknown_token_is_not_found(world):
    assert Client().get("/invite/not-a-real-token/").status_code == 404


def test_a_new_invitation_replaces_the_pending_one(world, actor_of):
    _new, token = services.invite(
        actor=actor_of(world.people["client_admin_a"]),
        organization=world.a,
        email="newbie@a.example",
        full_name="Nina",
        role=Role.CLIENT_MEMBER,
    )
    assert Invitation.objects.get(pk=world.invitation_a.pk).state == "revoked"
    assert accept(Client(), world.token_a).status_code == 410
    assert accept(Client(), token).status_code == 302


def test_the_token_is_never_stored(world):
    assert not Invitation.objects.filter(token_hash=world.token_a).exists()
    assert world.token_a not in str(list(AuditEvent.objects.values_list("changes", "target_label")))


def test_a_weak_password_is_refused_beside_the_field(world):
    response = Client().post(
        f"/invite/{world.token_a}/", {"full_name": "N", "password1": "12345", "password2": "12345"}
    )
    assert response.status_code == 422
    assert b"too short" in response.content
    assert Invitation.objects.get(pk=world.invitation_a.pk).state == "pending"


def test_the_invite_form_preselects_the_least_powerful_role(world):
    page = world.client_for("client_admin_a").get(f"/clients/{world.a.slug}/invite/")
    assert b'<option value="client_member" selected>' in page.content
