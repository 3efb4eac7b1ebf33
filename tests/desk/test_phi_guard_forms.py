"""The PHI guard on Get help: nothing is stored until the writer chooses;
"Remove them" stores only the markers; "Send as written" flags the request
for staff; the practice's own phone numbers and ordinary IT details pass."""

from __future__ import annotations

from tandem.audit.models import AuditEvent
from tandem.desk.models import RequestMessage, ServiceRequest

PHI = "Patient Rosa Diaz, DOB 03/14/1962, MRN 00482913 cannot be found after the merge."
FORM = {"subject": "EHR lookup fails", "category": "ehr", "impact": "person_blocked"}


def _latest() -> ServiceRequest:
    return ServiceRequest.objects.latest("id")


def test_text_that_looks_like_phi_is_held_until_the_writer_chooses(world):
    client = world.client_for("client_member_a")
    before = ServiceRequest.objects.count()
    held = client.post("/help/", {**FORM, "body": PHI})
    text = held.content.decode()
    assert held.status_code == 422
    assert "This looks like a patient" in text
    assert "03/14/1962" in text  # shown to the writer, in the form and the warning
    assert ServiceRequest.objects.count() == before  # nothing stored


def test_remove_them_stores_only_the_markers(world):
    client = world.client_for("client_member_a")
    sent = client.post("/help/", {**FORM, "body": PHI, "phi": "redact"})
    assert sent.status_code == 302
    item = _latest()
    body = RequestMessage.objects.get(request=item).body
    assert body == (
        "Patient [redacted: Name], DOB [redacted: Date or age], "
        "[redacted: Medical record number] cannot be found after the merge."
    )
    assert not item.contains_phi
    for secret in ("Rosa", "1962", "00482913"):
        assert secret not in body
        assert secret not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_send_as_written_keeps_it_and_flags_the_request(world):
    client = world.client_for("client_member_a")
    assert client.post("/help/", {**FORM, "body": PHI, "phi": "keep"}).status_code == 302
    item = _latest()
    assert item.contains_phi
    assert RequestMessage.objects.get(request=item).contains_phi
    assert RequestMessage.objects.get(request=item).body == PHI
    created = AuditEvent.objects.get(verb="request.create", target_id=str(item.pk))
    assert created.changes["contains_phi"] == [None, True]


def test_ordinary_it_details_and_the_practices_own_numbers_pass(world):
    world.a.phone = "(312) 555-0100"
    world.a.save()
    client = world.client_for("client_member_a")
    body = (
        "Patients are waiting: the printer at 192.0.2.15 (S/N 5CG1234XYZ) is offline since "
        "3/14/2026 9:10. Call the patient line at (312) 555-0100."
    )
    sent = client.post("/help/", {**FORM, "body": body})
    assert sent.status_code == 302
    assert not _latest().contains_phi


def test_a_reply_is_held_then_kept_and_flags_the_request(world):
    client = world.client_for("technician_a")
    url = f"/requests/{world.request_a.reference}/reply/"
    text = "Called the patient back at (312) 555-0188 about DOB 1/2/1950 mismatch."
    held = client.post(url, {"body": text, "kind": "public"})
    assert held.status_code == 422
    assert "This looks like a patient" in held.content.decode()
    assert not RequestMessage.objects.filter(body=text).exists()
    assert client.post(url, {"body": text, "kind": "public", "phi": "keep"}).status_code == 302
    assert RequestMessage.objects.get(body=text).contains_phi
    world.request_a.refresh_from_db()
    assert world.request_a.contains_phi
    # Staff find it with the queue's filter; a request without PHI is not listed.
    listed = client.get("/requests/", {"queue": "all", "phi": "1"}).content.decode()
    assert world.request_a.reference in listed
    other = world.client_for("provider_admin").get("/requests/", {"queue": "all", "phi": "1"})
    assert world.request_b.reference not in other.content.decode()


def test_the_api_answers_422_naming_the_finding_until_told_what_to_do(world):
    from tests.desk.test_api import post

    client = world.client_for("client_member_a")
    body = {**FORM, "body": PHI}
    refused = post(client, "/api/v1/requests", body)
    assert refused.status_code == 422
    assert "medical record number" in " ".join(refused.json()["fields"]["body"])
    redacted = post(client, "/api/v1/requests", {**body, "phi": "redact"})
    assert redacted.status_code == 201
    assert redacted.json()["contains_phi"] is False
    kept = post(client, "/api/v1/requests", {**body, "phi": "keep"})
    assert kept.json()["contains_phi"] is True
    ref = kept.json()["reference"]
    flagged = world.client_for("provider_admin").get("/api/v1/requests?contains_phi=true")
    assert [r["reference"] for r in flagged.json()["items"]] == [ref]
    message = post(client, f"/api/v1/requests/{ref}/messages", {"body": "SSN 987-65-4321"})
    assert message.status_code == 422
    assert "body" in message.json()["fields"]
    redacted_message = post(
        client, f"/api/v1/requests/{ref}/messages", {"body": "SSN 987-65-4321", "phi": "redact"}
    )
    assert redacted_message.json()["body"] == "[redacted: Social Security number]"


def test_a_logged_call_and_an_edit_are_checked_too(world):
    client = world.client_for("technician_a")
    contact = world.people["client_member_a"]
    call = {
        "practice": "riverside",
        "requester": str(contact.uuid),
        "subject": "Chart mix-up",
        "body": "Caller says patient DOB 5/6/1971 shows on the wrong chart.",
        "category": "ehr",
        "impact": "person_blocked",
        "urgency": "medium",
    }
    before = ServiceRequest.objects.count()
    held = client.post("/desk/phone/", call)
    assert held.status_code == 422
    assert "This looks like a patient" in held.content.decode()
    assert ServiceRequest.objects.count() == before
    assert client.post("/desk/phone/", {**call, "phi": "redact"}).status_code == 302
    assert "5/6/1971" not in RequestMessage.objects.filter(request=_latest()).get().body
    # Editing one's reply to add PHI: held, then kept and flagged.
    mine = RequestMessage.objects.filter(request=world.request_a, kind="public").exclude(
        author=None
    )
    reply = mine.filter(author=world.people["technician_a"]).first()
    url = f"/requests/{world.request_a.reference}/messages/{reply.uuid}/edit/"
    edit = {"body": "Patient MRN: 00482913 checked."}
    assert client.post(url, edit).status_code == 422
    assert client.post(url, {**edit, "phi": "keep"}).status_code == 302
    reply.refresh_from_db()
    assert reply.contains_phi
