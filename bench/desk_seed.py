"""Seed the desk benchmark's database (run by bench/desk.py inside the
product's environment, after `migrate` and `tandem demo`).

N requests over the demo practices plus more practices, each with 3 to 5
messages, written with bulk inserts; then a staff session, a service
account token and the baseline's table. Prints what the driver needs as JSON.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import timedelta

import django

django.setup()

from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tandem.accounts import services as accounts  # noqa: E402
from tandem.accounts.actors import actor_for  # noqa: E402
from tandem.accounts.choices import Role  # noqa: E402
from tandem.accounts.models import Organization, Person  # noqa: E402
from tandem.api import services as api  # noqa: E402
from tandem.core.markdown import render  # noqa: E402
from tandem.core.models import Counter  # noqa: E402
from tandem.core.tenancy import SYSTEM  # noqa: E402
from tandem.desk import search  # noqa: E402
from tandem.desk.choices import Category, Impact, MessageKind, Status, Urgency  # noqa: E402
from tandem.desk.models import RequestMessage, ServiceRequest  # noqa: E402
from tandem.desk.services import priority_for  # noqa: E402

BATCH = 5000
# Search: each subject carries one of 100 words, so a word is in ~1% of them.
SEARCH_WORDS = [f"kw{k:02d}" for k in range(100)]
EXTRA_PRACTICES = 17
# Most requests of a year are done: 6% active, the rest resolved or closed.
STATUSES = (
    [Status.NEW] * 1
    + [Status.OPEN] * 3
    + [Status.WAITING_CLIENT] * 1
    + [Status.WAITING_THIRD_PARTY] * 1
    + [Status.RESOLVED] * 4
    + [Status.CLOSED] * 90
)


def main(count: int) -> dict[str, object]:
    rng = random.Random(1042)
    admin = Person.objects.get(email="pat.admin@northwind-it.example")
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # provider staff must have one
    for i in range(EXTRA_PRACTICES):
        if not Organization.objects.filter(slug=f"bench-{i}").exists():
            org = accounts.create_client(
                actor=SYSTEM, name=f"Bench practice {i}", slug=f"bench-{i}"
            )
            accounts.create_person(
                actor=SYSTEM,
                organization=org,
                email=f"member{i}@bench.example",
                full_name=f"Member {i}",
                role=Role.CLIENT_MEMBER,
            )
    practices = list(Organization.objects.filter(kind="client"))
    people = {
        o.pk: list(Person.objects.filter(organization=o).values_list("pk", flat=True))
        for o in practices
    }
    staff = list(Person.objects.filter(organization__kind="provider").values_list("pk", flat=True))
    now = timezone.now()
    body = "The front desk printer shows **offline** since this morning.\n\n- tried a restart"
    html = render(body)
    start = Counter.objects.filter(name="request").values_list("value", flat=True).first() or 1000
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        rows = []
        for n in range(size):
            org = rng.choice(practices)
            impact = rng.choice(Impact.values)
            urgency = rng.choice(Urgency.values)
            created = now - timedelta(minutes=rng.randint(10, 365 * 24 * 60))
            status = rng.choice(STATUSES)
            rows.append(
                ServiceRequest(
                    organization=org,
                    number=start + made + n + 1,
                    subject=f"Bench request {made + n} {rng.choice(SEARCH_WORDS)}",
                    category=rng.choice(Category.values),
                    impact=impact,
                    urgency=urgency,
                    priority=priority_for(impact, urgency),
                    status=status,
                    channel="portal",
                    requester_id=rng.choice(people[org.pk]) if people[org.pk] else None,
                    assignee_id=rng.choice(staff) if status != Status.NEW else None,
                    created_by_label="bench",
                    created_at=created,
                    updated_at=created,
                    status_changed_at=created,
                    resolved_at=created if status in {Status.RESOLVED, Status.CLOSED} else None,
                    closed_at=created if status == Status.CLOSED else None,
                )
            )
        with transaction.atomic():
            created_rows = ServiceRequest.objects.bulk_create(rows)  # ids on both databases
            messages = []
            for req in created_rows:
                for k in range(rng.randint(3, 5)):
                    messages.append(
                        RequestMessage(
                            organization_id=req.organization_id,
                            request_id=req.pk,
                            kind=MessageKind.INTERNAL if k == 2 else MessageKind.PUBLIC,
                            channel="portal",
                            author_id=req.requester_id if k % 2 == 0 else req.assignee_id,
                            author_label="bench",
                            body=body,
                            body_html=html,
                            created_at=req.created_at + timedelta(minutes=k * 7),
                        )
                    )
            RequestMessage.objects.bulk_create(messages, batch_size=BATCH)
        made += size
    Counter.objects.update_or_create(name="request", defaults={"value": start + count})
    search.rebuild(ServiceRequest.objects.all())
    with connection.cursor() as cursor:
        # After a bulk load, as autovacuum (PostgreSQL) or a maintenance job would.
        cursor.execute("ANALYZE")

    session = SessionStore()
    session[SESSION_KEY] = str(admin.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
    session.create()

    account = api.create_service_account(
        actor=SYSTEM,
        organization=Organization.objects.get(kind="provider"),
        name=f"bench-{rng.randint(0, 10**9)}",
        role=Role.TECHNICIAN,
    )
    _token, raw = api.create_service_account_token(
        actor=actor_for(admin),
        account=account,
        name="bench",
        scopes=["desk:read", "desk:write"],
        days=1,
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_row")
        pk = (
            "INTEGER PRIMARY KEY AUTOINCREMENT"
            if connection.vendor == "sqlite"
            else "BIGSERIAL PRIMARY KEY"
        )
        cursor.execute(f"CREATE TABLE bench_row (id {pk}, created_at TIMESTAMP, note VARCHAR(200))")
    riverside = Organization.objects.get(slug="riverside")
    requester = Person.objects.filter(organization=riverside, role=Role.CLIENT_MEMBER).first()
    numbers = list(ServiceRequest.objects.order_by("?").values_list("number", flat=True)[:500])
    return {
        "session": session.session_key,
        "token": raw,
        "requester": str(requester.uuid) if requester else "",
        "refs": [f"T-{n}" for n in numbers],
        "words": SEARCH_WORDS,
        "requests": ServiceRequest.objects.count(),
        "messages": RequestMessage.objects.count(),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
