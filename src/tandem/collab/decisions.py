"""Writing decision records: drafting, proposing, signing, superseding, files
and links. Every change is audited; a signed decision is refused any change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.choices import OrgKind, Role
from tandem.accounts.models import Organization, Person
from tandem.accounts.permissions import PROVIDER_LEADS, is_provider_lead
from tandem.audit import services as audit
from tandem.collab.models import OPEN, ChangeRequest, Decision, DecisionFile, DecisionStatus
from tandem.core import links, references
from tandem.core.exceptions import Conflict
from tandem.core.tenancy import Actor
from tandem.core.text import strip_nul
from tandem.desk import attachments
from tandem.desk.models import ServiceRequest
from tandem.notify import services as notify
from tandem.notify.models import NoticeKind
from tandem.signoff import services as signoff
from tandem.signoff.models import Capacity, Meaning, Signature

MAX_TEXT = 20_000
MAX_OPTIONS = 6
OPTION_FIELDS = ("title", "pros", "cons", "cost", "risk")
OPTION_LIMITS = {"title": 200, "pros": 2000, "cons": 2000, "cost": 200, "risk": 200}
TEXTS = ("context", "practice_position", "provider_position", "discussion")
FIXED_MESSAGE = "This decision is signed: it changes only by a superseding decision."


def can_write(actor: Actor, organization_id: int) -> bool:
    """Draft and propose: provider staff who see the practice, and the
    practice's admins. Members and auditors read."""
    if actor.is_system:
        return True
    if not actor.can_see(organization_id):
        return False
    if actor.is_provider:
        return True
    return actor.role == Role.CLIENT_ADMIN and actor.organization_id == organization_id


def signing_capacity(actor: Actor, organization: Organization) -> Capacity | None:
    """For which side the actor may sign a decision of `organization`: the
    practice's admins and its security official (not an auditor) for the
    practice; provider admins and service managers for the provider."""
    if actor.is_client and actor.organization_id == organization.pk:
        if actor.role == Role.CLIENT_ADMIN:
            return Capacity.PRACTICE
        if actor.role != Role.AUDITOR and organization.security_official_id == actor.person_id:
            return Capacity.PRACTICE
        return None
    if is_provider_lead(actor) and actor.can_see(organization.pk):
        return Capacity.PROVIDER
    return None


def _designation(actor: Actor, organization: Organization) -> str:
    if actor.is_client and organization.security_official_id == actor.person_id:
        return "security official"
    return ""


def content(decision: Decision) -> dict[str, Any]:
    """What is signed: everything a reader relies on, files by their digest."""
    return {
        "record": "decision",
        "reference": decision.reference,
        "practice": str(decision.organization.uuid),
        "title": decision.title,
        "context": decision.context,
        "options": decision.options,
        "recommended": decision.recommended,
        "practice_position": decision.practice_position,
        "provider_position": decision.provider_position,
        "discussion": decision.discussion,
        "supersedes": decision.supersedes.reference if decision.supersedes_id else None,  # type: ignore[union-attr]
        # .all() then sorted here: a prefetched list (the API's pages) is reused.
        "files": [
            {"name": f.name, "sha256": f.sha256, "size": f.size}
            for f in sorted(decision.files.all(), key=lambda f: f.pk)
        ],
    }


def current_hash(decision: Decision) -> str:
    return signoff.content_hash(content(decision))


@dataclass(frozen=True)
class Draft:
    """A decision's written content, as a form or the API sends it."""

    title: str
    context: str = ""
    options: Sequence[Mapping[str, str]] = ()
    recommended: int | None = None
    practice_position: str = ""
    provider_position: str = ""
    discussion: str = ""


def _clean(draft: Draft) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = " ".join(strip_nul(draft.title or "").split())
    if not title or len(title) > 200:
        errors["title"] = "Give the decision a title of at most 200 characters."
    texts = {}
    for name in TEXTS:
        value = strip_nul(getattr(draft, name) or "").strip()
        if len(value) > MAX_TEXT:
            errors[name] = f"At most {MAX_TEXT} characters."
        texts[name] = value
    options = []
    for i, raw in enumerate(draft.options):
        option = {k: strip_nul(str(raw.get(k) or "")).strip() for k in OPTION_FIELDS}
        if not any(option.values()):
            continue
        if not option["title"]:
            errors["options"] = f"Option {i + 1} needs a title."
        for k, limit in OPTION_LIMITS.items():
            if len(option[k]) > limit:
                errors["options"] = f"Option {i + 1}: {k} is at most {limit} characters."
        options.append(option)
    if len(options) > MAX_OPTIONS:
        errors["options"] = f"At most {MAX_OPTIONS} options."
    recommended = draft.recommended
    if recommended is not None and not 0 <= recommended < len(options):
        errors["recommended"] = "Recommend one of the options written above, or none."
    if errors:
        raise ValidationError(errors)
    return {"title": title, **texts, "options": options, "recommended": recommended}


FIELDS = ("title", *TEXTS, "options", "recommended")


def _snapshot(decision: Decision) -> dict[str, Any]:
    out = audit.snapshot(decision, [f for f in FIELDS if f != "options"])
    out["options"] = [o.get("title", "") for o in decision.options]
    return out


def _url(decision: Decision) -> str:
    return reverse("collab:decision_detail", kwargs={"uuid": decision.uuid})


@transaction.atomic
def create(
    *, actor: Actor, organization: Organization, draft: Draft, supersedes: Decision | None = None
) -> Decision:
    if organization.is_provider or not can_write(actor, organization.pk):
        raise PermissionDenied("Decisions are drafted by the provider's staff and practice admins.")
    cleaned = _clean(draft)
    decision = Decision.objects.create(
        organization=organization,
        number=references.next_number("decision"),
        supersedes=supersedes,
        created_by_id=actor.person_id,
        **cleaned,
    )
    audit.record(
        actor=actor,
        verb="decision.create",
        organization_id=organization.pk,
        target=decision,
        target_label=str(decision),
        changes={
            **audit.diff(dict.fromkeys(FIELDS), _snapshot(decision)),
            **({"supersedes": [None, supersedes.reference]} if supersedes else {}),
        },
    )
    return decision


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().select_related("organization").get(pk=decision.pk)


def _writable(actor: Actor, decision: Decision) -> None:
    if not can_write(actor, decision.organization_id):
        raise PermissionDenied("Decisions are drafted by the provider's staff and practice admins.")
    if decision.status not in OPEN:
        raise Conflict(FIXED_MESSAGE)


@transaction.atomic
def update(*, actor: Actor, decision: Decision, draft: Draft) -> Decision:
    """Change a draft or a proposed decision. A signature already given to a
    proposed one was for the earlier wording: it no longer counts, and the
    signers are asked again."""
    decision = _locked(decision)
    _writable(actor, decision)
    cleaned = _clean(draft)
    before = _snapshot(decision)
    for name, value in cleaned.items():
        setattr(decision, name, value)
    decision.save()
    changes = audit.diff(before, _snapshot(decision))
    if changes:
        audit.record(
            actor=actor,
            verb="decision.update",
            organization_id=decision.organization_id,
            target=decision,
            target_label=str(decision),
            changes=changes,
        )
        if decision.status == DecisionStatus.PROPOSED:
            _ask_signers(decision, current_hash(decision))
    return decision


@transaction.atomic
def propose(*, actor: Actor, decision: Decision) -> Decision:
    decision = _locked(decision)
    _writable(actor, decision)
    if decision.status != DecisionStatus.DRAFT:
        raise Conflict("This decision is already proposed.")
    if not decision.options:
        raise ValidationError({"options": "Write at least one option before proposing."})
    decision.status = DecisionStatus.PROPOSED
    decision.proposed_at = timezone.now()
    decision.save(update_fields=["status", "proposed_at", "updated_at"])
    audit.record(
        actor=actor,
        verb="decision.propose",
        organization_id=decision.organization_id,
        target=decision,
        target_label=str(decision),
        changes={"status": [DecisionStatus.DRAFT, DecisionStatus.PROPOSED]},
    )
    _ask_signers(decision, current_hash(decision))
    return decision


def signers(organization: Organization) -> list[Person]:
    """Who may sign for either side: the practice's admins and security
    official, and the provider's leads."""
    practice = Person.objects.filter(
        organization=organization, is_active=True, role=Role.CLIENT_ADMIN
    )
    people = list(practice)
    official = organization.security_official
    if official and official.is_active and official.role != Role.AUDITOR and official not in people:
        people.append(official)
    people += Person.objects.filter(
        Q(restricted_to_assigned=False) | Q(assigned_clients=organization),
        organization__kind=OrgKind.PROVIDER,
        is_active=True,
        role__in=PROVIDER_LEADS,
    ).distinct()
    return [p for p in people if p.can_sign_in]


def _ask_signers(decision: Decision, digest: str) -> None:
    signed = set(
        signoff.signatures_of(decision)
        .filter(content_sha256=digest)
        .values_list("capacity", flat=True)
    )
    for person in signers(decision.organization):
        side = Capacity.PROVIDER if person.is_provider_staff else Capacity.PRACTICE
        if side in signed:
            continue
        notify.notify(
            person=person,
            organization_id=decision.organization_id,
            kind=NoticeKind.SIGNATURE,
            title=f"{decision.reference} awaits your signature: {decision.title}",
            url=_url(decision),
            key=f"decision-sign:{decision.uuid}:{digest[:16]}:{person.pk}",
            email_subject=f"[{decision.reference}] Please read and sign: {decision.title}",
            email_body=(
                f"The decision {decision.reference} “{decision.title}” for "
                f"{decision.organization.name} is proposed and awaits a signature "
                f"for your side.\n\nRead it and sign (or reject) in Tandem: {_url(decision)}\n"
            ),
        )


def sign(
    *,
    actor: Actor,
    decision: Decision,
    meaning: str,
    password: str,
    code: str = "",
    seen_sha256: str = "",
    comment: str = "",
) -> Signature:
    """Sign a proposed decision for the actor's side, agreeing or rejecting.
    `seen_sha256` is the digest of the content the signer read: if it changed
    since, nothing is signed. Both sides agreeing on the same content makes it
    agreed; one side rejecting makes it rejected. Either way it is then fixed."""
    organization = decision.organization
    capacity = signing_capacity(actor, organization)
    if capacity is None:
        raise PermissionDenied(
            "Decisions are signed by a practice admin or the practice's security "
            "official, and by a provider admin or service manager."
        )
    if meaning not in (Meaning.AGREE, Meaning.REJECT):
        raise ValidationError({"meaning": "Choose agree or reject."})
    comment = signoff.clean_comment(
        comment,
        required=meaning == Meaning.REJECT,
        why="Say why you reject it: the other side reads it.",
    )
    proof = signoff.prove(
        actor=actor,
        subject=decision,
        organization_id=organization.pk,
        label=str(decision),
        password=password,
        code=code,
    )
    with transaction.atomic():
        decision = _locked(decision)
        if decision.status != DecisionStatus.PROPOSED:
            raise Conflict(
                FIXED_MESSAGE if decision.is_signed else "Propose the decision before signing it."
            )
        body = content(decision)
        digest = signoff.content_hash(body)
        if seen_sha256 and seen_sha256 != digest:
            raise Conflict("The decision changed since you opened it: read it again, then sign.")
        signature = signoff.sign(
            actor=actor,
            proof=proof,
            subject=decision,
            organization_id=organization.pk,
            subject_label=str(decision),
            content=body,
            capacity=capacity,
            meaning=Meaning(meaning),
            designation=_designation(actor, organization),
            comment=comment,
        )
        _settle(actor, decision, digest, meaning)
    return signature


def _settle(actor: Actor, decision: Decision, digest: str, meaning: str) -> None:
    agreeing = set(
        signoff.signatures_of(decision)
        .filter(content_sha256=digest, meaning=Meaning.AGREE)
        .values_list("capacity", flat=True)
    )
    if meaning == Meaning.REJECT:
        status = DecisionStatus.REJECTED
    elif agreeing >= {Capacity.PRACTICE, Capacity.PROVIDER}:
        status = DecisionStatus.AGREED
    else:
        return
    decision.status = status
    decision.content_sha256 = digest
    decision.decided_at = timezone.now()
    decision.save(update_fields=["status", "content_sha256", "decided_at", "updated_at"])
    audit.record(
        actor=actor,
        verb=f"decision.{status}",
        organization_id=decision.organization_id,
        target=decision,
        target_label=str(decision),
        changes={"status": [DecisionStatus.PROPOSED, status], "content_sha256": [None, digest]},
    )
    if status == DecisionStatus.AGREED and decision.supersedes_id:
        old = Decision.objects.select_for_update().get(pk=decision.supersedes_id)
        if old.status == DecisionStatus.AGREED:
            # Status alone: the database refuses any other change to a signed row.
            Decision.objects.filter(pk=old.pk).update(
                status=DecisionStatus.SUPERSEDED, updated_at=timezone.now()
            )
            audit.record(
                actor=actor,
                verb="decision.superseded",
                organization_id=old.organization_id,
                target=old,
                target_label=str(old),
                changes={
                    "status": [DecisionStatus.AGREED, DecisionStatus.SUPERSEDED],
                    "superseded_by": [None, decision.reference],
                },
            )
    _tell_outcome(decision)


def _tell_outcome(decision: Decision) -> None:
    people = {p.pk: p for p in signers(decision.organization)}
    if decision.created_by_id and decision.created_by:
        people.setdefault(decision.created_by_id, decision.created_by)
    word = decision.get_status_display().lower()
    for person in people.values():
        notify.notify(
            person=person,
            organization_id=decision.organization_id,
            kind=NoticeKind.DECISION,
            title=f"{decision.reference} {word}: {decision.title}",
            url=_url(decision),
            key=f"decision-outcome:{decision.uuid}:{person.pk}",
            email_subject=f"[{decision.reference}] {word.capitalize()}: {decision.title}",
            email_body=(
                f"The decision {decision.reference} “{decision.title}” for "
                f"{decision.organization.name} is {word}. It is fixed from now on; "
                f"it changes only by a superseding decision.\n\n{_url(decision)}\n"
            ),
        )


@transaction.atomic
def supersede(*, actor: Actor, decision: Decision) -> Decision:
    """A new draft that will replace an agreed decision once it is agreed in
    turn, starting from its content. Asked twice, the same draft."""
    decision = _locked(decision)
    if not can_write(actor, decision.organization_id):
        raise PermissionDenied("Decisions are drafted by the provider's staff and practice admins.")
    if decision.status != DecisionStatus.AGREED:
        raise Conflict("Only an agreed decision is superseded; change a draft directly.")
    existing = Decision.objects.filter(supersedes=decision).first()
    if existing is not None:
        return existing
    return create(
        actor=actor,
        organization=decision.organization,
        supersedes=decision,
        draft=Draft(
            title=decision.title,
            context=decision.context,
            options=decision.options,
            recommended=decision.recommended,
            practice_position=decision.practice_position,
            provider_position=decision.provider_position,
            discussion=decision.discussion,
        ),
    )


@transaction.atomic
def add_files(
    *, actor: Actor, decision: Decision, uploads: list[UploadedFile]
) -> list[DecisionFile]:
    decision = _locked(decision)
    _writable(actor, decision)
    if not uploads:
        raise ValidationError({"files": "Choose a file."})
    try:
        checked = attachments.check_all(uploads)
    except ValidationError as exc:
        raise ValidationError({"files": exc.messages}) from None
    made = []
    for c in checked:
        item = DecisionFile(
            organization_id=decision.organization_id,
            decision=decision,
            name=c.name,
            content_type=c.content_type,
            size=c.size,
            sha256=c.sha256,
            uploaded_by_id=actor.person_id,
            created_at=timezone.now(),
        )
        item.file.save(c.name, c.upload, save=False)
        item.save()
        made.append(item)
        audit.record(
            actor=actor,
            verb="decision.file_added",
            organization_id=decision.organization_id,
            target=decision,
            target_label=str(decision),
            changes={"file": [None, c.name], "sha256": [None, c.sha256], "size": [None, c.size]},
        )
    decision.save(update_fields=["updated_at"])
    return made


@transaction.atomic
def remove_file(*, actor: Actor, decision: Decision, item: DecisionFile) -> None:
    decision = _locked(decision)
    _writable(actor, decision)
    audit.record(
        actor=actor,
        verb="decision.file_removed",
        organization_id=decision.organization_id,
        target=decision,
        target_label=str(decision),
        changes={"file": [item.name, None], "sha256": [item.sha256, None]},
    )
    stored = item.file.name
    item.delete()
    storage = item.file.storage
    transaction.on_commit(lambda: storage.delete(stored))


def record_file_read(*, actor: Actor, item: DecisionFile) -> None:
    audit.record(
        actor=actor,
        verb="decision.file_read",
        organization_id=item.organization_id,
        target=item.decision,
        target_label=str(item.decision),
        changes={"file": [None, item.name]},
    )


@transaction.atomic
def link_record(
    *, actor: Actor, decision: Decision, record: ServiceRequest | ChangeRequest, on: bool = True
) -> bool:
    """Relate (or, `on` False, unrelate) a request or a change of the same
    practice. Links are not signed content: a signed decision still gains
    them (the change that carries it out)."""
    if not can_write(actor, decision.organization_id):
        raise PermissionDenied("Decisions are drafted by the provider's staff and practice admins.")
    if record.organization_id != decision.organization_id:
        raise ValidationError({"request": "Link a request or change of the same practice."})
    changed = links.link(decision, record, by=actor.label) if on else links.unlink(decision, record)
    if changed:
        ref = record.reference
        audit.record(
            actor=actor,
            verb="decision.linked" if on else "decision.unlinked",
            organization_id=decision.organization_id,
            target=decision,
            target_label=str(decision),
            changes={"record": [None, ref] if on else [ref, None]},
        )
    return changed


def record_export(*, actor: Actor, organization: Organization, count: int, query: str) -> None:
    audit.record(
        actor=actor,
        verb="decision.log_exported",
        organization_id=organization.pk,
        target=organization,
        target_label=f"Decision log of {organization.name}",
        changes={"decisions": [None, count], "search": [None, query[:200]]},
    )
