"""Mail benchmark: ingest through the pipe's function, 20 kB messages.

A provider's mailbox takes bursts (a morning's mail after an outage, an
IMAP backlog after a network cut), and ingest must keep well ahead. This
script:

1. creates a throw-away SQLite database (or uses PostgreSQL with --db
   postgres), migrates it, seeds the demo and a mailbox routing the demo
   practices' domains;
   (with --db postgres, the queue of filing jobs is in Redis, as in that
   shape; with SQLite, in Huey's SQLite file);
2. builds N messages of about 20 kB (default 2,000, fixed seed): 60% open a
   request (from known people and from new senders who become contacts),
   30% reply to one of them by In-Reply-To with quoted history to cut, 10%
   automatic replies set aside;
3. times `mail.ingest.store` over them in one process (the work of `tandem
   mail-ingest` without the process start: after it the MTA is told the
   message is taken), and, as the baseline in the same run, a bare insert of
   each message's bytes as one row;
4. then times the worker filing them all (`ingest.file_pending`: requests,
   replies, contacts, notices, audit), reported, not budgeted;
5. exits 1 if storing is under 200 messages per second.

    .venv/bin/python bench/mail.py                 # SQLite, 2,000 messages
    .venv/bin/python bench/mail.py --db postgres -n 4000
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from email.message import EmailMessage

import common

BUDGET_PER_S = 200.0
SIZE = 20 * 1024
WORDS = (  # noqa: SIM905 (a word list reads best as words)
    "printer offline queue toner paper jam driver network cable switch router wifi guest "
    "password reset account locked email scanner copier label imaging sensor bridge service "
    "restart workstation laptop monitor keyboard phone voicemail extension fax backup "
    "server firewall vpn remote desktop update windows patch antivirus certificate browser "
    "reception front desk exam room dental hygiene xray pharmacy signature pad slow frozen"
).split()


def _seed() -> None:
    from django.core.management import call_command

    from tandem.accounts.models import Organization
    from tandem.mail.models import DomainRoute, Mailbox

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("demo", verbosity=0, stdout=io.StringIO())
    box, _ = Mailbox.objects.get_or_create(
        address="bench@northwind-it.example", defaults={"name": "Bench", "hourly_limit": 10**6}
    )
    for practice in Organization.objects.filter(kind="client"):
        for address in practice.people.values_list("email", flat=True):
            DomainRoute.objects.get_or_create(
                mailbox=box,
                domain=address.rpartition("@")[2],
                defaults={"organization": practice},
            )


def _text(rng: random.Random, size: int) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    lines = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)]
    return "\n".join(lines)


def _messages(n: int, senders: list[str]) -> list[bytes]:
    rng = random.Random(1042)
    out: list[bytes] = []
    opened: list[tuple[str, str]] = []  # (Message-ID, sender) of requests opened
    for i in range(n):
        roll = rng.random()
        msg = EmailMessage()
        msg["To"] = "bench@northwind-it.example"
        msg["Message-ID"] = f"<bench-{i}@sender.example>"
        if roll < 0.3 and opened:
            parent, sender = rng.choice(opened)
            msg["From"] = sender
            msg["Subject"] = "Re: still a problem"
            msg["In-Reply-To"] = f"<{parent}>"
            msg["References"] = f"<{parent}>"
            quoted = "\n".join("> " + line for line in _text(rng, SIZE - 600).split("\n"))
            msg.set_content(
                f"{_text(rng, 400)}\n\nOn Mon, Nov 30, 2026 at 9:00 AM Help wrote:\n{quoted}\n"
            )
        elif roll < 0.4:
            msg["From"] = senders[i % len(senders)]
            msg["Subject"] = "Automatic reply: out of office"
            msg["Auto-Submitted"] = "auto-replied"
            msg.set_content(_text(rng, SIZE - 500))
        else:
            new = roll > 0.85
            known = senders[i % len(senders)]
            msg["From"] = f"new{i}@{known.rpartition('@')[2]}" if new else known
            msg["Subject"] = f"{rng.choice(WORDS)} {rng.choice(WORDS)} not working ({i})"
            msg.set_content(_text(rng, SIZE - 500))
            opened.append((f"bench-{i}@sender.example", msg["From"]))
        out.append(bytes(msg))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("-n", "--messages", type=int, default=2000)
    args = parser.parse_args(argv)
    common.setup(args.db, "mail", redis=True)
    _seed()

    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from tandem.accounts.models import Person
    from tandem.mail import ingest
    from tandem.mail.models import InboundMessage, Mailbox, Outcome, Transport

    senders = list(
        Person.objects.filter(
            organization__kind="client", role__in=["client_admin", "client_member"]
        ).values_list("email", flat=True)
    )
    messages = _messages(args.messages, senders)
    size = statistics.mean(len(m) for m in messages)
    box = Mailbox.objects.get(address="bench@northwind-it.example")

    # Baseline: each message's bytes as one row, one transaction each.
    base_start = time.perf_counter()
    for i, raw in enumerate(messages):
        with transaction.atomic():
            InboundMessage.objects.create(
                mailbox=box,
                transport=Transport.PIPE,
                dedupe_key=f"baseline:{i}",
                outcome=Outcome.NOISE,
                raw=raw,
                size=len(raw),
                received_at=timezone.now(),
            )
    base_s = time.perf_counter() - base_start
    InboundMessage.objects.filter(dedupe_key__startswith="baseline:").delete()

    start = time.perf_counter()
    for raw in messages:
        ingest.store(raw, transport=Transport.PIPE)
    store_s = time.perf_counter() - start
    start = time.perf_counter()
    while ingest.file_pending(limit=500):
        pass
    file_s = time.perf_counter() - start
    outcomes = dict(
        InboundMessage.objects.values_list("outcome").annotate(n=Count("id")).order_by("outcome")
    )
    rate, base_rate = len(messages) / store_s, len(messages) / base_s
    file_rate = len(messages) / file_s
    print(
        f"mail ingest, {args.db} ({connection.vendor}): {len(messages)} messages, "
        f"mean {size / 1024:.1f} kB; filed as {outcomes}"
    )
    print(f"  baseline (insert the bytes as one row): {base_rate:.0f} messages/s")
    print(
        f"  store (the pipe): {rate:.0f} messages/s ({1000 / rate:.2f} ms each; "
        f"{rate / base_rate:.2f}x the baseline's rate)"
    )
    print(f"  file (the worker): {file_rate:.0f} messages/s ({1000 / file_rate:.1f} ms each)")
    held = (
        InboundMessage.objects.filter(outcome=Outcome.TRIAGE)
        .values_list("reason")
        .annotate(n=Count("id"))
        .order_by("-n")[:3]
    )
    for reason, n in held:
        print(f"  held for triage ({n}): {reason}")
    ok = rate >= BUDGET_PER_S
    print(f"  budget {BUDGET_PER_S:.0f} messages/s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
