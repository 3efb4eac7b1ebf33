"""`tandem mail-ingest`, run as an MTA runs it: a process reading standard
input, whose exit code tells the MTA whether to keep the message."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection

from tandem.desk.models import ServiceRequest
from tandem.mail import ingest
from tandem.mail.models import InboundMessage, Outcome
from tests.mail.conftest import email

pytestmark = pytest.mark.slow


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"


def _pipe(raw: bytes, database_url: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "tandem.cli", "mail-ingest", *args],
        input=raw,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_a_piped_message_is_stored_once_and_exits_0(transactional_db, world, mailbox):
    raw = email(sender="Mel Member <client_member_a@example.org>", subject="Scanner offline")
    url = _database_url()
    first = _pipe(raw, url, "--recipient", "help@it.example")
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout.decode().startswith("stored")
    again = _pipe(raw, url)
    assert again.returncode == 0, again.stderr.decode()
    assert again.stdout.decode().startswith("duplicate")
    stored = InboundMessage.objects.get()
    assert (stored.transport, stored.recipient) == ("pipe", "help@it.example")
    assert stored.outcome == Outcome.PENDING
    assert ingest.file_pending() == 1  # the worker's sweep
    assert ingest.file_pending() == 0
    stored.refresh_from_db()
    assert stored.outcome == Outcome.OPENED
    assert ServiceRequest.objects.filter(subject="Scanner offline").count() == 1


def test_a_database_that_cannot_be_reached_means_exit_75(db):
    raw = email(sender="client_member_a@example.org")
    closed = "postgres://postgres@127.0.0.1:1/tandem"
    result = _pipe(raw, closed)
    assert result.returncode == 75
    assert b"try again later" in result.stderr
