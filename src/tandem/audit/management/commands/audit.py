from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.accounts.models import Organization
from tandem.audit import anchors, services


class Command(BaseCommand):
    help = "Audit trail tools. `audit verify` checks every organization's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the hash chains, then anchor them")
        verify.add_argument("--organization", help="slug of one organization")
        sub.add_parser("anchor", help="copy every chain's head to AUDIT_ANCHOR_FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "anchor":
            written = anchors.write_anchors()
            self.stdout.write(f"Anchored {written} chain(s) in {settings.AUDIT_ANCHOR_FILE}")
            return
        ids = None
        if options.get("organization"):
            org = Organization.objects.filter(slug=options["organization"]).first()
            if org is None:
                raise CommandError(f"No organization {options['organization']!r}.")
            ids = [org.pk]
        names = dict(Organization.objects.values_list("id", "slug"))
        bad = 0
        for report in services.verify(ids):
            slug = names.get(report.organization_id, report.organization_id)
            if report.ok:
                self.stdout.write(f"OK   {slug}: {report.events} events")
            else:
                bad += 1
                position = report.first_bad_position
                self.stdout.write(
                    f"BAD  {slug}: first bad event at position {position}: {report.problem}"
                )
        if bad:
            raise CommandError(f"{bad} chain(s) failed verification.")
        anchors.write_anchors()  # only a verified head becomes the new reference
        self.stdout.write("OK")
