"""Password reset by email, through the outbox."""

from __future__ import annotations

import re

from django.contrib.auth.hashers import make_password
from django.test import Client

from tandem.audit.models import AuditEvent
from tandem.notify.models import OutboxMessage
from tests.accounts.test_sign_in import sign_in
from tests.conftest import PASSWORD

NEW = "brand-new-password-88"


def test_a_person_resets_their_password_from_the_emailed_link(
    world, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/reset/", {"email": "client_member_a@example.org"}
        )
    assert response.status_code == 302
    email = OutboxMessage.objects.get(
        recipient="client_member_a@example.org", subject__icontains="password"
    )
    assert email.status == "sent"
    assert "Test IT Partners: (555) 000-1234" in email.body_text  # the provider's support line
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", email.body_text).group(0)
    path = link.split("localhost:8000", 1)[-1].replace("http://testserver", "")
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": NEW, "password2": NEW},
    )
    assert done.status_code == 302
    assert sign_in(Client(), "client_member_a@example.org", NEW).status_code == 302
    event = AuditEvent.objects.filter(verb="auth.password_reset", organization=world.a).latest("id")
    assert event.target_id == str(world.people["client_member_a"].uuid)


def test_changing_ones_password_is_audited(world):
    client = Client()
    sign_in(client, "client_admin_a@example.org", PASSWORD)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": NEW,
            "password2": NEW,
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(verb="auth.password_changed", organization=world.a).latest(
        "id"
    )
    assert event.actor_id == world.people["client_admin_a"].pk


def test_an_unknown_email_gets_no_mail(world):
    response = Client().post("/accounts/password/reset/", {"email": "stranger@example.org"})
    assert response.status_code == 302
    assert not OutboxMessage.objects.filter(recipient="stranger@example.org").exists()


def test_passwords_are_hashed_with_argon2_at_the_designed_cost(db, settings):
    settings.PASSWORD_HASHERS = ["tandem.accounts.hashers.TandemArgon2PasswordHasher"]
    encoded = make_password("some-password-123")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
