"""Demo requests: every status, a patient-care P1, a phone call, an internal
note, a re-triage and a follow-up, for one practice. Called by `tandem demo`."""

from __future__ import annotations

from tandem.accounts.actors import actor_for
from tandem.accounts.models import Organization, Person, Team
from tandem.desk import relations, satisfaction, services
from tandem.desk.choices import Status
from tandem.desk.models import ServiceRequest, Survey


def seed(practice: Organization, people: list[Person], tech: Person) -> None:
    if ServiceRequest.objects.filter(organization=practice).exists():
        return  # idempotent: seeded once
    admin, member = people[0], people[1]
    staff = actor_for(tech)
    site = practice.sites.first()

    def raise_(person: Person, subject: str, body: str, category: str, impact: str, **kw):  # type: ignore[no-untyped-def]
        return services.open_request(
            actor=actor_for(person),
            organization=practice,
            subject=subject,
            body=body,
            category=category,
            impact=impact,
            site=site,
            **kw,
        )

    outage = raise_(
        member,
        "Check-in screens cannot open the schedule",
        "Since 7:50 the check-in PCs show *Cannot connect to server*. Patients are queuing.",
        "ehr",
        "patient_care",
        callback_phone=practice.phone,
    )
    services.assign(actor=staff, request=outage, assignee=tech)
    services.add_message(
        actor=staff,
        request=outage,
        body="On it. The EHR server answers; checking the clinic's VPN tunnel now.",
        time_spent_minutes=10,
    )
    services.add_message(
        actor=staff,
        request=outage,
        body="Tunnel dropped after the ISP's maintenance at 7:45. Reset it; watch for a repeat.",
        kind="internal",
        time_spent_minutes=15,
    )

    question = raise_(
        admin,
        "New hire needs EHR and email access on Monday",
        "Jamie starts Monday at the front desk and needs EHR (scheduling only) and email.",
        "accounts",
        "question",
    )
    services.add_message(
        actor=staff,
        request=question,
        body="Happy to. What is Jamie's full name and personal email for the welcome link?",
        ask_practice=True,
    )

    vendor = raise_(
        admin,
        "Lab results interface stopped importing",
        "No lab results have arrived in the EHR since yesterday afternoon.",
        "ehr",
        "practice_down",
    )
    services.assign(actor=staff, request=vendor, assignee=tech)
    services.retriage(
        actor=staff,
        request=vendor,
        impact="person_blocked",
        reason="Results still arrive by fax; one biller re-keys them until the lab fixes it",
    )
    services.change_status(actor=staff, request=vendor, status=Status.WAITING_THIRD_PARTY)

    raise_(
        member,
        "Toner for the reception printer",
        "The reception printer says toner low.",
        "devices",
        "question",
    )

    services.open_request(
        actor=staff,
        organization=practice,
        subject="Phones: no dial tone in the back office",
        body=f"{member.full_name} called: the back-office phones have no dial tone.",
        category="phones",
        impact="practice_down",
        urgency="high",
        requester=member,
        callback_phone=practice.phone,
        channel="phone",
        time_spent_minutes=5,
    )

    wifi = raise_(
        member,
        "Guest Wi-Fi password",
        "Patients ask for the guest Wi-Fi; what is the password?",
        "network",
        "question",
    )
    services.add_message(
        actor=staff, request=wifi, body="It is on the card at reception; it changes monthly."
    )
    services.change_status(actor=staff, request=wifi, status=Status.RESOLVED)
    # The member rated it from the emailed link (asked when it was resolved).
    survey = Survey.objects.get(request=wifi)
    satisfaction.answer(
        survey=survey,
        rating=5,
        comment="Quick answer, thank you. Could the password be on the waiting-room TV?",
        via="email",
    )

    old = raise_(
        admin,
        "Scanner sends to the wrong folder",
        "The front-desk scanner saves to the desktop instead of the shared folder.",
        "devices",
        "person_blocked",
    )
    services.add_message(actor=staff, request=old, body="Fixed the scan profile.")
    services.change_status(actor=staff, request=old, status=Status.RESOLVED)
    services.change_status(actor=staff, request=old, status=Status.CLOSED)
    # A practice answering a closed request opens a follow-up, linked to it.
    services.add_message(
        actor=actor_for(admin), request=old, body="It went back to the desktop after an update."
    )
    # The admin reports the outage again: a duplicate, merged into the first
    # report (with the technician's internal note moving along, still internal).
    again = raise_(
        admin,
        "Schedule won't load at check-in",
        "Check-in can't open today's schedule; the member already called it in, I think.",
        "ehr",
        "patient_care",
    )
    services.add_message(
        actor=staff,
        request=again,
        body="Same outage as the check-in screens; merging.",
        kind="internal",
    )
    relations.merge(actor=staff, duplicate=again, into=outage)
    # The vendor ticket and the outage are related: the lab interface runs on
    # the same EHR server.
    relations.link(actor=staff, request=outage, other=vendor)


def seed_teams(staff: list[Person]) -> None:
    """Two teams: the service desk takes everyday requests by round-robin, the
    clinical-systems team takes EHR and network trouble by least open work.
    The security lead is away this week, so assignment skips her."""
    from datetime import timedelta

    from django.utils import timezone

    from tandem.accounts import teams
    from tandem.accounts.choices import AssignmentMode
    from tandem.accounts.models import Team
    from tandem.core.tenancy import SYSTEM

    if Team.objects.exists():
        return  # idempotent: seeded once
    from tandem.desk import macros

    for name, body, status in [
        (
            "Password reset done",
            "Hi {requester_name},\n\nThe password is reset. You will be asked to choose a new "
            "one at your next sign-in. Reply here if anything still blocks you.\n\n{technician}",
            Status.RESOLVED,
        ),
        (
            "Toner ordered",
            "Hi {requester_name}, the toner for {site} is ordered and should arrive within two "
            "business days. We will let you know when it is in.",
            Status.WAITING_THIRD_PARTY,
        ),
        (
            "Is it working now?",
            "Hi {requester_name}, we made a change for {reference}. Can you check that it works "
            "now at {site}?",
            Status.WAITING_CLIENT,
        ),
    ]:
        macros.save_macro(
            actor=SYSTEM, macro=None, name=name, body=body, shared=True, set_status=status
        )
    admin, tech, manager, security = staff
    provider = admin.organization
    desk = teams.save_team(
        actor=SYSTEM,
        team=None,
        name="Service desk",
        lead=manager,
        assignment=AssignmentMode.ROUND_ROBIN,
        members=[manager, tech, admin],
        provider=provider,
    )
    services.set_routes(actor=SYSTEM, team=desk, categories=["devices", "phones", "accounts"])
    clinical = teams.save_team(
        actor=SYSTEM,
        team=None,
        name="Clinical systems",
        lead=tech,
        assignment=AssignmentMode.LEAST_LOAD,
        members=[tech, security],
        provider=provider,
    )
    services.set_routes(actor=SYSTEM, team=clinical, categories=["ehr", "network"])
    teams.set_away(actor=SYSTEM, person=security, until=timezone.now() + timedelta(days=5))
    for item in ServiceRequest.objects.filter(status=Status.NEW, assignee__isnull=True):
        team = clinical if item.category in {"ehr", "network"} else desk
        services.send_to_team(actor=SYSTEM, request=item, team=team)
    _seed_views(manager, tech, desk)


def _seed_views(manager: Person, tech: Person, desk: Team) -> None:
    """Saved views: the service manager's shared with the service desk, and a
    technician's own."""
    from tandem.desk import saved_views

    for owner, name, team, filters in [
        (manager, "Unassigned devices", desk, {"queue": "unassigned", "category": "devices"}),
        (manager, "Patient care, oldest first", desk, {"queue": "patient_care", "sort": "oldest"}),
        (tech, "My P1s", None, {"queue": "mine", "priority": "1"}),
    ]:  # fmt: skip
        actor = actor_for(owner)
        saved_views.save_view(
            actor=actor,
            view=None,
            name=name,
            team=team,
            filters=saved_views.clean_filters(actor, filters),
        )


def seed_redaction(admin: Person) -> None:
    """A member pasted a patient's details into Riverside's outage and kept
    them; the provider admin removed them for good (the request shows the
    marker, the audit trail the redaction)."""
    from tandem.desk import redaction

    outage = ServiceRequest.objects.filter(
        organization__slug="riverside", subject__startswith="Check-in screens"
    ).first()
    if outage is None or outage.requester is None:
        return
    pasted = "Maria Lopez, DOB 04/12/1961"
    if outage.messages.filter(body__contains=redaction.MARKER).exists():
        return  # idempotent: seeded once
    services.add_message(
        actor=actor_for(outage.requester),
        request=outage,
        body=f"It fails for every patient, for example {pasted} could not check in.",
        contains_phi=True,
    )
    redaction.redact_text(actor=actor_for(admin), request=outage, passage=pasted, reason="phi")
