"""Decisions in the test world: drafted by Pat (provider admin) for practice
A (own) or B (foreign), proposed or signed on demand."""

from __future__ import annotations

from django.core.cache import cache

from tandem.accounts.actors import actor_for
from tandem.collab import decisions
from tandem.collab.models import Decision
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
