"""The desk API: idempotent creates, versioned updates, and conversations
without internal notes for the practice."""

from __future__ import annotations

import json

from django.test import Client

from tandem.accounts.actors import actor_for
from tandem.api.services import create_token
from tandem.desk.models import ServiceRequest
from tests.conftest import STAFF_ONLY_A

NEW = {
    "subject": "EHR login fails",
    "body": "Nobody can sign in to the EHR.",
    "category": "ehr",
    "impact": "patient_care",
}


def post(client: Client, path: str, body: object, **headers: str):
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def patch(client: Client, path: str, body: object, **headers: str):
    return client.patch(path, json.dumps(body), content_type="application/json", headers=headers)


def test_a_retried_create_with_the_same_key_makes_one_request(world):
    client = world.client_for("client_member_a")
    before = ServiceRequest.objects.count()
    first = post(client, "/api/v1/requests", NEW, **{"Idempotency-Key": "retry-1"})
    again = post(client, "/api/v1/requests", NEW, **{"Idempotency-Key": "retry-1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"]
    assert ServiceRequest.objects.count() == before + 1
    body = first.json()
    assert (body["organization"], body["priority"], body["patient_care"]) == ("riverside", 1, True)
    # The same key with another body is refused, not guessed at.
    other = post(
        client, "/api/v1/requests", {**NEW, "subject": "x"}, **{"Idempotency-Key": "retry-1"}
    )
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    # Keys are per caller: another person's same key creates their own request.
    mine = post(
        world.client_for("client_admin_a"),
        "/api/v1/requests",
        NEW,
        **{"Idempotency-Key": "retry-1"},
    )
    assert mine.status_code == 201
    assert ServiceRequest.objects.count() == before + 2


def test_a_stale_update_is_refused_with_409(world):
    client = world.client_for("technician_a")
    url = f"/api/v1/requests/{world.request_a.reference}"
    read = client.get(url)
    version = read.json()["version"]
    assert read["ETag"] == f'"{version}"'
    ok = patch(client, url, {"version": version, "status": "open"})
    assert ok.status_code == 200
    assert ok.json()["version"] > version
    stale = patch(client, url, {"version": version, "status": "resolved"})
    assert (stale.status_code, stale.json()["code"]) == (409, "conflict")
    assert ServiceRequest.objects.get(pk=world.request_a.pk).status == "open"
    missing = patch(client, url, {"status": "resolved"})
    assert missing.status_code == 428
    by_header = patch(client, url, {"status": "resolved"}, **{"If-Match": ok["ETag"]})
    assert (by_header.status_code, by_header.json()["status"]) == (200, "resolved")


def test_practices_cannot_change_requests_and_never_see_notes(world):
    client = world.client_for("client_member_a")
    url = f"/api/v1/requests/{world.request_a.reference}"
    version = client.get(url).json()["version"]
    assert patch(client, url, {"version": version, "status": "resolved"}).status_code == 403
    listed = client.get(f"{url}/messages")
    assert listed.status_code == 200
    assert "internal" not in {m["kind"] for m in listed.json()["items"]}
    assert STAFF_ONLY_A not in listed.content.decode()
    note = post(client, f"{url}/messages", {"body": "psst", "kind": "internal"})
    assert note.status_code == 403
    reply = post(client, f"{url}/messages", {"body": "Internet is fine."})
    assert (reply.status_code, reply.json()["kind"]) == (201, "public")
    staff = world.client_for("technician_a").get(f"{url}/messages").json()["items"]
    assert any(STAFF_ONLY_A in m["body"] for m in staff)


def test_retried_messages_are_not_doubled(world):
    client = world.client_for("client_member_a")
    url = f"/api/v1/requests/{world.request_a.reference}/messages"
    count = world.request_a.messages.count()
    for _ in range(3):
        post(client, url, {"body": "Same thing"}, **{"Idempotency-Key": "m-1"})
    assert world.request_a.messages.count() == count + 1


def test_a_token_needs_desk_scopes(world):
    _t, raw = create_token(
        actor=actor_for(world.people["client_member_a"]), name="r", scopes=["desk:read"], days=1
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/requests").status_code == 200
    refused = post(client, "/api/v1/requests", NEW)
    assert refused.status_code == 403
    assert "desk:write" in refused.json()["message"]


def test_bad_input_gets_field_errors(world):
    client = world.client_for("client_member_a")
    response = post(client, "/api/v1/requests", {"subject": "", "impact": "apocalypse"})
    assert response.status_code == 422
    assert {"subject", "impact", "body", "category"} <= set(response.json()["fields"])
    assert client.get("/api/v1/requests/T-999999999").status_code == 404
    assert client.get(f"/api/v1/requests/{world.request_b.reference}").status_code == 404


def test_messages_list_their_attachments_with_a_url_that_serves_them(world):
    client = world.client_for("client_member_a")
    items = client.get(f"/api/v1/requests/{world.request_a.reference}/messages").json()["items"]
    files = [f for m in items for f in m["attachments"]]
    assert [f["name"] for f in files] == ["error.txt"]  # not the internal note's firewall.txt
    fetched = client.get(files[0]["url"])
    assert b"".join(fetched.streaming_content) == b"EHR: connection refused"
