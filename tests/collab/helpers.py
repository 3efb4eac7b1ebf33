"""Decisions in the test world: drafted by Pat (provider admin) for practice
A (own) or B (foreign), proposed or signed on demand."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.cache import cache

from tandem.accounts.actors import actor_for
from tandem.collab import changes, decisions
from tandem.collab.models import ChangeRequest, Decision
from tests.conftest import CANARY_B, PASSWORD, totp_code

SIGNERS = {"own": "client_admin_a", "foreign": "client_admin_b"}


def draft_of(world, side: str = "own", title: str = "Encrypt every laptop") -> Decision:
    org = world.a if side == "own" else world.b
    suffix = "" if side == "own" else f" {CANARY_B}"
    return decisions.create(
        actor=actor_for(world.people["provider_admin"]),
        organization=org,
        draft=decisions.Draft(
            title=title + suffix,
            context="Two laptops left the clinic unencrypted last year." + suffix,
            options=[
                {
                    "title": "BitLocker on every laptop",
                    "pros": "Built in",
                    "cons": "A day of work",
                    "cost": "$0",
                    "risk": "Low",
                },
                {
                    "title": "Keep as is",
                    "pros": "Nothing to do",
                    "cons": "A lost laptop is a breach",
                    "cost": "$0",
                    "risk": "High",
                },
            ],
            recommended=0,
            practice_position="Yes, if no clinic time is lost.",
            provider_position="Strongly recommended.",
        ),
    )


def proposed_of(world, side: str = "own", **kwargs) -> Decision:
    decision = draft_of(world, side, **kwargs)
    return decisions.propose(actor=actor_for(world.people["provider_admin"]), decision=decision)


def sign_as(world, persona: str, decision: Decision, meaning: str = "agree", comment: str = ""):
    """Sign as a persona, proving it with the password (and, for the
    provider's staff, a fresh authenticator code)."""
    cache.clear()  # the authenticator code may be used once; each signing here needs one
    person = world.people[persona]
    decision.refresh_from_db()
    return decisions.sign(
        actor=actor_for(person),
        decision=decision,
        meaning=meaning,
        password=PASSWORD,
        code=totp_code() if person.is_provider_staff else "",
        seen_sha256=decisions.current_hash(decision),
        comment=comment,
    )


def agreed_of(world, side: str = "own", **kwargs) -> Decision:
    decision = proposed_of(world, side, **kwargs)
    sign_as(world, SIGNERS[side], decision)
    sign_as(world, "provider_admin", decision)
    decision.refresh_from_db()
    return decision


# Change requests: Monday Jan 7, 2030 at practice A's main clinic (Chicago,
# open 08:00-17:00 weekdays); practice B's site keeps no clinic hours.
NIGHT = (datetime(2030, 1, 8, 2, tzinfo=UTC), datetime(2030, 1, 8, 4, tzinfo=UTC))  # 20-22 CST
MORNING = (datetime(2030, 1, 7, 16, tzinfo=UTC), datetime(2030, 1, 7, 17, tzinfo=UTC))  # 10-11


def change_of(world, side: str = "own", window=NIGHT, **kwargs) -> ChangeRequest:
    org, site = (world.a, world.site_a) if side == "own" else (world.b, world.site_b)
    suffix = "" if side == "own" else f" {CANARY_B}"
    return changes.create(
        actor=actor_for(world.people["provider_admin"]),
        organization=org,
        plan=changes.Plan(
            title=kwargs.pop("title", "Replace the core switch") + suffix,
            starts_at=window[0],
            ends_at=window[1],
            sites=[site],
            description="Swap the switch in the server closet." + suffix,
            reason="The old one drops packets.",
            risk="medium",
            rollback_plan="Put the old switch back.",
            **kwargs,
        ),
    )


def submitted_of(world, side: str = "own", **kwargs) -> ChangeRequest:
    change = change_of(world, side, **kwargs)
    return changes.submit(actor=actor_for(world.people["provider_admin"]), change=change)


def decide_as(world, persona: str, change: ChangeRequest, meaning: str = "approve", comment=""):
    cache.clear()
    person = world.people[persona]
    change.refresh_from_db()
    return changes.decide(
        actor=actor_for(person),
        change=change,
        meaning=meaning,
        password=PASSWORD,
        code=totp_code() if person.is_provider_staff else "",
        seen_sha256=changes.current_hash(change),
        comment=comment,
    )


def approved_of(world, side: str = "own", **kwargs) -> ChangeRequest:
    change = submitted_of(world, side, **kwargs)
    decide_as(world, SIGNERS[side], change)
    change.refresh_from_db()
    return change


def action_of(world, side: str = "own", owner: str = "client_admin_a", due=None, **kwargs):
    """An item of practice A (owed by Ann, the practice) or B (owed by Bea)."""
    from datetime import date

    from tandem.collab import actions

    org = world.a if side == "own" else world.b
    if side != "own" and owner == "client_admin_a":
        owner = "client_admin_b"
    return actions.create(
        actor=actor_for(world.people["provider_admin"]),
        organization=org,
        item=actions.Item(
            title=kwargs.pop("title", "Send the list of laptops")
            + ("" if side == "own" else f" {CANARY_B}"),
            owner=world.people[owner],
            due_on=due or date(2030, 1, 31),
            **kwargs,
        ),
    )


def concern_of(world, side: str = "own", persona: str | None = None, **kwargs):
    """A concern raised by A's member (or B's admin), about the service."""
    from tandem.collab import concerns

    persona = persona or ("client_member_a" if side == "own" else "client_admin_b")
    org = world.a if side == "own" else world.b
    suffix = "" if side == "own" else f" {CANARY_B}"
    return concerns.raise_concern(
        actor=actor_for(world.people[persona]),
        organization=org,
        raised=concerns.Raised(
            title=kwargs.pop("title", "Nobody called back about the printer") + suffix,
            about=kwargs.pop("about", "service"),
            strength=kwargs.pop("strength", 4),
            description="Three days and no call." + suffix,
            **kwargs,
        ),
    )
