"""Decision pages and API: the log and its search, the PDF, drafting from
either side, signing on the page and through the API, files and links."""

from __future__ import annotations

import io

from django.core.cache import cache

from tandem.audit.models import AuditEvent
from tandem.collab import decisions
from tandem.collab.models import Decision, DecisionStatus
from tandem.core import links
from tests.collab.helpers import agreed_of, draft_of, proposed_of
from tests.conftest import CANARY_B, PASSWORD, totp_code

PDF = b"%PDF-1.4\n% a quote\n"


def test_the_log_lists_and_searches_only_what_the_reader_sees(world):
    mine = draft_of(world, title="Encrypt every laptop")
    other = draft_of(world, title="Replace the firewall")
    theirs = draft_of(world, "foreign")
    client = world.client_for("client_member_a")
    page = client.get("/decisions/").content.decode()
    assert mine.reference in page
    assert other.reference in page
    assert theirs.reference not in page
    assert CANARY_B not in page
    found = client.get("/decisions/", {"q": "firewall"}).content.decode()
    assert other.reference in found
    assert mine.reference not in found
    by_ref = client.get("/decisions/", {"q": mine.reference}).content.decode()
    assert mine.reference in by_ref
    assert other.reference not in by_ref
    # Words in an option are searched too.
    assert mine.reference in client.get("/decisions/", {"q": "BitLocker"}).content.decode()


def test_staff_filter_the_log_by_practice_and_status(world):
    draft = draft_of(world)
    agreed = agreed_of(world, title="Move backups offsite")
    theirs = draft_of(world, "foreign")
    client = world.client_for("provider_admin")
    page = client.get("/decisions/", {"practice": "riverside", "status": "agreed"}).content
    assert agreed.reference.encode() in page
    assert draft.reference.encode() not in page
    assert theirs.reference.encode() not in page


def test_the_pdf_log_is_one_practices_and_audited(world):
    agreed_of(world)
    client = world.client_for("auditor_a")
    response = client.get("/decisions/log/riverside.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"Riverside Clinic" in response.content  # the document's title
    assert AuditEvent.objects.filter(verb="decision.log_exported", organization=world.a).exists()
    assert client.get("/decisions/log/lakeside.pdf").status_code == 404


def test_a_practice_admin_drafts_for_their_own_practice(world):
    client = world.client_for("client_admin_a")
    response = client.post(
        "/decisions/new/",
        {
            "title": "Buy a second scanner",
            "context": "The front desk queues at 8am.",
            "option_1_title": "Buy one",
            "option_1_cost": "$400",
            "recommended": "0",
        },
    )
    assert response.status_code == 302
    made = Decision.objects.get(title="Buy a second scanner")
    assert made.organization == world.a
    assert made.status == DecisionStatus.DRAFT
    assert made.options[0]["cost"] == "$400"
    assert made.recommended == 0


def test_staff_choose_the_practice_and_bad_input_names_fields(world):
    client = world.client_for("provider_admin")
    response = client.post("/decisions/new/", {"practice": "", "title": "", "recommended": "2"})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="id_practice_error"' in body
    assert 'id="id_title_error"' in body
    response = client.post(
        "/decisions/new/", {"practice": "lakeside", "title": "Upgrade Wi-Fi", "recommended": "2"}
    )
    assert response.status_code == 422  # option 3 is recommended but not written
    assert not Decision.objects.exists()


def test_signing_on_the_page(world):
    decision = proposed_of(world)
    digest = decisions.current_hash(decision)
    member = world.client_for("client_member_a").get(f"/decisions/{decision.uuid}/")
    assert b'name="password"' not in member.content  # no form for who cannot sign
    client = world.client_for("client_admin_a")
    page = client.get(f"/decisions/{decision.uuid}/").content.decode()
    assert 'name="password"' in page
    assert digest in page
    url = f"/decisions/{decision.uuid}/sign/"
    wrong = client.post(url, {"meaning": "agree", "password": "nope", "content_sha256": digest})
    assert wrong.status_code == 422
    assert 'id="id_password_error"' in wrong.content.decode()
    ok = client.post(url, {"meaning": "agree", "password": PASSWORD, "content_sha256": digest})
    assert ok.status_code == 302
    cache.clear()
    staff = world.client_for("provider_admin")
    no_code = staff.post(url, {"meaning": "agree", "password": PASSWORD, "content_sha256": digest})
    assert no_code.status_code == 422
    assert 'id="id_code_error"' in no_code.content.decode()
    signed = staff.post(
        url,
        {"meaning": "agree", "password": PASSWORD, "code": totp_code(), "content_sha256": digest},
    )
    assert signed.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AGREED
    page = client.get(f"/decisions/{decision.uuid}/").content.decode()
    assert "matches what was signed" in page
    assert 'name="password"' not in page


def test_a_member_posting_a_signature_is_refused(world):
    decision = proposed_of(world)
    response = world.client_for("client_member_a").post(
        f"/decisions/{decision.uuid}/sign/",
        {"meaning": "agree", "password": PASSWORD, "content_sha256": "0" * 64},
    )
    assert response.status_code == 403


def test_the_api_drafts_proposes_and_signs(world):
    client = world.client_for("client_admin_a")
    made = client.post(
        "/api/v1/decisions",
        {
            "practice": "riverside",
            "title": "Retire the old server",
            "options": [{"title": "Retire it in January", "risk": "Low"}],
            "recommended": 0,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["reference"].startswith("D-")
    assert body["status"] == "draft"
    uuid = body["id"]
    proposed = client.post(f"/api/v1/decisions/{uuid}/proposal")
    assert proposed.status_code == 200
    assert proposed.json()["status"] == "proposed"
    digest = proposed.json()["content_sha256"]
    stale = client.post(
        f"/api/v1/decisions/{uuid}/signatures",
        {"meaning": "agree", "password": PASSWORD, "content_sha256": "a" * 64},
        content_type="application/json",
    )
    assert stale.status_code == 409
    wrong = client.post(
        f"/api/v1/decisions/{uuid}/signatures",
        {"meaning": "agree", "password": "nope", "content_sha256": digest},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert "password" in wrong.json()["fields"]
    signed = client.post(
        f"/api/v1/decisions/{uuid}/signatures",
        {"meaning": "agree", "password": PASSWORD, "content_sha256": digest},
        content_type="application/json",
    )
    assert signed.status_code == 201
    assert signed.json()["capacity"] == "practice"
    assert signed.json()["content_sha256"] == digest
    detail = client.get(f"/api/v1/decisions/{uuid}").json()
    assert len(detail["signatures"]) == 1
    assert detail["status"] == "proposed"


def test_the_api_refuses_a_member_signing(world):
    decision = proposed_of(world)
    response = world.client_for("client_member_a").post(
        f"/api/v1/decisions/{decision.uuid}/signatures",
        {"meaning": "agree", "password": PASSWORD, "content_sha256": "a" * 64},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_files_are_served_to_readers_and_audited(world):
    decision = draft_of(world)
    client = world.client_for("provider_admin")
    added = client.post(
        f"/decisions/{decision.uuid}/files/",
        {"files": [_named(PDF, "quote.pdf")]},
        format="multipart",
    )
    assert added.status_code == 302
    item = decision.files.get()
    response = world.client_for("auditor_a").get(f"/decisions/{decision.uuid}/files/{item.uuid}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(verb="decision.file_read").exists()
    refused = client.post(
        f"/decisions/{decision.uuid}/files/", {"files": [_named(b"MZ\x90\x00", "tool.exe")]}
    )
    assert refused.status_code == 302
    assert decision.files.count() == 1


def _named(data: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


def test_linking_a_request_of_the_same_practice(world):
    decision = agreed_of(world)  # links are not signed content: allowed after signing
    client = world.client_for("provider_admin")
    ref = world.request_a.reference
    assert client.post(f"/decisions/{decision.uuid}/links/", {"request": ref}).status_code == 302
    assert links.linked_ids(decision, "desk.servicerequest") == [str(world.request_a.pk)]
    page = client.get(f"/decisions/{decision.uuid}/").content.decode()
    assert ref in page
    foreign = world.request_b.reference
    client.post(f"/decisions/{decision.uuid}/links/", {"request": foreign})
    assert links.linked_ids(decision, "desk.servicerequest") == [str(world.request_a.pk)]
    client.post(f"/decisions/{decision.uuid}/links/", {"request": ref, "on": "0"})
    assert links.linked_ids(decision, "desk.servicerequest") == []


def test_linking_a_change_of_the_same_practice_both_ways(world):
    from tests.collab.helpers import change_of

    decision = draft_of(world)
    change = change_of(world)
    theirs = change_of(world, "foreign")
    client = world.client_for("provider_admin")
    client.post(f"/decisions/{decision.uuid}/links/", {"request": change.reference})
    client.post(f"/decisions/{decision.uuid}/links/", {"request": theirs.reference})
    assert links.linked_ids(decision, "collab.changerequest") == [str(change.pk)]
    assert change.reference in client.get(f"/decisions/{decision.uuid}/").content.decode()
    assert decision.reference in client.get(f"/changes/{change.uuid}/").content.decode()
    assert AuditEvent.objects.filter(
        verb="decision.linked", changes__record=[None, change.reference]
    )
