"""The outbox delivers every email at least once, through a real SMTP server,
and loses nothing to crashes, retries or duplicate enqueues."""

from __future__ import annotations

import multiprocessing
import os
import signal
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connections, transaction
from django.utils import timezone

from tandem.accounts import services as accounts
from tandem.accounts.choices import Role
from tandem.notify import delivery
from tandem.notify.models import OutboxMessage, OutboxStatus
from tandem.notify.services import enqueue_email
from tests.servers import free_port


def _enqueue(key: str = "k1") -> OutboxMessage:
    return enqueue_email(
        to="ann@example.org", subject="Hello", body_text="Body", idempotency_key=key
    )


def test_enqueueing_twice_with_one_key_writes_one_row(db):
    first = _enqueue("same")
    second = _enqueue("same")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


def test_a_rolled_back_change_leaves_no_email(db):
    def enqueue_then_fail() -> None:
        with transaction.atomic():
            _enqueue("rolled-back")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        enqueue_then_fail()
    assert not OutboxMessage.objects.exists()


def test_it_delivers_through_a_real_smtp_server(db, smtp_server):
    message = _enqueue()
    assert delivery.deliver(message.pk) is True
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.attempts == 1
    assert len(smtp_server.messages) == 1
    assert b"Subject: Hello" in smtp_server.messages[0]
    assert str(message.uuid).encode() in smtp_server.messages[0]
    assert delivery.deliver(message.pk) is False  # already sent: never twice


def test_a_down_server_means_a_retry_later_with_backoff(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    message = _enqueue()
    assert delivery.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert "ConnectionRefused" in message.last_error
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=20)
    assert delivery.due_ids() == []  # not retried before its time


def test_the_retry_delivers_once_the_server_is_back(db, smtp_server, settings):
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    message = _enqueue()
    delivery.deliver(message.pk)
    settings.EMAIL_PORT = real_port
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        assert delivery.deliver_due() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 2)
    assert len(smtp_server.messages) == 1


def test_after_the_last_attempt_it_is_marked_failed(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    message = _enqueue()
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=delivery.MAX_ATTEMPTS - 1)
    delivery.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED


def test_a_leased_row_is_not_taken_by_a_second_worker_until_the_lease_expires(db, smtp_server):
    message = _enqueue()
    assert delivery.claim(message.pk) is not None  # worker 1 claims, then dies silently
    assert delivery.deliver(message.pk) is False  # worker 2 must not send it too
    assert smtp_server.messages == []
    with time_machine.travel(timezone.now() + delivery.LEASE + timedelta(seconds=1)):
        assert delivery.deliver_due() == 1
    assert len(smtp_server.messages) == 1


def _deliver_in_child(message_id: int) -> None:
    delivery.deliver(message_id)


@pytest.mark.slow
def test_a_worker_killed_mid_delivery_leaves_the_row_for_the_next(transactional_db, smtp_server):
    # Written directly: enqueue_email would also trigger the (inline) worker at commit.
    message = OutboxMessage.objects.create(
        idempotency_key="kill",
        recipient="ann@example.org",
        subject="Hello",
        body_text="Body",
        next_attempt_at=timezone.now(),
    )
    smtp_server.delay = 3  # the child stalls waiting for the server's answer
    connections.close_all()
    child = multiprocessing.get_context("fork").Process(
        target=_deliver_in_child, args=(message.pk,)
    )
    child.start()
    assert smtp_server.got_data.wait(timeout=20)
    os.kill(child.pid, signal.SIGKILL)
    child.join(timeout=10)
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.lease_until is not None
    smtp_server.delay = 0
    with time_machine.travel(timezone.now() + delivery.LEASE + timedelta(seconds=1)):
        assert delivery.deliver_due() == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT


def test_an_invitation_is_emailed_after_commit_through_the_worker(
    world, django_capture_on_commit_callbacks, actor_of
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = accounts.invite(
            actor=actor_of(world.people["client_admin_a"]),
            organization=world.a,
            email="new.person@example.org",
            full_name="New Person",
            role=Role.CLIENT_MEMBER,
        )
    (sent,) = [m for m in mail.outbox if m.to == ["new.person@example.org"]]
    assert f"/invite/{token}/" in sent.body
    assert "Test IT Partners" in sent.body
    assert "(555) 000-1234" in sent.body
    row = OutboxMessage.objects.get(recipient="new.person@example.org")
    assert row.status == OutboxStatus.SENT
