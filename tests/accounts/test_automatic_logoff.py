"""Automatic logoff: idle timeout per organization, background polls do not
count as activity, and an absolute lifetime of 12 hours however active."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.accounts import services
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import SYSTEM
from tests.conftest import PASSWORD, totp_code

BACKGROUND = {"HTTP_X_TANDEM_BACKGROUND": "1"}


def signed_in(email: str = "client_member_a@example.org") -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    if response["Location"] == "/accounts/2fa/authenticate/":  # provider staff: the second factor
        response = client.post(response["Location"], {"code": totp_code()})
    assert response.status_code == 302
    return client


def test_a_session_idle_past_the_timeout_is_signed_out_with_a_reason(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in()
        clock.move_to(start + timedelta(minutes=14))
        assert client.get("/").status_code == 200
        clock.move_to(start + timedelta(minutes=14 + 16))
        response = client.get("/clients/riverside/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=%2Fclients%2Friverside%2F")
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.filter(verb="auth.sign_out", organization=world.a).latest("id")
    assert event.changes == {"reason": [None, "idle"]}


def test_background_polls_do_not_keep_a_session_alive(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in()
        for minute in (5, 10, 15):
            clock.move_to(start + timedelta(minutes=minute))
            assert client.get("/api/v1/me", **BACKGROUND).status_code == 200
        clock.move_to(start + timedelta(minutes=16))
        assert client.get("/api/v1/me", **BACKGROUND).status_code == 401


def test_each_organization_sets_its_own_timeout(world):
    services.update_organization(actor=SYSTEM, organization=world.a, idle_timeout_minutes=5)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        member, tech = signed_in(), signed_in("technician_a@example.org")
        clock.move_to(start + timedelta(minutes=6))
        assert member.get("/").status_code == 302  # the practice chose 5 minutes
        assert tech.get("/").status_code == 200  # the provider keeps 15


def test_the_absolute_lifetime_holds_under_constant_activity(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in()
        for minutes in range(10, 12 * 60, 10):
            clock.move_to(start + timedelta(minutes=minutes))
            assert client.get("/").status_code == 200, minutes
        clock.move_to(start + timedelta(hours=12, minutes=1))
        assert client.get("/").status_code == 302
    event = AuditEvent.objects.filter(verb="auth.sign_out", organization=world.a).latest("id")
    assert event.changes == {"reason": [None, "lifetime"]}


def test_stay_signed_in_counts_as_activity(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in()
        clock.move_to(start + timedelta(minutes=14))
        assert client.post("/session/keepalive/").status_code == 204
        clock.move_to(start + timedelta(minutes=28))
        assert client.get("/").status_code == 200


def test_reading_a_page_does_not_write_the_session_every_time(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in()
        client.get("/")
        with CaptureQueriesContext(connection) as reads:
            client.get("/")  # within the refresh interval: nothing to write
        clock.move_to(start + timedelta(minutes=2))
        with CaptureQueriesContext(connection) as later:
            client.get("/")  # a minute on: last activity is written once
    assert not [
        q for q in reads.captured_queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]
    ]
    assert [
        q for q in later.captured_queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]
    ]
