"""Delivering the outbox's "webhook" rows: the row names a paging target and
holds what happened; the target's formatter builds the POST now, with the
secrets decrypted for this one request. Any failure raises, and the outbox
retries with backoff."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlsplit

from tandem.core import crypto
from tandem.notify.models import OutboxMessage
from tandem.oncall.formatters import FORMATTERS, Secrets
from tandem.oncall.models import PagingTarget

TIMEOUT = 10  # seconds: a gateway that hangs must not hold the worker


class NoTarget(LookupError):
    pass


def secrets_of(target: PagingTarget) -> Secrets:
    return Secrets(
        kind=target.kind,
        address=crypto.decrypt(target.address),
        secret=crypto.decrypt(target.secret) if target.secret else "",
        phone=target.phone,
    )


def send(message: OutboxMessage) -> None:
    target = PagingTarget.objects.filter(uuid=message.headers.get("target")).first()
    if target is None:
        raise NoTarget("the paging target was removed")
    post = FORMATTERS[target.kind](json.loads(message.body_text), secrets_of(target))
    if urlsplit(post.url).scheme not in ("http", "https"):
        raise ValueError("a target's address must be http or https")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        post.url,
        data=post.body,
        headers={"User-Agent": "Tandem", **post.headers},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310
        answer.read(1024)
