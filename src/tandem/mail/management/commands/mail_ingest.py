"""`tandem mail-ingest < message.eml`: one message from a pipe (Postfix's
`pipe`, procmail, fetchmail's `--mda`).

Exit 0 once the message is stored (or was stored before); the worker files
it (a request, a reply, triage, noise) right after. Exit 75 (EX_TEMPFAIL)
when it could not be stored, so the MTA keeps it and tries again. Nothing
else: another non-zero code would make the MTA bounce it to its sender."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.mail.ingest import DUPLICATE, store
from tandem.mail.models import Transport

EX_OK = 0
EX_TEMPFAIL = 75
MAX_BYTES = 100 * 1024 * 1024

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Store one email read from standard input (exit 0, or 75 to retry later)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--recipient",
            default="",
            help="The address it was delivered to (default: $ORIGINAL_RECIPIENT, "
            "as Postfix's pipe sets it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        recipient = options["recipient"] or os.environ.get("ORIGINAL_RECIPIENT", "")
        try:
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                # Too big for one row; the MTA's own size limit should stop it first.
                self.stderr.write("message larger than 100 MB: not stored")
                sys.exit(EX_TEMPFAIL)
            result = store(raw, transport=Transport.PIPE, recipient=recipient)
        except SystemExit:
            raise
        except BaseException as exc:
            log.exception("mail-ingest could not store the message")
            self.stderr.write(f"not stored, try again later: {type(exc).__name__}: {exc}")
            sys.exit(EX_TEMPFAIL)
        said = "duplicate" if result.outcome == DUPLICATE else "stored"
        self.stdout.write(f"{said} {result.inbound.uuid}")
        sys.exit(EX_OK)
