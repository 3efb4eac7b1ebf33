"""What a page looks like to each webhook target: one pure function per kind,
from what happened (a page, or its acknowledgement) and the target to the
HTTP POST to make. Secrets are read from the target here, at delivery, so
they are never copied into the outbox."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

PAGERDUTY_EVENTS = "https://events.pagerduty.com/v2/enqueue"
TRIGGER, ACKNOWLEDGE = "trigger", "acknowledge"


@dataclass(frozen=True)
class Post:
    url: str
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Secrets:
    """A target as its formatter needs it, decrypted."""

    kind: str
    address: str
    secret: str = ""
    phone: str = ""


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def _json_post(url: str, payload: dict[str, Any]) -> Post:
    return Post(url, _json(payload), {"Content-Type": "application/json"})


def headline(event: dict[str, Any]) -> str:
    if event["action"] == ACKNOWLEDGE:
        return f"{event['reference']} acknowledged by {event['acknowledged_by']}"
    return f"Paged: {event['reference']} P{event['priority']} at {event['practice']}"


def lines(event: dict[str, Any]) -> list[tuple[str, str]]:
    """The facts shown in a card, in order."""
    return [
        ("Request", f"{event['reference']} {event['subject']}"),
        ("Practice", event["practice"]),
        ("Priority", f"P{event['priority']}"),
        ("Why", event["reason"]),
        ("Paged", f"{event['person']} (level {event['level']}, round {event['round']})"),
    ]


def slack(event: dict[str, Any], target: Secrets) -> Post:
    """Slack incoming webhook: `text` for notifications, blocks for the
    message, link buttons (they open the page; no Slack app needed)."""
    text = headline(event)
    if event["action"] == ACKNOWLEDGE:
        return _json_post(target.address, {"text": text})
    facts = "\n".join(f"*{k}:* {v}" for k, v in lines(event))
    return _json_post(
        target.address,
        {
            "text": text,
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": text[:150]}},
                {"type": "section", "text": {"type": "mrkdwn", "text": facts}},
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "Acknowledge"},
                            "style": "danger",
                            "url": event["ack_url"],
                        },
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "Open the request"},
                            "url": event["request_url"],
                        },
                    ],
                },
            ],
        },
    )


def teams(event: dict[str, Any], target: Secrets) -> Post:
    """Microsoft Teams Workflows ("post to a channel when a webhook request
    is received"): a message carrying one Adaptive Card."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": headline(event), "weight": "Bolder", "size": "Medium",
         "wrap": True},
    ]  # fmt: skip
    actions: list[dict[str, Any]] = []
    if event["action"] == TRIGGER:
        body.append(
            {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in lines(event)]}
        )
        actions = [
            {"type": "Action.OpenUrl", "title": "Acknowledge", "url": event["ack_url"]},
            {"type": "Action.OpenUrl", "title": "Open the request", "url": event["request_url"]},
        ]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": actions,
    }
    return _json_post(
        target.address,
        {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": None,
                    "content": card,
                }
            ],
        },
    )


def pagerduty(event: dict[str, Any], target: Secrets) -> Post:
    """PagerDuty Events API v2: one incident per page (its dedup key), which
    our acknowledgement acknowledges there too."""
    dedup = f"tandem-page-{event['page']}"
    payload: dict[str, Any] = {
        "routing_key": target.secret,
        "event_action": event["action"],
        "dedup_key": dedup,
    }
    if event["action"] == TRIGGER:
        payload.update(
            {
                "payload": {
                    "summary": f"{headline(event)}: {event['subject']}"[:1024],
                    "source": "Tandem",
                    "severity": "critical" if event["priority"] == 1 else "error",
                    "timestamp": event["at"],
                    "component": event["reference"],
                    "group": event["practice"],
                    "class": event["reason"],
                    "custom_details": dict(lines(event)),
                },
                "client": "Tandem",
                "client_url": event["request_url"],
                "links": [
                    {"href": event["request_url"], "text": f"Open {event['reference']}"},
                    {"href": event["ack_url"], "text": "Acknowledge in Tandem"},
                ],
            }
        )
    return _json_post(target.address or PAGERDUTY_EVENTS, payload)


def sms_text(event: dict[str, Any]) -> str:
    if event["action"] == ACKNOWLEDGE:
        return headline(event)
    return f"Tandem: {headline(event)}. Acknowledge: {event['ack_url']}"


def sms(event: dict[str, Any], target: Secrets) -> Post:
    """An SMS gateway the provider configures with a URL template: `{to}` and
    `{text}` are filled in (URL-encoded), and both are posted as a form too."""
    text = sms_text(event)
    url = target.address.replace("{to}", quote(target.phone, safe="")).replace(
        "{text}", quote(text, safe="")
    )
    body = urlencode({"to": target.phone, "text": text}).encode()
    return Post(url, body, {"Content-Type": "application/x-www-form-urlencoded"})


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over `<timestamp>.<body>`, hex: what a receiver recomputes."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def webhook(event: dict[str, Any], target: Secrets) -> Post:
    """Generic JSON, signed: `X-Tandem-Signature` is `signature()` of the
    body with the target's secret and `X-Tandem-Timestamp` (the event's time,
    so a retry sends the same bytes and the same signature)."""
    body = _json({"type": f"page.{event['action']}", **event})
    timestamp = str(int(datetime.fromisoformat(event["at"]).timestamp()))
    return Post(
        target.address,
        body,
        {
            "Content-Type": "application/json",
            "X-Tandem-Event": f"page.{event['action']}",
            "X-Tandem-Timestamp": timestamp,
            "X-Tandem-Signature": signature(target.secret, timestamp, body),
        },
    )


FORMATTERS: dict[str, Callable[[dict[str, Any], Secrets], Post]] = {
    "slack": slack,
    "teams": teams,
    "pagerduty": pagerduty,
    "sms": sms,
    "webhook": webhook,
}

# Who hears of an acknowledgement (a text message saying so wakes no one usefully).
TOLD_OF_ACK = frozenset({"slack", "teams", "pagerduty", "webhook"})
