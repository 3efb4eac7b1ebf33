"""Decision records: drafting, proposing, signing by both sides, rejection,
superseding, who may sign, and what is audited and notified."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.collab import decisions
from tandem.collab.models import Decision, DecisionStatus
from tandem.core.exceptions import Conflict
from tandem.notify.models import Notification
from tandem.signoff import services as signoff
from tandem.signoff.models import Capacity, Signature
from tests.collab.helpers import agreed_of, draft_of, proposed_of, sign_as
from tests.conftest import PASSWORD, totp_code


def test_both_sides_agreeing_on_the_same_content_makes_it_agreed(world):
    decision = proposed_of(world)
    first = sign_as(world, "client_admin_a", decision)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED  # one side is not enough
    assert first.capacity == Capacity.PRACTICE
    assert first.signer_designation == "security official"  # Ann is also the official
    second = sign_as(world, "provider_admin", decision)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AGREED
    assert second.method == "password+totp"
    assert first.method == "password"
    digest = decisions.current_hash(decision)
    assert decision.content_sha256 == digest == first.content_sha256 == second.content_sha256
    assert decision.decided_at is not None
    verbs = list(AuditEvent.objects.filter(organization=world.a).values_list("verb", flat=True))
    for verb in ("decision.create", "decision.propose", "signature.create", "decision.agreed"):
        assert verb in verbs


def test_the_hash_is_of_the_canonical_content(world):
    decision = proposed_of(world)
    body = decisions.content(decision)
    assert body["title"] == decision.title
    assert body["files"] == []
    assert decisions.current_hash(decision) == signoff.content_hash(body)
    # Key order does not matter; content does.
    assert signoff.content_hash(dict(reversed(list(body.items())))) == signoff.content_hash(body)
    assert signoff.content_hash({**body, "title": "Other"}) != signoff.content_hash(body)


def test_an_edit_after_one_signature_voids_it_for_the_new_wording(world):
    decision = proposed_of(world)
    sign_as(world, "client_admin_a", decision)
    decisions.update(
        actor=actor_for(world.people["provider_admin"]),
        decision=decision,
        draft=decisions.Draft(title=decision.title, options=decision.options, recommended=1),
    )
    sign_as(world, "provider_admin", decision)
    decision.refresh_from_db()
    # The practice agreed to option 1 recommended, not option 2: not agreed yet.
    assert decision.status == DecisionStatus.PROPOSED
    sign_as(world, "client_admin_a", decision)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AGREED
    assert Signature.objects.filter(subject_id=str(decision.uuid)).count() == 3


def test_signing_what_changed_since_it_was_read_is_refused(world):
    decision = proposed_of(world)
    seen = decisions.current_hash(decision)
    decisions.update(
        actor=actor_for(world.people["provider_admin"]),
        decision=decision,
        draft=decisions.Draft(title="Encrypt every laptop by March", options=decision.options),
    )
    with pytest.raises(Conflict, match="changed since you opened it"):
        decisions.sign(
            actor=actor_for(world.people["client_admin_a"]),
            decision=decision,
            meaning="agree",
            password=PASSWORD,
            seen_sha256=seen,
        )
    assert not Signature.objects.exists()


def test_one_side_rejecting_fixes_it_as_rejected_with_a_reason(world):
    decision = proposed_of(world)
    with pytest.raises(ValidationError) as err:
        sign_as(world, "client_admin_a", decision, meaning="reject")
    assert "comment" in err.value.message_dict
    sign_as(world, "client_admin_a", decision, meaning="reject", comment="Too costly this year")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REJECTED
    with pytest.raises(Conflict):
        sign_as(world, "provider_admin", decision)


@pytest.mark.parametrize("persona", ["client_member_a", "auditor_a", "technician_a"])
def test_who_may_not_sign_is_refused_before_any_proof(world, persona):
    """A member (even the privacy official), an auditor and a technician cannot
    sign; nothing is kept, not even a refused-proof event."""
    decision = proposed_of(world)
    with pytest.raises(PermissionDenied):
        sign_as(world, persona, decision)
    assert not Signature.objects.exists()
    assert not AuditEvent.objects.filter(verb="signature.refused").exists()


def test_the_security_official_signs_for_the_practice_even_as_a_member(world):
    from tandem.accounts import services as accounts

    accounts.update_organization(
        actor=actor_for(world.people["provider_admin"]),
        organization=world.a,
        security_official=world.people["client_member_a"],
    )
    world.a.refresh_from_db()
    decision = proposed_of(world)
    signature = sign_as(world, "client_member_a", decision)
    assert signature.capacity == Capacity.PRACTICE
    assert signature.signer_designation == "security official"


def test_another_practice_cannot_sign(world):
    decision = proposed_of(world)
    with pytest.raises(PermissionDenied):
        sign_as(world, "client_admin_b", decision)


def test_a_wrong_password_or_code_signs_nothing_and_is_audited(world):
    decision = proposed_of(world)
    with pytest.raises(ValidationError) as err:
        decisions.sign(
            actor=actor_for(world.people["client_admin_a"]),
            decision=decision,
            meaning="agree",
            password="wrong",
            seen_sha256=decisions.current_hash(decision),
        )
    assert "password" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        decisions.sign(
            actor=actor_for(world.people["provider_admin"]),
            decision=decision,
            meaning="agree",
            password=PASSWORD,
            code="000000" if totp_code() != "000000" else "111111",
        )
    assert "code" in err.value.message_dict
    assert not Signature.objects.exists()
    assert AuditEvent.objects.filter(verb="signature.refused").count() == 2


def test_five_wrong_passwords_lock_signing(world):
    decision = proposed_of(world)
    actor = actor_for(world.people["client_admin_a"])
    for _ in range(5):
        with pytest.raises(ValidationError):
            decisions.sign(actor=actor, decision=decision, meaning="agree", password="nope")
    with pytest.raises(ValidationError, match="locked"):
        decisions.sign(actor=actor, decision=decision, meaning="agree", password=PASSWORD)


def test_a_signature_is_kept_once_per_side_and_version(world):
    decision = proposed_of(world)
    sign_as(world, "client_admin_a", decision)
    with pytest.raises(ValidationError, match="already signed"):
        sign_as(world, "client_admin_a", decision)
    assert Signature.objects.count() == 1


def test_proposing_asks_each_signer_once(world, django_capture_on_commit_callbacks):
    decision = draft_of(world)
    assert decision.options != []
    decisions.propose(actor=actor_for(world.people["provider_admin"]), decision=decision)
    asked = set(
        Notification.objects.filter(kind="signature").values_list("person__email", flat=True)
    )
    # Ann (admin and official) and Pat (provider admin); not Tess, not Mel, not B's admin.
    assert asked == {"client_admin_a@example.org", "provider_admin@example.org"}


def test_a_draft_without_options_cannot_be_proposed(world):
    decision = decisions.create(
        actor=actor_for(world.people["client_admin_a"]),
        organization=world.a,
        draft=decisions.Draft(title="Replace the front-desk printer"),
    )
    with pytest.raises(ValidationError):
        decisions.propose(actor=actor_for(world.people["client_admin_a"]), decision=decision)


def test_bad_content_names_its_field(world):
    with pytest.raises(ValidationError) as err:
        decisions.create(
            actor=actor_for(world.people["provider_admin"]),
            organization=world.a,
            draft=decisions.Draft(
                title=" ", options=[{"pros": "no title"}], recommended=3, context="x" * 20_001
            ),
        )
    assert set(err.value.message_dict) == {"title", "options", "recommended", "context"}


@pytest.mark.parametrize("persona", ["client_member_a", "auditor_a", "client_admin_b"])
def test_members_auditors_and_other_practices_cannot_draft(world, persona):
    with pytest.raises(PermissionDenied):
        decisions.create(
            actor=actor_for(world.people[persona]),
            organization=world.a,
            draft=decisions.Draft(title="Buy a new server"),
        )


def test_superseding_replaces_an_agreed_decision_once_the_new_one_is_agreed(world):
    old = agreed_of(world)
    actor = actor_for(world.people["provider_admin"])
    new = decisions.supersede(actor=actor, decision=old)
    assert decisions.supersede(actor=actor, decision=old) == new  # asked twice, one draft
    assert new.supersedes == old
    assert new.status == DecisionStatus.DRAFT
    decisions.update(
        actor=actor,
        decision=new,
        draft=decisions.Draft(title=new.title, options=new.options[:1], recommended=0),
    )
    decisions.propose(actor=actor, decision=new)
    old.refresh_from_db()
    assert old.status == DecisionStatus.AGREED  # until the new one is agreed
    sign_as(world, "client_admin_a", new)
    sign_as(world, "provider_admin", new)
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.status == DecisionStatus.AGREED
    assert old.status == DecisionStatus.SUPERSEDED
    assert decisions.content(new)["supersedes"] == old.reference
    assert AuditEvent.objects.filter(verb="decision.superseded", target_id=str(old.uuid)).exists()


def test_only_an_agreed_decision_is_superseded(world):
    with pytest.raises(Conflict):
        decisions.supersede(
            actor=actor_for(world.people["provider_admin"]), decision=proposed_of(world)
        )


def test_the_outcome_is_told_to_both_sides(world, django_capture_on_commit_callbacks):
    agreed_of(world)
    told = set(Notification.objects.filter(kind="decision").values_list("person__email", flat=True))
    assert told == {"client_admin_a@example.org", "provider_admin@example.org"}


def test_numbers_are_unique_references(world):
    a, b = draft_of(world), draft_of(world, "foreign")
    assert a.reference != b.reference
    assert Decision.objects.get(number=a.number) == a
