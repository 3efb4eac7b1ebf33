"""Demo articles: public answers for every practice, one for the dental
office alone, an internal runbook, and a few times an answer solved it.
Called by `tandem demo`."""

from __future__ import annotations

import uuid

from tandem.accounts.actors import actor_for
from tandem.accounts.choices import Role
from tandem.accounts.models import Organization, Person
from tandem.kb import services
from tandem.kb.models import Article, Visibility

ARTICLES = [
    (
        "Printer shows offline",
        "devices",
        "When a printer shows **offline** on a workstation:\n\n"
        "1. Check the printer's own screen for a paper jam or an error, and clear it.\n"
        "2. Turn the printer off, wait ten seconds, and turn it on again.\n"
        "3. On the PC, open *Printers & scanners*, choose the printer and *Open queue*; "
        "cancel a stuck job at the top of the list.\n"
        "4. Still offline after five minutes? Use **Get help** and say which printer "
        "(the label on its front, such as *FRONT-DESK-1*).",
    ),
    (
        "Reset your EHR password",
        "accounts",
        "On the EHR sign-in page choose **Forgot password**, enter your work email and "
        "follow the link you receive within a few minutes. The link works once, for one "
        "hour. Locked out after too many tries? Wait 15 minutes, or use **Get help** "
        "and choose *Accounts and access*.",
    ),
    (
        "The internet is slow or down",
        "network",
        "Check whether it is every PC or one:\n\n"
        "- **Every PC, and the phones too**: the connection is down. Use **Get help** "
        "with *The practice can't work*; we see the line from our side.\n"
        "- **One PC**: restart it, then check the network cable at the back.\n"
        "- **Guest Wi-Fi only**: that network is separate on purpose; the clinic's "
        "systems keep working.",
    ),
    (
        "Scan a document to email",
        "devices",
        "On the copier, press **Scan**, then **Email**, choose your name in the address "
        "book and press **Start**. The scan arrives from *scanner@* within a minute. "
        "Scans with patient information go only to addresses inside the practice.",
    ),
]


def seed(staff: list[Person]) -> None:
    if Article.objects.exists():
        return  # idempotent: seeded once
    admin, tech = staff[0], staff[1]
    writer = actor_for(admin)
    made = [
        services.save_article(actor=writer, article=None, title=t, body=b, category=c)
        for t, c, b in ARTICLES
    ]
    dental = Organization.objects.filter(slug="bright-smile").first()
    if dental is not None:
        services.save_article(
            actor=writer,
            article=None,
            title="Imaging bridge will not start",
            category="ehr",
            body="Restart the **imaging bridge** service on the X-ray PC (*Services* → "
            "*Imaging Bridge* → *Restart*). If the sensor is still not found, unplug it "
            "and plug it into the same USB port again.",
            practices=[dental],
        )
    services.save_article(
        actor=actor_for(tech),
        article=None,
        title="Runbook: firewall rule rollback",
        category="network",
        visibility=Visibility.INTERNAL,
        body="Staff only. Export the current policy first, then restore last night's "
        "backup from the firewall's *Configuration → Backups*. Note the change on the "
        "request as an internal note and tell the practice only that access is restored.",
    )
    # Some practice people found their answer before asking.
    people = Person.objects.filter(organization__slug="riverside", is_active=True)
    for person in people.exclude(role=Role.AUDITOR).order_by("id")[:3]:
        services.solved(
            actor=actor_for(person), person=person, article=made[0], intake=uuid.uuid4()
        )
