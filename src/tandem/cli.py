"""The `tandem` command: `version` and `secret-key` need no settings; everything
else (init, demo, serve, worker, audit verify, migrate, …) is a management command."""

from __future__ import annotations

import os
import secrets
import sys
from importlib.metadata import version


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["version"]:
        print(version("tandem-desk"))
        return
    if args[:1] == ["secret-key"]:
        print(secrets.token_urlsafe(50))
        return
    if args and args[0].startswith("mail-"):
        args[0] = args[0].replace("-", "_")  # tandem mail-ingest, tandem mail-lmtp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tandem", *args])


if __name__ == "__main__":
    main()
