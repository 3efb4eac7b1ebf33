"""IMAP polling against a real Dovecot: by password and by XOAUTH2 with a
refreshed token, marking on the server only after the commit, and a worker
killed between the fetch and the commit losing nothing."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest
from django.db import connections

from tandem.core import crypto
from tandem.desk.models import ServiceRequest
from tandem.mail import imap, ingest
from tandem.mail.models import Auth, InboundMessage, Mailbox, Outcome, Security
from tests.mail.conftest import email
from tests.servers import Dovecot, TokenEndpoint

pytestmark = pytest.mark.slow

USER, PASSWORD = "help@it.example", "mailbox-pw"


@pytest.fixture
def token_endpoint():
    endpoint = TokenEndpoint(username=USER)
    yield endpoint
    endpoint.stop()


@pytest.fixture
def dovecot(token_endpoint):
    server = Dovecot({USER: PASSWORD}, token_endpoint.url)
    yield server
    server.stop()


def _mailbox(world, dovecot, **fields) -> Mailbox:
    defaults = {
        "name": "Help desk",
        "address": USER,
        "imap_host": "127.0.0.1",
        "imap_port": dovecot.port,
        "imap_security": Security.NONE,
        "password": crypto.encrypt(PASSWORD),
        "default_client": world.a,
    }
    return Mailbox.objects.create(**{**defaults, **fields})


def _deliver(dovecot, *messages: bytes) -> None:
    client = dovecot.imap(USER, PASSWORD)
    for raw in messages:
        assert client.append("INBOX", None, None, raw)[0] == "OK"
    client.logout()


def _unfiled(dovecot, folder="INBOX") -> int:
    client = dovecot.imap(USER, PASSWORD)
    client.select(folder)
    found = client.uid("SEARCH", "UNKEYWORD", imap.FILED)[1][0].split()
    client.logout()
    return len(found)


def test_polling_files_new_mail_and_flags_it_only_then(db, world, dovecot):
    box = _mailbox(world, dovecot)
    _deliver(
        dovecot,
        email(sender="Mel Member <client_member_a@example.org>", subject="Fax"),
        email(sender="Dr Lee <lee@clinic.example>", subject="Scanner"),
    )
    assert _unfiled(dovecot) == 2
    polled = imap.poll(box)
    assert (polled.fetched, polled.stored, polled.duplicates) == (2, 2, 0)
    assert _unfiled(dovecot) == 0
    assert set(InboundMessage.objects.values_list("outcome", flat=True)) == {Outcome.OPENED}
    assert ServiceRequest.objects.filter(subject="Scanner", organization=world.a).exists()
    again = imap.poll(box)
    assert again.fetched == 0


def test_a_message_a_person_read_first_is_still_filed(db, world, dovecot):
    box = _mailbox(world, dovecot)
    _deliver(dovecot, email(sender="client_member_a@example.org", subject="Read by Ann"))
    client = dovecot.imap(USER, PASSWORD)
    client.select("INBOX")
    client.uid("STORE", "1", "+FLAGS", "(\\Seen)")  # someone opened it in webmail
    client.logout()
    assert imap.poll(box).stored == 1
    assert ServiceRequest.objects.filter(subject="Read by Ann").exists()
    assert imap.poll(box).fetched == 0


def test_a_done_folder_receives_what_was_filed(db, world, dovecot):
    client = dovecot.imap(USER, PASSWORD)
    client.create("Filed")
    client.logout()
    box = _mailbox(world, dovecot, done_folder="Filed")
    _deliver(dovecot, email(sender="client_member_a@example.org"))
    assert imap.poll(box).stored == 1
    client = dovecot.imap(USER, PASSWORD)
    assert client.select("INBOX")[1] == [b"0"]
    assert client.select("Filed")[1] == [b"1"]
    client.logout()


def test_xoauth2_with_a_refreshed_token(db, world, dovecot, token_endpoint):
    box = _mailbox(
        world,
        dovecot,
        auth=Auth.OAUTH2,
        password="",
        oauth_provider="custom",
        oauth_client_id="tandem",
        oauth_client_secret=crypto.encrypt("client-secret"),
        oauth_token_url=f"{token_endpoint.url}/token",
        refresh_token=crypto.encrypt("refresh-1"),
    )
    _deliver(dovecot, email(sender="client_member_a@example.org"))
    assert imap.poll(box).stored == 1
    assert token_endpoint.refreshes == 1
    assert token_endpoint.introspections >= 1, "Dovecot checked the token"
    box.refresh_from_db()
    # The rotated refresh token replaced the old one, encrypted.
    assert box.refresh_token.startswith(crypto.PREFIX)
    assert crypto.decrypt(box.refresh_token) == "refresh-2"
    # The access token is reused while valid: no second refresh.
    _deliver(dovecot, email(sender="client_member_a@example.org", subject="Second"))
    assert imap.poll(box).stored == 1
    assert token_endpoint.refreshes == 1


def test_a_refused_sign_in_is_recorded_on_the_mailbox(db, world, dovecot):
    _mailbox(world, dovecot, password=crypto.encrypt("wrong"))
    result = imap.poll_all()
    assert "refused the sign-in" in result[USER]
    box = Mailbox.objects.get()
    assert "refused the sign-in" in box.last_error
    assert box.last_polled_at is not None


def _poll_and_die_before_commit(mailbox_id: int) -> None:
    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    ingest.store = killed  # the fetch happened; the process dies before storing
    imap.poll(Mailbox.objects.get(pk=mailbox_id))


def _poll_and_die_after_commit(mailbox_id: int) -> None:
    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    imap._mark = killed  # stored and filed; the process dies before marking
    imap.poll(Mailbox.objects.get(pk=mailbox_id))


@pytest.mark.parametrize("dies", [_poll_and_die_before_commit, _poll_and_die_after_commit])
def test_a_worker_killed_mid_poll_loses_and_doubles_nothing(transactional_db, world, dovecot, dies):
    box = _mailbox(world, dovecot)
    _deliver(dovecot, email(sender="client_member_a@example.org", subject="Outage"))
    connections.close_all()
    child = multiprocessing.get_context("fork").Process(target=dies, args=(box.pk,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    assert _unfiled(dovecot) == 1, "still not marked filed on the server"
    polled = imap.poll(box)
    assert polled.fetched == 1
    assert _unfiled(dovecot) == 0
    assert ServiceRequest.objects.filter(subject="Outage").count() == 1
    assert InboundMessage.objects.count() == 1
    assert ingest.file_pending() == 0
