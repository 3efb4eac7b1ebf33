"""Demo decisions: at Riverside one in every state (a draft, one awaiting the
provider's signature, one agreed, one rejected, and one agreed then
superseded); one proposed decision at each other practice. Signed through the
real mechanism: each signer proves it is them with their demo password.
Called by `tandem demo`."""

from __future__ import annotations

from typing import Any

from tandem.accounts.actors import actor_for
from tandem.accounts.models import Organization, Person
from tandem.collab import decisions
from tandem.collab.models import Decision

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
