"""allauth glue: no self sign-up, and every account email goes through the outbox."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from tandem.accounts import mfa
from tandem.accounts.actors import client_ip
from tandem.accounts.models import Person
from tandem.accounts.queries import provider_org
from tandem.core import crypto
from tandem.notify import services as notify


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False  # people are invited

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Count failed sign-ins per account *and address*: a flood of failures
        from one address must not lock the person out from everywhere else.
        (allauth's per-address limit across all accounts still applies.)"""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}@{client_ip(request) or 'unknown'}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {**context, "provider": provider_org()}
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (c for c, mime in getattr(message, "alternatives", []) if mime == "text/html"), ""
        )
        person = Person.objects.filter(email__iexact=email).first()
        notify.enqueue_email(
            to=email,
            subject=str(message.subject),
            body_text=str(message.body),
            body_html=str(html),
            idempotency_key=f"account:{template_prefix}:{secrets.token_hex(16)}",
            organization_id=person.organization_id if person else None,
        )


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets encrypted with the data key; the last second factor of
    someone who must have one cannot be removed; the provider names the code."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def get_totp_issuer(self) -> str:
        provider = provider_org()
        return f"Tandem ({provider.name})" if provider else "Tandem"

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        person = authenticator.user
        if not isinstance(person, Person) or not mfa.must_enroll(person):
            return True
        others = Authenticator.objects.filter(user=person, type__in=mfa.SECOND_FACTORS).exclude(
            pk=authenticator.pk
        )
        return authenticator.type not in mfa.SECOND_FACTORS or others.exists()
