"""OAuth2 for mailboxes at Microsoft 365 and Google, which no longer take
passwords over IMAP and SMTP: an access token, refreshed through the
provider's token endpoint with the stored refresh token, is presented with
SASL XOAUTH2.

Tokens are kept encrypted (core.crypto). A provider that rotates refresh
tokens returns a new one with each refresh; it replaces the stored one."""

from __future__ import annotations

import contextlib
import json
import urllib.parse
import urllib.request
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend
from django.db import transaction
from django.utils import timezone

from tandem.core import crypto
from tandem.mail.models import Mailbox, Security

# What the two big providers need; "custom" gives its own URLs and scope.
PROVIDERS = {
    "microsoft": {
        "authorize": "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        "token": "https://login.microsoftonline.com/common/oauth2/v2.0/token",
        "scope": "offline_access https://outlook.office.com/IMAP.AccessAsUser.All "
        "https://outlook.office.com/SMTP.Send",
    },
    "google": {
        "authorize": "https://accounts.google.com/o/oauth2/v2/auth",
        "token": "https://oauth2.googleapis.com/token",
        "scope": "https://mail.google.com/",
    },
}
EARLY = timedelta(seconds=60)  # refresh a token this long before it expires
TIMEOUT = 20


class TokenError(Exception):
    """The token endpoint refused or could not be reached; the message says why."""


def token_url(mailbox: Mailbox) -> str:
    return mailbox.oauth_token_url or PROVIDERS.get(mailbox.oauth_provider, {}).get("token", "")


def token_request(url: str, data: dict[str, str]) -> dict[str, Any]:
    if not url.startswith(("https://", "http://")):
        raise TokenError("The mailbox has no token endpoint.")
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (scheme checked)
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    request.add_header("Accept", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read(100_000) or b"{}")
    except urllib.error.HTTPError as exc:
        detail = exc.read(2000).decode("utf-8", "replace")
        with contextlib.suppress(ValueError, AttributeError):
            said = json.loads(detail)
            detail = said.get("error_description") or said.get("error") or detail
        raise TokenError(f"The token endpoint refused: {exc.code} {detail}"[:300]) from exc
    except (OSError, ValueError) as exc:
        raise TokenError(f"The token endpoint could not be reached: {exc}"[:300]) from exc
    if not isinstance(answer, dict) or "access_token" not in answer:
        raise TokenError("The token endpoint answered without an access token.")
    return answer


def store_tokens(mailbox: Mailbox, answer: dict[str, Any]) -> str:
    token = str(answer["access_token"])
    mailbox.access_token = crypto.encrypt(token)
    lifetime = int(answer.get("expires_in") or 3600)
    mailbox.access_token_expires_at = timezone.now() + timedelta(seconds=lifetime)
    fields = ["access_token", "access_token_expires_at"]
    if answer.get("refresh_token"):
        mailbox.refresh_token = crypto.encrypt(str(answer["refresh_token"]))
        fields.append("refresh_token")
    with transaction.atomic():
        Mailbox.objects.filter(pk=mailbox.pk).update(**{f: getattr(mailbox, f) for f in fields})
    return token


def access_token(mailbox: Mailbox) -> str:
    """A valid access token: the stored one, or a fresh one from the endpoint."""
    expires = mailbox.access_token_expires_at
    if mailbox.access_token and expires and expires - EARLY > timezone.now():
        return crypto.decrypt(mailbox.access_token)
    if not mailbox.refresh_token:
        raise TokenError("The mailbox is not authorized yet: connect it first.")
    data = {
        "grant_type": "refresh_token",
        "refresh_token": crypto.decrypt(mailbox.refresh_token),
        "client_id": mailbox.oauth_client_id,
    }
    if mailbox.oauth_client_secret:
        data["client_secret"] = crypto.decrypt(mailbox.oauth_client_secret)
    return store_tokens(mailbox, token_request(token_url(mailbox), data))


def xoauth2(user: str, token: str) -> str:
    """The SASL XOAUTH2 initial response (before base64, which the clients add)."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


class XOAuth2Backend(EmailBackend):
    """Django's SMTP backend, authenticating with XOAUTH2 instead of LOGIN."""

    def __init__(self, mailbox: Mailbox) -> None:
        super().__init__(
            host=mailbox.smtp_host,
            port=mailbox.smtp_port,
            use_tls=mailbox.smtp_security == Security.STARTTLS,
            use_ssl=mailbox.smtp_security == Security.SSL,
            timeout=settings.EMAIL_TIMEOUT,
            fail_silently=False,
        )
        self.mailbox = mailbox

    def open(self) -> bool | None:
        opened = super().open()
        if opened and self.connection is not None:
            token = access_token(self.mailbox)
            user = self.mailbox.username or self.mailbox.address
            try:
                self.connection.ehlo_or_helo_if_needed()
                self.connection.auth("XOAUTH2", lambda challenge=None: xoauth2(user, token))
            except Exception:
                self.close()
                raise
        return opened
