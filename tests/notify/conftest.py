from __future__ import annotations

import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """A real SMTP server's handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.delay = 0.0
        self.got_data = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.got_data.set()
        if self.delay:
            time.sleep(self.delay)  # a stalled server: the client waits for the 250
        self.messages.append(envelope.original_content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()
