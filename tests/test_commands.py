"""The `tandem` command: init, demo, and production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from tandem.accounts.models import Organization, Person
from tandem.audit import services as audit


def run_tandem(*args: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return subprocess.run(
        [sys.executable, "-m", "tandem.cli", *args],
        env={**base, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_demo_seeds_every_role_and_is_idempotent(db, capsys):
    call_command("demo")
    counts = (Organization.objects.count(), Person.objects.count())
    call_command("demo")
    assert (Organization.objects.count(), Person.objects.count()) == counts == (4, 13)
    assert set(Person.objects.values_list("role", flat=True)) == {
        "provider_admin",
        "technician",
        "service_manager",
        "security_lead",
        "client_admin",
        "client_member",
        "auditor",
    }
    assert "tandem-demo-2026" in capsys.readouterr().out
    assert all(r.ok for r in audit.verify())
    # The desk: every status, a patient-care request, a phone call and a follow-up
    # for each practice, seeded once.
    from tandem.desk.models import RequestMessage, ServiceRequest

    for practice in Organization.objects.filter(kind="client"):
        requests = ServiceRequest.objects.filter(organization=practice)
        assert set(requests.values_list("status", flat=True)) == {
            "new",
            "open",
            "waiting_client",
            "waiting_third_party",
            "resolved",
            "closed",
        }
        assert requests.filter(impact="patient_care", priority=1).exists()
        assert requests.filter(channel="phone").exists()
        assert requests.filter(follows__isnull=False).exists()
        assert RequestMessage.objects.filter(request__in=requests, kind="internal").exists()
        assert requests.filter(merged_into__isnull=False).count() == 1  # a merged duplicate
        assert requests.filter(survey__rating=5).exists()  # a rated one
    # Plus Riverside's SLA history (answered requests replayed through the clocks),
    # with one missed deadline, explained, seeded once too.
    from tandem.oncall.models import Rotation
    from tandem.sla import demo as sla_demo
    from tandem.sla.models import Breach

    # ... and one request opened by email (its reply threaded onto it).
    assert ServiceRequest.objects.count() == 3 * 9 + len(sla_demo.HISTORY) + 1
    from tandem.mail.models import InboundMessage

    outcomes = sorted(InboundMessage.objects.values_list("outcome", flat=True))
    assert outcomes == ["noise", "opened", "replied", "triage"]
    explained = Breach.objects.filter(organization__slug="riverside").exclude(annotation="")
    assert explained.count() == 1
    assert Rotation.objects.get().overrides.count() == 1
    from tandem.oncall.models import OnCallPage

    (page,) = OnCallPage.objects.all()
    assert page.status == "acknowledged"
    assert page.attempts.count() == 2
    assert page.acknowledged_at - page.created_at == timedelta(minutes=8)


def test_demo_refuses_production_settings(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo")
    assert not Organization.objects.exists()


def test_init_sets_up_the_provider_and_its_first_admin(tmp_path):
    env = {"TANDEM_VAR_DIR": str(tmp_path), "TANDEM_ADMIN_PASSWORD": "a-real-admin-password-1"}
    result = run_tandem(
        "init",
        "--provider-name",
        "Acme IT",
        "--support-phone",
        "555-1000",
        "--admin-email",
        "Boss@Acme.example",
        "--admin-name",
        "Bo Boss",
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Sign in as Boss@Acme.example" in result.stdout
    again = run_tandem(
        "init",
        "--provider-name",
        "Acme IT",
        "--support-phone",
        "555-1000",
        "--admin-email",
        "x@acme.example",
        "--admin-name",
        "X",
        env=env,
        cwd=tmp_path,
    )
    assert again.returncode != 0
    assert "already set up" in again.stderr
    verify = run_tandem("audit", "verify", env=env, cwd=tmp_path)
    assert verify.returncode == 0
    assert verify.stdout.strip().endswith("OK")


PRODUCTION_ENV = {
    "TANDEM_PRODUCTION": "1",
    "SECRET_KEY": "x" * 64 + "-production-secret-for-the-check",
    "AUDIT_HMAC_KEY": "y" * 64,
    "DATA_ENCRYPTION_KEYS": "q3m9WfVb0cHk5d1oF2r7T4uY8iP6aS3dZ0xC1vB2nM4=",
    "ALLOWED_HOSTS": "tandem.example.org",
}


def test_production_mode_passes_the_deploy_check(tmp_path):
    result = run_tandem(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "TANDEM_VAR_DIR": str(tmp_path)},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_mode_refuses_to_invent_secrets(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_tandem("check", env={**env, "TANDEM_VAR_DIR": str(tmp_path)}, cwd=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_pages_carry_security_headers_and_a_strict_csp(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
