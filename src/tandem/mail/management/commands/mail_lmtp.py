"""`tandem mail-lmtp --host 127.0.0.1 --port 2424`: the LMTP server an MTA
delivers into (Postfix: `mailbox_transport = lmtp:inet:127.0.0.1:2424`, or
`virtual_transport` for virtual domains). Runs until stopped (SIGTERM,
SIGINT); a message is answered only once stored, so stopping loses
nothing: the MTA retries what was not answered."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.mail import lmtp


class Command(BaseCommand):
    help = "Serve LMTP for an MTA to deliver the mailboxes' mail into Tandem."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2424)

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        server = lmtp.server(options["host"], options["port"])
        server.start()
        self.stdout.write(f"LMTP on {options['host']}:{options['port']}")
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            server.stop()
