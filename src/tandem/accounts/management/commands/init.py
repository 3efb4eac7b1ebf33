from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from tandem.accounts import services
from tandem.accounts.choices import Role
from tandem.core.tenancy import SYSTEM


class Command(BaseCommand):
    help = "Set up a real (non-demo) install: the IT provider and its first admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--provider-name", required=True)
        parser.add_argument("--support-phone", required=True)
        parser.add_argument("--support-hours", default="")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        parser.add_argument(
            "--password-env",
            default="TANDEM_ADMIN_PASSWORD",
            help="environment variable holding the admin's password (prompted for if unset)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if services.provider() is not None:
            raise CommandError("This instance is already set up (it has its IT provider).")
        password = os.environ.get(options["password_env"]) or getpass.getpass("Admin password: ")
        try:
            with transaction.atomic():
                org = services.create_provider(
                    actor=SYSTEM,
                    name=options["provider_name"],
                    support_phone=options["support_phone"],
                    support_hours=options["support_hours"],
                )
                services.create_person(
                    actor=SYSTEM,
                    organization=org,
                    email=options["admin_email"],
                    full_name=options["admin_name"],
                    role=Role.PROVIDER_ADMIN,
                    password=password,
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Set up {org.name}. Sign in as {options['admin_email']}.")
