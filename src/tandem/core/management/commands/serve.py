from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Tandem with gunicorn and run the background worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("TANDEM_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--no-worker", action="store_true", help="do not start the Huey worker")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        web = [
            python,
            "-m",
            "gunicorn",
            "tandem.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            # No access log: invitation and reset links carry their token in the path.
            "--control-socket",
            str(settings.VAR_DIR / "gunicorn.ctl"),
            "--graceful-timeout",
            "20",
        ]
        children = [subprocess.Popen(web)]
        if not options["no_worker"]:
            # Only this one consumer runs the periodic scheduler.
            children.append(subprocess.Popen([python, "-m", "tandem.cli", "run_huey"]))
        host, _, port = options["bind"].rpartition(":")
        shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "") else host  # noqa: S104
        self.stdout.write(
            self.style.SUCCESS(f"Tandem is running at http://{shown}:{port}  (Ctrl-C stops it)")
        )
        self.stdout.write(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")

        def stop(signum: int, frame: Any) -> None:
            # SIGTERM for gunicorn is graceful; Huey's graceful stop is SIGINT
            # (SIGTERM would interrupt a delivery mid-way).
            for child, graceful in zip(children, (signal.SIGTERM, signal.SIGINT), strict=False):
                if child.poll() is None:
                    child.send_signal(graceful)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            stop(signal.SIGTERM, None)
            for child in children:
                child.wait(timeout=30)
