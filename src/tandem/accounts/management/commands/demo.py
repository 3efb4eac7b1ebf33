from __future__ import annotations

from datetime import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tandem.accounts import services
from tandem.accounts.actors import actor_for
from tandem.accounts.choices import Role
from tandem.accounts.models import Organization, Person
from tandem.core.tenancy import SYSTEM

DEMO_PASSWORD = "tandem-demo-2026"  # noqa: S105  (printed for the demo on purpose)
WEEKDAYS_8_TO_5 = {d: (time(8), time(17)) for d in range(5)}

PROVIDER = {
    "name": "Northwind Managed IT",
    "support_phone": "(555) 010-4400",
    "support_email": "help@northwind-it.example",
    "support_hours": "Mon-Fri 7am-7pm; outages that stop patient care 24/7",
}
STAFF = [
    ("pat.admin@northwind-it.example", "Pat Alvarez", Role.PROVIDER_ADMIN),
    ("tom.tech@northwind-it.example", "Tom Nguyen", Role.TECHNICIAN),
    ("sam.manager@northwind-it.example", "Sam Okafor", Role.SERVICE_MANAGER),
    ("vera.security@northwind-it.example", "Vera Lindqvist", Role.SECURITY_LEAD),
]
PRACTICES: list[dict[str, Any]] = [
    {
        "name": "Riverside Family Clinic",
        "slug": "riverside",
        "phone": "(555) 201-3000",
        "sites": [
            ("Main Street clinic", "120 Main St", "Springfield", "IL", "62701", "America/Chicago"),
            ("Westside clinic", "48 Oak Ave", "Springfield", "IL", "62704", "America/Chicago"),
        ],
        "people": [
            ("maria.manager@riverside.example", "Maria Gomez", Role.CLIENT_ADMIN),
            ("frank.frontdesk@riverside.example", "Frank Miller", Role.CLIENT_MEMBER),
            ("dr.chen@riverside.example", "Dr. Lily Chen", Role.CLIENT_MEMBER),
            ("alice.auditor@riverside.example", "Alice Brooks", Role.AUDITOR),
        ],
    },
    {
        "name": "Bright Smile Dental",
        "slug": "bright-smile",
        "phone": "(555) 302-1100",
        "sites": [
            ("Bright Smile Dental", "9 Harbor Rd", "Portland", "ME", "04101", "America/New_York")
        ],
        "people": [
            ("dana.admin@brightsmile.example", "Dana Whitfield", Role.CLIENT_ADMIN),
            ("hygiene@brightsmile.example", "Omar Haddad", Role.CLIENT_MEMBER),
        ],
    },
    {
        "name": "Clearwater Behavioral Health",
        "slug": "clearwater",
        "phone": "(555) 404-7700",
        "sites": [
            (
                "Clearwater counseling center",
                "300 Lake Dr",
                "Boulder",
                "CO",
                "80302",
                "America/Denver",
            )
        ],
        "people": [
            ("jordan.admin@clearwater.example", "Jordan Reyes", Role.CLIENT_ADMIN),
            ("therapist@clearwater.example", "Priya Raman", Role.CLIENT_MEMBER),
            ("compliance@clearwater.example", "Ken Ito", Role.AUDITOR),
        ],
    },
]


class Command(BaseCommand):
    help = "Seed the demo: an IT provider, 4 staff, 3 practices, people in every role. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Refusing to seed demo data with production settings (TANDEM_PRODUCTION=1)."
            )
        provider = services.provider()
        if provider is not None and provider.slug != "northwind-managed-it":
            raise CommandError(
                "This instance already has a real IT provider; the demo would mix into it."
            )
        with transaction.atomic():
            self._seed()
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Sign in at http://localhost:8000 with:")
        )
        for email, _name, role in STAFF + [p for practice in PRACTICES for p in practice["people"]]:
            self.stdout.write(f"  {email:40} {Role(role).label:22} password: {DEMO_PASSWORD}")
        self.stdout.write(
            "Provider staff must set up an authenticator app (two-factor sign-in) at their first "
            "sign-in; practice people are not asked unless their practice requires it."
        )

    def _person(self, org: Organization, email: str, name: str, role: str) -> Person:
        existing = Person.objects.filter(email=email).first()
        if existing is not None:
            return existing
        return services.create_person(
            actor=SYSTEM,
            organization=org,
            email=email,
            full_name=name,
            role=role,
            password=DEMO_PASSWORD,
        )

    def _seed(self) -> None:
        provider = services.provider() or services.create_provider(actor=SYSTEM, **PROVIDER)
        staff = [self._person(provider, *row) for row in STAFF]
        practices: list[tuple[Organization, list[Person]]] = []
        for spec in PRACTICES:
            org = Organization.objects.filter(slug=spec["slug"]).first() or services.create_client(
                actor=SYSTEM, name=spec["name"], phone=spec["phone"], slug=spec["slug"]
            )
            for name, line1, city, state, zip_code, tz in spec["sites"]:
                if not org.sites.filter(name=name).exists():
                    services.create_site(
                        actor=SYSTEM,
                        organization=org,
                        name=name,
                        address_line1=line1,
                        city=city,
                        state=state,
                        postal_code=zip_code,
                        time_zone=tz,
                        hours=WEEKDAYS_8_TO_5,
                    )
            people = [self._person(org, *row) for row in spec["people"]]
            practices.append((org, people))
            if org.security_official_id is None:
                services.update_organization(
                    actor=SYSTEM,
                    organization=org,
                    security_official=people[0],
                    privacy_official=people[-1],
                )
        # The technician works on the family clinic only: the restricted persona.
        tech = staff[1]
        if not tech.restricted_to_assigned:
            riverside = Organization.objects.get(slug="riverside")
            services.set_assignments(
                actor=SYSTEM, person=tech, restricted=True, clients=[riverside]
            )
            # Last night's break-glass access to the dental office, already ended.
            grant = services.grant_emergency_access(
                actor=actor_for(tech),
                slug="bright-smile",
                reason="Paged for Bright Smile's imaging server outage; their technician was off.",
            )
            services.end_emergency_access(actor=actor_for(tech), grant=grant)
        self._integrations(provider, staff[0])
        self._desk(practices, tech=staff[1], admin=staff[0])

    def _desk(
        self, practices: list[tuple[Organization, list[Person]]], *, tech: Person, admin: Person
    ) -> None:
        """Requests in every state; the restricted technician works Riverside."""
        from tandem.desk import demo as desk_demo

        for org, people in practices:
            desk_demo.seed(org, people, tech if org.slug == "riverside" else admin)
        staff = [Person.objects.get(email=email) for email, _n, _r in STAFF]
        desk_demo.seed_teams(staff)
        desk_demo.seed_redaction(admin)
        from tandem.sla import demo as sla_demo

        for org, people in practices:
            if org.slug == "riverside":
                manager = next(p for p in staff if p.role == Role.SERVICE_MANAGER)
                sla_demo.seed(org, people[1], tech, manager)
        from tandem.oncall import demo as oncall_demo

        manager = next(p for p in staff if p.role == Role.SERVICE_MANAGER)
        oncall_demo.seed([tech, staff[0], staff[2]], lead=staff[0], manager=manager)
        from tandem.kb import demo as kb_demo

        kb_demo.seed(staff)
        from tandem.mail import demo as mail_demo

        mail_demo.seed([org for org, _people in practices])
        from tandem.collab import demo as collab_demo

        collab_demo.seed(practices, author=staff[3], lead=manager, password=DEMO_PASSWORD)
        for org, people in practices:
            if org.slug == "riverside":
                collab_demo.seed_changes(org, people[0], tech=tech, password=DEMO_PASSWORD)
            collab_demo.seed_actions(org, people, staff)
            collab_demo.seed_concerns(org, people, staff)

    def _integrations(self, provider: Organization, admin: Person) -> None:
        """Service accounts: the provider's monitoring and a practice's backup
        checker, each with a token (not printed: tokens are shown only once)."""
        # The demo seeds every app; the api app is to the right of this one.
        from tandem.api import services as api_services

        riverside = Organization.objects.get(slug="riverside")
        specs = [
            (provider, "RMM alerts", "Turns monitoring alerts into requests", Role.TECHNICIAN),
            (
                riverside,
                "Backup monitor",
                "Nightly check of the backup appliance",
                Role.CLIENT_MEMBER,
            ),
        ]
        for org, name, description, role in specs:
            if org.service_accounts.filter(name=name).exists():
                continue
            account = api_services.create_service_account(
                actor=SYSTEM, organization=org, name=name, description=description, role=role
            )
            api_services.create_service_account_token(
                actor=actor_for(admin),
                account=account,
                name=f"{name.lower().replace(' ', '-')}-prod",
                scopes=["accounts:read"],
                days=180,
            )
