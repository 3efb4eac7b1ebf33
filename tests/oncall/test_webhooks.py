"""Pages to webhook targets, posted through the outbox to a real local HTTP
server and checked against each target's expected shape: Slack incoming
webhook, Teams Workflows (Adaptive Card), PagerDuty Events v2, an SMS
gateway's URL template, and the generic JSON whose HMAC signature verifies.
The acknowledgement follows (PagerDuty's with the same dedup key); a target
that answers 500 is retried; addresses and secrets are encrypted at rest."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.notify import delivery
from tandem.notify.models import OutboxMessage, OutboxStatus
from tandem.oncall import paging, policies
from tandem.oncall.models import OnCallPage, PagingTarget
from tests.oncall.helpers import policy_of, raise_p1

SUNDAY_2 = datetime(2026, 11, 29, 2, 0, tzinfo=ZoneInfo("America/New_York"))
ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF"
SIGNING = "a shared secret of the receiver"


class Receiver:
    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.fail: set[str] = set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.posts.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                status = 500 if urlsplit(self.path).path in receiver.fail else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def at(self, path: str) -> list[dict]:
        return [p for p in self.posts if urlsplit(p["path"]).path == path]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.server.shutdown()


def add_all_targets(world, url: str) -> None:
    tess = world.people["technician_a"]
    actor = actor_for(tess)
    for kind, address, extra in [
        ("slack", f"{url}/slack", {}),
        ("teams", f"{url}/teams", {}),
        ("pagerduty", f"{url}/pd", {"secret": ROUTING_KEY}),
        ("sms", f"{url}/sms?to={{to}}&text={{text}}", {"phone": "+1 555 0100"}),
        ("webhook", f"{url}/hook", {"secret": SIGNING}),
    ]:
        policies.add_target(
            actor=actor, person=tess, kind=kind, label=f"my {kind}", address=address, **extra
        )


def deliver_all() -> None:
    while delivery.deliver_due():
        pass


@pytest.mark.django_db
def test_each_target_gets_its_own_shape_and_the_generic_signature_verifies(world, receiver):
    policy_of(world)
    add_all_targets(world, receiver.url)
    item = raise_p1(world, SUNDAY_2)
    deliver_all()

    (slack,) = receiver.at("/slack")
    body = json.loads(slack["body"])
    assert item.reference in body["text"]
    assert [b["type"] for b in body["blocks"]] == ["header", "section", "actions"]
    buttons = body["blocks"][2]["elements"]
    assert buttons[0]["text"]["text"] == "Acknowledge"
    assert "/oncall/ack/" in buttons[0]["url"]
    assert buttons[1]["url"].endswith(f"/requests/{item.reference}/")

    (teams,) = receiver.at("/teams")
    body = json.loads(teams["body"])
    assert body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["version"] == "1.4"
    assert card["body"][0]["type"] == "TextBlock"
    assert {"title": "Practice", "value": world.a.name} in card["body"][1]["facts"]
    assert [a["type"] for a in card["actions"]] == ["Action.OpenUrl", "Action.OpenUrl"]

    (pd,) = receiver.at("/pd")
    body = json.loads(pd["body"])
    page = OnCallPage.objects.get(request=item)
    assert body["routing_key"] == ROUTING_KEY
    assert body["event_action"] == "trigger"
    assert body["dedup_key"] == f"tandem-page-{page.uuid}"
    assert body["payload"]["severity"] == "critical"
    assert body["payload"]["source"] == "Tandem"
    assert item.reference in body["payload"]["summary"]
    assert {"href", "text"} <= set(body["links"][0])

    (sms,) = receiver.at("/sms")
    query = parse_qs(urlsplit(sms["path"]).query)
    assert query["to"] == ["+1 555 0100"]
    assert item.reference in query["text"][0]
    assert "/oncall/ack/" in query["text"][0]
    assert parse_qs(sms["body"].decode()) == query

    (hook,) = receiver.at("/hook")
    timestamp = hook["headers"]["X-Tandem-Timestamp"]
    expected = hmac.new(
        SIGNING.encode(), timestamp.encode() + b"." + hook["body"], hashlib.sha256
    ).hexdigest()
    assert hook["headers"]["X-Tandem-Signature"] == f"v1={expected}"
    wrong = hmac.new(b"another secret", timestamp.encode() + b"." + hook["body"], hashlib.sha256)
    assert hook["headers"]["X-Tandem-Signature"] != f"v1={wrong.hexdigest()}"
    body = json.loads(hook["body"])
    assert body["type"] == "page.trigger"
    assert body["reference"] == item.reference
    assert body["priority"] == 1


@pytest.mark.django_db
def test_the_acknowledgement_follows_to_the_targets_that_were_paged(world, receiver):
    policy_of(world)
    add_all_targets(world, receiver.url)
    item = raise_p1(world, SUNDAY_2)
    deliver_all()
    page = OnCallPage.objects.get(request=item)
    assert paging.acknowledge(page=page, person=world.people["technician_a"], via="app")
    deliver_all()
    first, then = receiver.at("/pd")
    assert json.loads(then["body"]) == {
        "routing_key": ROUTING_KEY,
        "event_action": "acknowledge",
        "dedup_key": json.loads(first["body"])["dedup_key"],
    }
    assert "acknowledged by Tess" in json.loads(receiver.at("/slack")[1]["body"])["text"]
    assert json.loads(receiver.at("/hook")[1]["body"])["type"] == "page.acknowledge"
    assert len(receiver.at("/sms")) == 1  # a text saying so would only wake someone


@pytest.mark.django_db
def test_a_target_that_fails_is_retried_and_secrets_are_encrypted_at_rest(world, receiver):
    policy_of(world)
    add_all_targets(world, receiver.url)
    receiver.fail.add("/slack")
    raise_p1(world, SUNDAY_2)
    deliver_all()
    slack = OutboxMessage.objects.get(
        channel="webhook",
        subject__startswith="Paged",
        headers__target=str(PagingTarget.objects.get(kind="slack").uuid),
    )
    assert slack.status == OutboxStatus.PENDING
    assert slack.attempts == 1
    assert "500" in slack.last_error
    assert OutboxMessage.objects.filter(channel="webhook", status=OutboxStatus.SENT).count() == 4
    for target in PagingTarget.objects.all():
        assert target.address.startswith("fernet:")
        assert receiver.url not in target.address
    assert not OutboxMessage.objects.filter(body_text__contains=ROUTING_KEY).exists()
    assert not OutboxMessage.objects.filter(body_text__contains=SIGNING).exists()


@pytest.mark.django_db
def test_a_test_page_reaches_the_channel_and_its_result_shows_on_the_channels_page(
    world, receiver, client
):
    add_all_targets(world, receiver.url)
    receiver.fail.add("/teams")
    client.force_login(world.people["technician_a"])
    for target in PagingTarget.objects.filter(kind__in=["slack", "teams"]):
        assert client.post(f"/oncall/channels/{target.uuid}/test/").status_code == 302
    deliver_all()
    (slack,) = receiver.at("/slack")
    assert "TEST" in json.loads(slack["body"])["text"]
    page = client.get("/oncall/channels/").content.decode()
    assert "Last post delivered" in page
    assert "Failing</strong> (1 attempt, retrying)" in page
    assert "Nothing sent yet." in page  # the three channels not tested
    assert AuditEvent.objects.filter(verb="oncall.target_test").count() == 2
