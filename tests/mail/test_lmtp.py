"""The LMTP server, driven as an MTA drives it: several recipients, one
reply each after the message (RFC 2033), stored once."""

from __future__ import annotations

import smtplib

import pytest

from tandem.mail import ingest, lmtp
from tandem.mail.models import InboundMessage, Mailbox, Outcome
from tests.mail.conftest import email
from tests.servers import free_port

pytestmark = pytest.mark.slow


@pytest.fixture
def lmtp_server(transactional_db):
    port = free_port()
    server = lmtp.server("127.0.0.1", port)
    server.start()
    yield port
    server.stop()


def _deliver(port: int, raw: bytes, recipients: list[str]):
    """MAIL, the RCPTs, DATA; returns the RCPT replies and the DATA replies
    (one per accepted recipient, read one by one as an MTA reads them)."""
    with smtplib.LMTP("127.0.0.1", port) as client:
        client.ehlo_or_helo_if_needed()
        assert client.mail("sender@a.example")[0] == 250
        rcpt = [client.rcpt(r) for r in recipients]
        accepted = sum(1 for code, _ in rcpt if code == 250)
        data = [client.data(raw)]
        data += [client.getreply() for _ in range(accepted - 1)]
    return rcpt, data


def test_each_recipient_gets_its_own_reply_and_the_message_is_stored_once(lmtp_server, world):
    Mailbox.objects.create(name="Help", address="help@it.example", default_client=world.a)
    Mailbox.objects.create(name="Security", address="security@it.example")
    raw = email(sender="Mel Member <client_member_a@example.org>", subject="Two boxes")
    rcpt, data = _deliver(
        lmtp_server, raw, ["help@it.example", "nobody@it.example", "security@it.example"]
    )
    assert [code for code, _ in rcpt] == [250, 550, 250]
    assert b"no such mailbox" in rcpt[1][1]
    assert [code for code, _ in data] == [250, 250]
    assert b"<help@it.example> stored" in data[0][1]
    assert b"<security@it.example> stored" in data[1][1]
    stored = InboundMessage.objects.get()
    assert (stored.transport, stored.recipient) == ("lmtp", "help@it.example")
    # Storing asked the worker (inline in tests) to file it: nothing is left.
    assert stored.outcome == Outcome.OPENED
    assert ingest.file_pending() == 0


def test_a_recipient_whose_message_could_not_be_stored_gets_451(lmtp_server, world, monkeypatch):
    Mailbox.objects.create(name="Help", address="help@it.example")
    Mailbox.objects.create(name="Security", address="security@it.example")
    real_store = ingest.store

    def store(raw, *, transport, mailbox=None, recipient=""):
        if recipient == "help@it.example":
            raise ingest.OperationalError("database is locked")
        return real_store(raw, transport=transport, mailbox=mailbox, recipient=recipient)

    monkeypatch.setattr(ingest, "store", store)
    raw = email(sender="client_member_a@example.org")
    _, data = _deliver(lmtp_server, raw, ["help@it.example", "security@it.example"])
    assert [code for code, _ in data] == [451, 250]
    assert b"try again later" in data[0][1]
    assert InboundMessage.objects.get().recipient == "security@it.example"


def test_the_command_serves_lmtp_until_stopped(transactional_db, world):
    """`tandem mail-lmtp` as a service runs it: started, delivered into, stopped."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    from tests.mail.test_pipe import _database_url

    Mailbox.objects.create(name="Help", address="help@it.example", default_client=world.a)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DATABASE_URL"] = _database_url()
    server = subprocess.Popen(
        [sys.executable, "-m", "tandem.cli", "mail-lmtp", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        raw = email(sender="client_member_a@example.org", subject="Through the service")
        _, data = _deliver(port, raw, ["help@it.example"])
        assert [code for code, _ in data] == [250]
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0, server.stderr.read().decode()[-2000:]
    stored = InboundMessage.objects.get()
    assert (stored.transport, stored.subject) == ("lmtp", "Through the service")
    assert ingest.file_pending() == 1  # the service's process had no worker in this test
