"""Personas and a small world of two practices, for every test.

Practice A ("riverside") is where the personas live; practice B ("lakeside")
is the other tenant, its data planted with canary strings that must never
reach A's people.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import time as clock
from dataclasses import dataclass, field
from datetime import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tandem.accounts import services, teams
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import Role
from tandem.accounts.models import EmergencyAccess, Invitation, Organization, Person, Site, Team
from tandem.api import services as api_services
from tandem.api.models import ApiToken, ServiceAccount
from tandem.core.tenancy import SYSTEM
from tandem.desk import services as desk
from tandem.desk.attachments import check as check_file
from tandem.desk.models import Attachment, Macro, SavedView, ServiceRequest
from tandem.kb.models import Article

# CI has a time budget: fewer examples there, more on a developer's machine.
hypothesis_settings.register_profile("ci", max_examples=30, deadline=None)
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

CANARY_B = "CANARY-B-7f3a"  # in practice B's names, notes and audit labels
STAFF_ONLY_A = "STAFFONLY-A-91c2"  # in practice A's provider-only notes
PASSWORD = "correct-horse-battery-9"
# Provider staff must have a second factor: the personas have this TOTP key.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """RFC 6238 (30-second steps, 6 digits, SHA-1), written out here so the
    tests do not borrow the code they test."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((clock.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def enroll_totp(person: Person, secret: str = TOTP_SECRET) -> None:
    TOTP.activate(person, secret)


PERSONAS = (
    "provider_admin",
    "technician_a",
    "client_admin_a",
    "client_member_a",
    "auditor_a",
    "client_admin_b",
    "anonymous",
)
A_PERSONAS = ("client_admin_a", "client_member_a", "auditor_a")


@dataclass
class World:
    provider: Organization
    a: Organization
    b: Organization
    site_a: Site
    site_b: Site
    people: dict[str, Person] = field(default_factory=dict)
    contact_a: Person | None = None
    contact_b: Person | None = None
    invitation_a: Invitation | None = None
    invitation_b: Invitation | None = None
    c: Organization | None = None
    api_token_a: ApiToken | None = None
    raw_api_token_a: str = ""
    grant_c: EmergencyAccess | None = None
    # An integration of practice A (and one of B), with a token made by A's admin.
    service_account_a: ServiceAccount | None = None
    service_account_b: ServiceAccount | None = None
    sa_token_a: ApiToken | None = None
    raw_sa_token_a: str = ""
    sa_token_b: ApiToken | None = None
    # Requests: A's raised by its member (patient care), with a staff reply and
    # an internal note carrying STAFF_ONLY_A; B's carrying CANARY_B.
    request_a: ServiceRequest | None = None
    request_b: ServiceRequest | None = None
    attachment_a: Attachment | None = None  # on A's first message (public)
    attachment_b: Attachment | None = None
    token_a: str = ""
    token_b: str = ""
    team: Team | None = None
    macro: Macro | None = None
    view: SavedView | None = None  # the admin's, shared with the team
    # Knowledge base: public to every practice; public to practice B only
    # (CANARY_B in it); internal (STAFF_ONLY_A in it).
    article: Article | None = None
    article_b: Article | None = None
    article_internal: Article | None = None

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(self.people[persona])
        return client


# The immutability triggers (signoff 0002, collab 0002) refuse DELETE, and on
# SQLite Django's flush (after a live-server test) is a DELETE per table: such
# tests drop the triggers before the flush and the next test puts them back.
_DROPPED_TRIGGERS: list[str] = []
GUARDED_TABLES = (
    "signoff_signature",
    "collab_decision",
    "collab_decisionfile",
    "collab_changerequest",
    "collab_changesite",
)


def drop_immutability_triggers() -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        return  # PostgreSQL's flush is TRUNCATE, which row triggers do not see
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        for name, sql, table in cursor.fetchall():
            if table not in GUARDED_TABLES:
                continue
            cursor.execute(f'DROP TRIGGER "{name}"')
            _DROPPED_TRIGGERS.append(sql)


@pytest.fixture(autouse=True)
def _immutability_triggers(django_db_blocker):
    if _DROPPED_TRIGGERS:
        from django.db import connection

        with django_db_blocker.unblock(), connection.cursor() as cursor:
            # IF NOT EXISTS: SQLite may report a just-dropped trigger as still
            # there when its schema cache is stale after the flush.
            for sql in _DROPPED_TRIGGERS:
                cursor.execute(sql.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
            present = {row[0] for row in cursor.fetchall()}
        assert present >= set(GUARDED_TABLES), f"immutability triggers missing: {present}"
        _DROPPED_TRIGGERS.clear()


@pytest.fixture(autouse=True)
def _fast_and_inline(settings, tmp_path):
    """A fast hasher and immediate Huey: tests run the worker's code inline.
    Each test has its own audit anchor file."""
    from huey.contrib.djhuey import HUEY

    settings.AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.jsonl")
    settings.MEDIA_ROOT = str(tmp_path / "files")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    HUEY.immediate = True
    yield
    HUEY.immediate = False


def build_world() -> World:
    hours = {d: (time(8), time(17)) for d in range(5)}
    provider = services.create_provider(
        actor=SYSTEM,
        name="Test IT Partners",
        support_phone="(555) 000-1234",
        support_hours="Mon-Fri 8-6",
    )
    a = services.create_client(actor=SYSTEM, name="Riverside Clinic", slug="riverside")
    b = services.create_client(actor=SYSTEM, name=f"Lakeside {CANARY_B}", slug="lakeside")
    services.update_organization(
        actor=SYSTEM, organization=a, internal_notes=f"Gate code {STAFF_ONLY_A}"
    )
    services.update_organization(actor=SYSTEM, organization=b, internal_notes=f"notes {CANARY_B}")
    site_a = services.create_site(
        actor=SYSTEM, organization=a, name="Main clinic", time_zone="America/Chicago", hours=hours
    )
    site_b = services.create_site(
        actor=SYSTEM,
        organization=b,
        name=f"Site {CANARY_B}",
        address_line1=f"1 {CANARY_B} Rd",
        time_zone="America/Denver",
    )
    world = World(provider=provider, a=a, b=b, site_a=site_a, site_b=site_b)
    specs = {
        "provider_admin": (provider, Role.PROVIDER_ADMIN, "Pat Admin"),
        "technician_a": (provider, Role.TECHNICIAN, "Tess Tech"),
        "client_admin_a": (a, Role.CLIENT_ADMIN, "Ann Admin"),
        "client_member_a": (a, Role.CLIENT_MEMBER, "Mel Member"),
        "auditor_a": (a, Role.AUDITOR, "Audrey Auditor"),
        "client_admin_b": (b, Role.CLIENT_ADMIN, f"Bea {CANARY_B}"),
    }
    for persona, (org, role, name) in specs.items():
        world.people[persona] = services.create_person(
            actor=SYSTEM,
            organization=org,
            email=f"{persona}@example.org",
            full_name=name,
            role=role,
            password=PASSWORD,
        )
    for persona in ("provider_admin", "technician_a"):
        enroll_totp(world.people[persona])
    services.set_assignments(
        actor=SYSTEM, person=world.people["technician_a"], restricted=True, clients=[a]
    )
    world.contact_a = services.create_person(
        actor=SYSTEM,
        organization=a,
        email="contact@a.example",
        full_name="Carl Contact",
        role=Role.CLIENT_MEMBER,
    )
    world.contact_b = services.create_person(
        actor=SYSTEM,
        organization=b,
        email="contact@b.example",
        full_name=f"Cora {CANARY_B}",
        role=Role.CLIENT_MEMBER,
    )
    provider_actor = _actor(world.people["provider_admin"])
    world.invitation_a, world.token_a = services.invite(
        actor=provider_actor,
        organization=a,
        email="newbie@a.example",
        full_name="Nina Newbie",
        role=Role.CLIENT_MEMBER,
    )
    world.invitation_b, world.token_b = services.invite(
        actor=provider_actor,
        organization=b,
        email="newbie@b.example",
        full_name=f"Nora {CANARY_B}",
        role=Role.CLIENT_MEMBER,
    )
    services.update_organization(
        actor=SYSTEM,
        organization=a,
        security_official=world.people["client_admin_a"],
        privacy_official=world.people["client_member_a"],
    )
    # A third practice, and an emergency access the technician once took to it
    # (already ended, so the technician sees practice A only).
    world.c = services.create_client(actor=SYSTEM, name="Cedar Dental", slug="cedar")
    world.grant_c = services.grant_emergency_access(
        actor=actor_for(world.people["technician_a"]),
        slug="cedar",
        reason="Paged for Cedar's server outage while its technician is away",
    )
    services.end_emergency_access(
        actor=actor_for(world.people["technician_a"]), grant=world.grant_c
    )
    world.api_token_a, world.raw_api_token_a = api_services.create_token(
        actor=actor_for(world.people["client_admin_a"]),
        name="Practice dashboard",
        scopes=["accounts:read", "audit:read"],
        days=30,
    )
    world.service_account_a = api_services.create_service_account(
        actor=actor_for(world.people["client_admin_a"]),
        organization=a,
        name="Riverside monitoring",
        role=Role.CLIENT_ADMIN,
    )
    world.sa_token_a, world.raw_sa_token_a = api_services.create_service_account_token(
        actor=actor_for(world.people["client_admin_a"]),
        account=world.service_account_a,
        name="RMM",
        scopes=["accounts:read", "accounts:write"],
        days=90,
    )
    world.service_account_b = api_services.create_service_account(
        actor=actor_for(world.people["client_admin_b"]),
        organization=b,
        name=f"Lakeside {CANARY_B}",
        role=Role.CLIENT_MEMBER,
    )
    world.sa_token_b, _raw = api_services.create_service_account_token(
        actor=actor_for(world.people["client_admin_b"]),
        account=world.service_account_b,
        name=f"Backup {CANARY_B}",
        scopes=["accounts:read"],
        days=90,
    )
    member_a = actor_for(world.people["client_member_a"])
    world.request_a = desk.open_request(
        actor=member_a,
        organization=a,
        subject="Front desk PCs cannot reach the EHR",
        body="Since 8:10 nobody at the front desk can open the EHR. Patients are waiting.",
        category="ehr",
        impact="patient_care",
        site=world.site_a,
        callback_phone="(555) 010-2000",
        files=[check_file(SimpleUploadedFile("error.txt", b"EHR: connection refused"))],
    )
    world.attachment_a = Attachment.objects.get(request=world.request_a)
    tech = actor_for(world.people["technician_a"])
    desk.add_message(
        actor=tech,
        request=world.request_a,
        body="Looking now. Is the clinic's internet up?",
        ask_practice=True,
    )
    desk.add_message(
        actor=tech,
        request=world.request_a,
        body=f"Firewall rule change last night is the likely cause. {STAFF_ONLY_A}",
        kind="internal",
        time_spent_minutes=10,
        files=[check_file(SimpleUploadedFile("firewall.txt", STAFF_ONLY_A.encode()))],
    )
    world.request_a.refresh_from_db()
    world.request_b = desk.open_request(
        actor=actor_for(world.people["client_admin_b"]),
        organization=b,
        subject=f"Printer jam {CANARY_B}",
        body=f"The label printer jams. {CANARY_B}",
        category="devices",
        impact="person_blocked",
        files=[check_file(SimpleUploadedFile("jam.txt", CANARY_B.encode()))],
    )
    world.attachment_b = Attachment.objects.get(request=world.request_b)
    # A provider team (no category routed to it, so it changes no request).
    world.team = teams.save_team(
        actor=SYSTEM,
        team=None,
        name="Front line",
        lead=world.people["provider_admin"],
        assignment="round_robin",
        members=[world.people["technician_a"]],
        provider=provider,
    )
    # A shared canned reply that sets nothing but the text.
    from tandem.desk import macros

    world.macro = macros.save_macro(
        actor=SYSTEM,
        macro=None,
        name="Looking into it",
        body="Hi {requester_name}, we are looking into {reference}.",
        shared=True,
    )
    world.view = SavedView.objects.create(
        name="Front line P1s",
        owner=world.people["provider_admin"],
        team=world.team,
        filters={"queue": "active", "priority": 1},
    )
    world.article = _article(world, "Printer shows offline", "Turn the printer off and on.")
    world.article_b = _article(
        world, f"Lakeside label printer {CANARY_B}", f"Ask for {CANARY_B}.", only=[b]
    )
    world.article_internal = _article(
        world, "Firewall rollback", f"Roll back the rule. {STAFF_ONLY_A}", visibility="internal"
    )
    return world


def _article(world: World, title: str, body: str, *, only=None, visibility="public") -> Article:
    """Written straight to the table (no audit event, so the world's trails stay
    as the tests count them), with the stems the services would keep."""
    from tandem.kb import search

    article = Article.objects.create(
        organization=world.provider,
        title=title,
        body=body,
        visibility=visibility,
        for_all_practices=only is None,
        title_terms=search.joined(search.terms(title)),
        body_terms=search.joined(search.terms(body)),
    )
    article.practices.set(only or [])
    return article


def _actor(person: Person):
    return actor_for(person)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def actor_of():
    return _actor
