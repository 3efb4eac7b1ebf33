"""Demo decisions and changes. Decisions: at Riverside one in every state (a draft, one awaiting the
provider's signature, one agreed, one rejected, and one agreed then
superseded); one proposed decision at each other practice. Signed through the
real mechanism: each signer proves it is them with their demo password.
Called by `tandem demo`."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.accounts.models import Organization, Person
from tandem.collab import actions, changes, concerns, decisions
from tandem.collab.models import ActionItem, ChangeRequest, Concern, Decision

LAPTOPS = decisions.Draft(
    title="Encrypt every laptop with BitLocker",
    context="Two clinic laptops travel to home visits. Neither is encrypted, so a lost "
    "laptop would be a reportable breach (HIPAA 164.312(a)(2)(iv)).",
    options=[
        {
            "title": "BitLocker on every laptop, keys kept by Northwind",
            "pros": "Built into Windows; a lost laptop is no longer a breach",
            "cons": "An hour per laptop, after hours",
            "cost": "$0 (labour in the contract)",
            "risk": "Low",
        },
        {
            "title": "Keep laptops in the clinic",
            "pros": "Nothing to install",
            "cons": "Home visits go back to paper",
            "cost": "$0",
            "risk": "Medium",
        },
    ],
    recommended=0,
    practice_position="Agreed, if it is done after clinic hours and the doctors are shown "
    "how to unlock with the PIN.",
    provider_position="Strongly recommended; we hold the recovery keys in our vault.",
    discussion="Discussed at the November review with Maria and Dr. Chen.",
)
PCS = decisions.Draft(
    title="Replace the Windows 10 front-desk PCs",
    context="Windows 10 gets no security updates since October 2025. Three front-desk PCs "
    "still run it.",
    options=[
        {
            "title": "Replace all three in January",
            "pros": "Supported, faster",
            "cons": "Spend this quarter",
            "cost": "$2,850",
            "risk": "Low",
        },
        {
            "title": "Buy extended security updates for a year",
            "pros": "No change at the desk",
            "cons": "Pays to postpone",
            "cost": "$183 per PC",
            "risk": "Medium",
        },
    ],
    recommended=0,
    practice_position="Replace, but not during flu-shot season.",
    provider_position="Replace in January; we image them on a Saturday.",
)
BACKUPS = decisions.Draft(
    title="Keep an offsite, immutable copy of the backups",
    context="Backups are on a NAS in the server closet; ransomware that reaches it reaches them.",
    options=[{"title": "Immutable cloud copy, 30 days", "cost": "$60/month", "risk": "Low"}],
)
PHONES = decisions.Draft(
    title="Allow personal phones to read work email",
    context="Staff asked to read the shared inbox on their own phones.",
    options=[
        {
            "title": "Allow with the Outlook app and a PIN",
            "pros": "Convenient",
            "cons": "PHI on devices we do not manage",
            "cost": "$0",
            "risk": "High",
        },
    ],
    recommended=0,
    provider_position="Possible, with app protection policies.",
)
PHOTOS = decisions.Draft(
    title="Keep patient photos on the imaging server",
    context="Wound photos are saved to a shared folder on the imaging server.",
    options=[{"title": "Keep the shared folder, restrict it to clinicians", "risk": "Medium"}],
    recommended=0,
)


def _sign(decision: Decision, person: Person, password: str, **kwargs: Any) -> None:
    decision.refresh_from_db()
    decisions.sign(
        actor=actor_for(person),
        decision=decision,
        meaning=kwargs.get("meaning", "agree"),
        password=password,
        comment=kwargs.get("comment", ""),
        seen_sha256=decisions.current_hash(decision),
    )


def seed(
    practices: list[tuple[Organization, list[Person]]],
    *,
    author: Person,
    lead: Person,
    password: str,
) -> None:
    if Decision.objects.exists():
        return  # seeded already
    actor = actor_for(author)
    for org, people in practices:
        signer = people[0]  # the practice admin (and security official)
        if org.slug != "riverside":
            decision = decisions.create(actor=actor, organization=org, draft=PCS)
            decisions.propose(actor=actor, decision=decision)
            continue
        laptops = decisions.create(actor=actor, organization=org, draft=LAPTOPS)
        decisions.propose(actor=actor, decision=laptops)
        _sign(laptops, signer, password)
        _sign(laptops, lead, password)
        pcs = decisions.create(actor=actor, organization=org, draft=PCS)
        decisions.propose(actor=actor, decision=pcs)
        _sign(pcs, signer, password)
        decisions.create(actor=actor, organization=org, draft=BACKUPS)
        phones = decisions.create(actor=actor, organization=org, draft=PHONES)
        decisions.propose(actor=actor, decision=phones)
        _sign(
            phones,
            signer,
            password,
            meaning="reject",
            comment="Not while the shared inbox holds lab results.",
        )
        photos = decisions.create(actor=actor, organization=org, draft=PHOTOS)
        decisions.propose(actor=actor, decision=photos)
        _sign(photos, signer, password)
        _sign(photos, lead, password)
        photos.refresh_from_db()
        moved = decisions.supersede(actor=actor, decision=photos)
        decisions.update(
            actor=actor,
            decision=moved,
            draft=decisions.Draft(
                title="Move patient photos into the EHR's image store",
                context=PHOTOS.context + " The EHR now stores images with each chart.",
                options=[
                    {
                        "title": "Import the folder into the EHR, then remove it",
                        "cost": "$0",
                        "risk": "Low",
                    }
                ],
                recommended=0,
                practice_position="Yes: photos belong with the chart.",
            ),
        )
        decisions.propose(actor=actor, decision=moved)
        _sign(moved, signer, password)
        _sign(moved, lead, password)


def _next(weekday: int, hour: int, zone: ZoneInfo, weeks: int = 0) -> datetime:
    """The next given weekday at a local hour, `weeks` later."""
    today = timezone.now().astimezone(zone).date()
    days = (weekday - today.weekday()) % 7 or 7
    day = today + timedelta(days=days + 7 * weeks)
    return datetime.combine(day, time(hour), tzinfo=zone)


def _backdate(change: ChangeRequest, starts: datetime) -> None:
    """History for the demo: a change made last week. Only an unsigned row
    is moved (the triggers would refuse a signed one)."""
    length = change.ends_at - change.starts_at
    ChangeRequest.objects.filter(pk=change.pk).update(
        starts_at=starts, ends_at=starts + length, submitted_at=starts - timedelta(days=3)
    )
    change.refresh_from_db()


def _answer(change: ChangeRequest, person: Person, password: str, meaning: str = "approve") -> None:
    change.refresh_from_db()
    changes.decide(
        actor=actor_for(person),
        change=change,
        meaning=meaning,
        password=password,
        seen_sha256=changes.current_hash(change),
        comment=""
        if meaning == "approve"
        else "Not on a Saturday: the clinic opens for flu shots.",
    )


def seed_changes(org: Organization, admin: Person, *, tech: Person, password: str) -> None:
    """Riverside's changes: one done last week (checked), an emergency one in
    clinic hours, one approved for next week, one awaiting approval, one sent
    back, and a draft."""
    if ChangeRequest.objects.filter(organization=org).exists():
        return
    actor = actor_for(tech)
    sites = list(org.sites.order_by("name"))
    zone = ZoneInfo(sites[0].time_zone)

    def plan(title: str, starts: datetime, hours: int = 2, **kwargs: Any) -> ChangeRequest:
        return changes.create(
            actor=actor,
            organization=org,
            plan=changes.Plan(
                title=title,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                sites=kwargs.pop("sites", sites[:1]),
                **kwargs,
            ),
        )

    done = plan(
        "Update the EHR server to the vendor's 24.3 release",
        _next(1, 20, zone),
        description="Install the vendor's update, restart the EHR services, test sign-in.",
        reason="The vendor ends support for 24.1 this month.",
        systems="EHR server",
        rollback_plan="Restore last night's snapshot of the EHR server (20 minutes).",
    )
    changes.submit(actor=actor, change=done)
    _backdate(done, _next(1, 20, zone) - timedelta(days=7 * 2))
    _answer(done, admin, password)
    changes.record_step(actor=actor, change=done, step="start")
    changes.record_step(actor=actor, change=done, step="complete", notes="Updated; all tests pass.")
    changes.record_check(actor=actor_for(admin), change=done, result="passed",
                         notes="Front desk and doctors signed in the next morning.")  # fmt: skip

    emergency = plan(
        "Replace the failing firewall power supply",
        _next(2, 11, zone),
        hours=1,
        risk="high",
        description="Swap the power supply; the internet drops for about ten minutes.",
        reason="The firewall rebooted three times this morning.",
        systems="Firewall, internet",
        rollback_plan="Run on the spare firewall while the part is returned.",
        emergency_justification="It may fail for good before tonight: then the clinic has no "
        "internet, no e-prescribing and no phones until a part arrives.",
    )
    changes.submit(actor=actor, change=emergency)
    _answer(emergency, admin, password)

    switch = plan(
        "Replace the core network switch",
        _next(1, 20, zone, weeks=1),
        hours=3,
        risk="medium",
        sites=sites,
        description="Install the new switch in the server closet and move every cable.",
        reason="The old switch drops packets; the EHR freezes at the front desk.",
        systems="Network, phones, EHR access",
        rollback_plan="Move the cables back to the old switch (30 minutes).",
    )
    changes.submit(actor=actor, change=switch)
    _answer(switch, admin, password)

    updates = plan(
        "Windows updates on the front-desk PCs",
        _next(5, 19, zone),
        description="Install this month's updates and restart the four front-desk PCs.",
        systems="Front-desk PCs",
        rollback_plan="Uninstall the update from Settings.",
    )
    changes.submit(actor=actor, change=updates)

    backups = plan(
        "Move the backups to the new NAS",
        _next(5, 8, zone),
        hours=4,
        description="Copy the backup sets to the new NAS and point the backup jobs at it.",
        rollback_plan="Point the jobs back at the old NAS.",
        emergency_justification="",
    )
    changes.update(
        actor=actor,
        change=backups,
        plan=changes.Plan(
            title=backups.title,
            starts_at=_next(6, 9, zone),
            ends_at=_next(6, 13, zone),
            sites=sites[:1],
            description=backups.description,
            rollback_plan=backups.rollback_plan,
        ),
    )
    changes.submit(actor=actor, change=backups)
    _answer(backups, admin, password, meaning="ask_changes")

    plan(
        "Replace the Wi-Fi access points in the waiting room",
        _next(4, 19, zone, weeks=2),
        description="Mount two new access points; guests move to their own network.",
    )


def seed_actions(org: Organization, people: list[Person], staff: list[Person]) -> None:
    """Each practice's plan: items owed by both sides, some overdue, some done;
    at Riverside one carries out the agreed BitLocker decision."""
    if ActionItem.objects.filter(organization=org).exists():
        return
    admin = people[0]
    tech, manager = staff[1], staff[2]
    if org.slug != "riverside":
        tech = staff[0]  # the restricted technician works Riverside only
    actor = actor_for(manager)
    today = actions.today_for(org)
    source = Decision.objects.filter(organization=org, title=LAPTOPS.title).first()
    rows = [
        ("Encrypt the two home-visit laptops", tech, 6, None, source),
        ("Send the list of staff who left this year", admin, -4, None, None),
        ("Replace the toner in the front-desk printer", tech, -2, None, None),
        ("Quote for a second internet line", manager, 10, "in_progress", None),
        ("Confirm the new clinic hours for the holidays", admin, 3, None, None),
        ("Label the network cables in the closet", tech, -20, "done", None),
    ]
    for title, owner, days, status, origin in rows:
        item = actions.create(
            actor=actor,
            organization=org,
            item=actions.Item(title=title, owner=owner, due_on=today + timedelta(days=days)),
            source=origin,
        )
        if status:
            actions.set_status(actor=actor, item=item, status=status)


def seed_concerns(org: Organization, people: list[Person], staff: list[Person]) -> None:
    """Riverside: one closed by the practice's confirmation, one answered and
    awaiting it, one not acknowledged in time (escalated by the real sweep),
    and a restricted one about the technician, hidden from him."""
    if org.slug != "riverside" or Concern.objects.filter(organization=org).exists():
        return
    admin, frontdesk, doctor = people[0], people[1], people[2]
    tech, manager = staff[1], staff[2]
    lead = actor_for(manager)

    def raised(person: Person, title: str, about: str, strength: int, **kwargs: Any) -> Concern:
        return concerns.raise_concern(
            actor=actor_for(person),
            organization=org,
            raised=concerns.Raised(title=title, about=about, strength=strength, **kwargs),
        )

    closed = raised(admin, "Invoices arrive without the hours worked", "cost", 3,
                    description="We cannot check what we pay for.")  # fmt: skip
    concerns.acknowledge(actor=lead, concern=closed)
    concerns.respond(
        actor=lead, concern=closed, text="From this month each invoice lists requests and hours."
    )
    concerns.confirm(actor=actor_for(admin), concern=closed, addressed=True)

    answered = raised(frontdesk, "Nobody called back about the label printer", "service", 4,
                      description="Three days and two calls.")  # fmt: skip
    concerns.respond(
        actor=lead,
        concern=answered,
        text="Sorry. Tom calls you by 10 tomorrow, and callbacks now page him.",
    )

    late = raised(doctor, "The EHR freezes every morning at 8", "service", 5,
                  description="Patients wait at the desk while we restart it.")  # fmt: skip
    Concern.objects.filter(pk=late.pk).update(
        ack_due_at=timezone.now() - timedelta(hours=3),
        created_at=timezone.now() - timedelta(days=1, hours=3),
    )
    concerns.escalate_overdue()

    raised(
        admin,
        "The technician was short with our front desk",
        "person",
        2,
        about_person=tech,
        restricted=True,
        description="Probably a bad day, but it has happened twice.",
    )
