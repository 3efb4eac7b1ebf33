"""`tandem audit verify` catches every kind of tampering, on both databases."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.core.management import CommandError, call_command

from tandem.accounts import services as accounts
from tandem.audit import anchors
from tandem.audit import services as audit
from tandem.audit.models import AuditEvent, ChainHead
from tandem.core.tenancy import SYSTEM


@pytest.fixture
def chain(db):
    """An organization whose chain holds 6 events."""
    org = accounts.create_client(actor=SYSTEM, name="Chain Clinic")
    for n in range(5):
        accounts.update_organization(actor=SYSTEM, organization=org, phone=f"555-000{n}")
    assert AuditEvent.objects.filter(organization=org).count() == 6
    return org


def events(org):
    return AuditEvent.objects.filter(organization=org).order_by("position")


def report(org):
    (result,) = audit.verify([org.pk])
    return result


def test_an_untouched_chain_verifies(chain):
    result = report(chain)
    assert result.ok
    assert result.events == 6


def test_it_names_an_altered_event(chain):
    events(chain).filter(position=3).update(verb="organization.delete")
    result = report(chain)
    assert not result.ok
    assert result.first_bad_position == 3
    assert "altered" in result.problem


def test_it_names_a_removed_event(chain):
    events(chain).filter(position=4).delete()
    result = report(chain)
    assert not result.ok
    assert result.first_bad_position == 4
    assert "missing" in result.problem


def test_it_notices_two_swapped_events(chain):
    second, third = events(chain).filter(position__in=(2, 3))
    AuditEvent.objects.filter(pk=second.pk).update(position=1000)
    AuditEvent.objects.filter(pk=third.pk).update(position=2)
    AuditEvent.objects.filter(pk=second.pk).update(position=3)
    result = report(chain)
    assert not result.ok
    assert result.first_bad_position == 2


def test_it_notices_a_truncated_tail(chain):
    events(chain).filter(position=6).delete()
    result = report(chain)
    assert not result.ok
    assert result.first_bad_position == 6
    assert "head says 6" in result.problem


def test_it_notices_a_tail_removed_with_the_head_wound_back_once_anchored(chain):
    """Deleting the newest events and rewinding the head leaves a chain that is
    valid on its own; the anchor kept outside the database still catches it."""
    anchors.write_anchors()
    accounts.update_organization(actor=SYSTEM, organization=chain, phone="555-7777")
    events(chain).filter(position__gte=5).delete()
    fourth = events(chain).get(position=4)
    ChainHead.objects.filter(organization=chain).update(position=4, last_hash=fourth.hash)
    result = report(chain)
    assert not result.ok
    assert result.first_bad_position == 5
    assert "it reached 6 when anchored" in result.problem


def test_it_notices_an_anchored_event_rewritten_with_the_key(chain, settings):
    """Even someone holding the key cannot rewrite history before the anchor."""
    anchors.write_anchors()
    prev = events(chain).get(position=5).hash
    last = events(chain).get(position=6)
    last.target_label = "rewritten"
    last.prev_hash = prev
    last.hash = audit.compute_hash(last)
    AuditEvent.objects.filter(pk=last.pk).update(target_label=last.target_label, hash=last.hash)
    ChainHead.objects.filter(organization=chain).update(last_hash=last.hash)
    result = report(chain)
    assert not result.ok
    assert result.first_bad_position == 6
    assert "anchored outside the database" in result.problem


def test_verify_anchors_the_heads_it_verified(chain, settings):
    call_command("audit", "verify")
    assert anchors.latest()[chain.pk].position == 6


def test_it_catches_a_recompute_without_the_key(chain):
    """Someone with write access to the database but not the key edits event 2
    and recomputes every hash after it with a key of their own."""
    forged_key = b"not-the-real-key"
    prev = events(chain).get(position=1).hash
    for event in events(chain).filter(position__gte=2):
        if event.position == 2:
            event.changes = {"phone": ["555-0000", "555-9999"]}
        event.prev_hash = prev
        event.hash = hmac.new(forged_key, audit._canonical(event), hashlib.sha256).hexdigest()
        AuditEvent.objects.filter(pk=event.pk).update(
            changes=event.changes, prev_hash=event.prev_hash, hash=event.hash
        )
        prev = event.hash
    ChainHead.objects.filter(organization=chain).update(last_hash=prev)
    result = report(chain)
    assert not result.ok
    assert result.first_bad_position == 2


def test_the_command_reports_ok_and_names_the_first_bad_event(chain, capsys):
    call_command("audit", "verify", "--organization", chain.slug)
    assert "OK" in capsys.readouterr().out
    events(chain).filter(position=5).update(target_label="someone else")
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    out = capsys.readouterr().out
    assert f"BAD  {chain.slug}: first bad event at position 5" in out


def test_free_text_is_kept_as_digest_and_length(chain):
    accounts.update_organization(actor=SYSTEM, organization=chain, internal_notes="Alarm code 4242")
    event = events(chain).last()
    _before, after = event.changes["internal_notes"]
    assert after == {"sha256": hashlib.sha256(b"Alarm code 4242").hexdigest(), "length": 15}
    assert "4242" not in str(event.changes)
