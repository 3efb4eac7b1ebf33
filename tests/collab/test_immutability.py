"""A signed decision and its signatures are fixed on every write path: the
pages, the API, files, and SQL written straight to the database (refused by
the triggers of migrations signoff 0002 and collab 0002, on both databases)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.collab import decisions
from tandem.collab.models import Decision, DecisionFile, DecisionStatus
from tandem.core.exceptions import Conflict
from tandem.signoff.models import Signature
from tests.collab.helpers import agreed_of, proposed_of, sign_as

PDF = b"%PDF-1.4\n% a quote\n"


def _unchanged(decision: Decision) -> None:
    fresh = Decision.objects.get(pk=decision.pk)
    assert fresh.title == decision.title
    assert fresh.content_sha256 == decisions.current_hash(fresh) == decision.content_sha256


def _refused(sql: str, params: list) -> None:
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_edit_page_refuses_a_signed_decision(world):
    decision = agreed_of(world)
    client = world.client_for("provider_admin")
    url = f"/decisions/{decision.uuid}/edit/"
    assert client.get(url).status_code == 409
    response = client.post(url, {"title": "Changed after signing", "option_1_title": "X"})
    assert response.status_code == 409
    assert b"changes only by a superseding decision" in response.content
    _unchanged(decision)


def test_the_api_patch_answers_409(world):
    decision = agreed_of(world)
    client = world.client_for("client_admin_a")
    response = client.patch(
        f"/api/v1/decisions/{decision.uuid}",
        {"title": "Changed after signing"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    _unchanged(decision)


def test_files_cannot_be_added_or_removed_once_signed(world):
    decision = proposed_of(world)
    actor = actor_for(world.people["provider_admin"])
    (kept,) = decisions.add_files(
        actor=actor, decision=decision, uploads=[SimpleUploadedFile("quote.pdf", PDF)]
    )
    sign_as(world, "client_admin_a", decision)
    sign_as(world, "provider_admin", decision)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AGREED
    client = world.client_for("provider_admin")
    added = client.post(
        f"/decisions/{decision.uuid}/files/", {"files": [io.BytesIO(PDF)]}, format="multipart"
    )
    assert added.status_code == 409
    removed = client.post(f"/decisions/{decision.uuid}/files/{kept.uuid}/remove/")
    assert removed.status_code == 409
    with pytest.raises(Conflict):
        decisions.add_files(
            actor=actor, decision=decision, uploads=[SimpleUploadedFile("late.pdf", PDF)]
        )
    assert list(decision.files.values_list("name", flat=True)) == ["quote.pdf"]
    _unchanged(decision)


def test_a_file_is_part_of_what_is_signed(world):
    decision = proposed_of(world)
    before = decisions.current_hash(decision)
    decisions.add_files(
        actor=actor_for(world.people["provider_admin"]),
        decision=decision,
        uploads=[SimpleUploadedFile("quote.pdf", PDF)],
    )
    assert decisions.current_hash(decision) != before


def test_sql_cannot_change_or_delete_a_signed_decision(world):
    decision = agreed_of(world)
    _refused("UPDATE collab_decision SET title = %s WHERE id = %s", ["Rewritten", decision.pk])
    _refused("UPDATE collab_decision SET status = %s WHERE id = %s", ["proposed", decision.pk])
    # Even together with the one allowed change (agreed -> superseded).
    _refused(
        "UPDATE collab_decision SET status = %s, discussion = %s WHERE id = %s",
        ["superseded", "quietly", decision.pk],
    )
    _refused("DELETE FROM collab_decision WHERE id = %s", [decision.pk])
    _unchanged(decision)


def test_sql_may_only_mark_an_agreed_decision_superseded(world):
    decision = agreed_of(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE collab_decision SET status = %s WHERE id = %s", ["superseded", decision.pk]
        )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SUPERSEDED
    _refused("UPDATE collab_decision SET status = %s WHERE id = %s", ["agreed", decision.pk])


def test_sql_cannot_touch_the_files_of_a_signed_decision(world):
    decision = proposed_of(world)
    (kept,) = decisions.add_files(
        actor=actor_for(world.people["provider_admin"]),
        decision=decision,
        uploads=[SimpleUploadedFile("quote.pdf", PDF)],
    )
    sign_as(world, "client_admin_a", decision)
    sign_as(world, "provider_admin", decision)
    _refused("UPDATE collab_decisionfile SET sha256 = %s WHERE id = %s", ["0" * 64, kept.pk])
    _refused("DELETE FROM collab_decisionfile WHERE id = %s", [kept.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionFile.objects.create(
            organization=world.a,
            decision=decision,
            file="decisions/x",
            name="forged.pdf",
            content_type="application/pdf",
            size=1,
            sha256="1" * 64,
            created_at=timezone.now(),
        )
    assert list(decision.files.all()) == [kept]


def test_sql_cannot_change_or_delete_a_signature(world):
    decision = proposed_of(world)
    signature = sign_as(world, "client_admin_a", decision)
    _refused("UPDATE signoff_signature SET signer_name = %s WHERE id = %s", ["X", signature.pk])
    _refused(
        "UPDATE signoff_signature SET content_sha256 = %s WHERE id = %s", ["0" * 64, signature.pk]
    )
    _refused("DELETE FROM signoff_signature WHERE id = %s", [signature.pk])
    # And through the ORM too.
    signature.signer_name = "Someone else"
    with pytest.raises(IntegrityError), transaction.atomic():
        signature.save()
    assert Signature.objects.get(pk=signature.pk).signer_name == "Ann Admin"


def test_an_open_decision_is_still_written_freely(world):
    """The triggers refuse only signed rows: drafts and proposals change."""
    decision = proposed_of(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE collab_decision SET title = %s WHERE id = %s", ["Retitled", decision.pk]
        )
    decision.refresh_from_db()
    assert decision.title == "Retitled"
