"""Sign-ins, sign-outs, failed sign-ins and credential changes go to the audit trail."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from tandem.accounts import services, sessions
from tandem.accounts.actors import actor_for, client_ip
from tandem.accounts.models import Person
from tandem.core.tenancy import ANONYMOUS


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest, user: Person, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.mark_signed_in(request)
    services.record_sign_in(actor=actor_for(user), person=user, ip_address=client_ip(request))


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest, user: Person | None, **kwargs: Any) -> None:
    if isinstance(user, Person):
        reason = getattr(request, sessions.LOGOUT_REASON, "")
        services.record_sign_out(
            actor=actor_for(user), person=user, ip_address=client_ip(request), reason=reason
        )


@receiver(mfa_signals.authenticator_added)
@receiver(mfa_signals.authenticator_removed)
@receiver(mfa_signals.authenticator_reset)
def _second_factor_changed(
    sender: Any, request: HttpRequest, user: Person, authenticator: Any, signal: Any, **kwargs: Any
) -> None:
    verb = {
        mfa_signals.authenticator_added: "auth.mfa_added",
        mfa_signals.authenticator_removed: "auth.mfa_removed",
        mfa_signals.authenticator_reset: "auth.mfa_reset",
    }[signal]
    services.record_credential_change(
        actor=actor_for(user, ip_address=client_ip(request)),
        person=user,
        verb=verb,
        kind=str(authenticator.type),
    )


PASSWORD_VERBS = {
    account_signals.password_changed: "auth.password_changed",
    account_signals.password_reset: "auth.password_reset",
    account_signals.password_set: "auth.password_set",
}


@receiver(account_signals.password_changed)
@receiver(account_signals.password_reset)
@receiver(account_signals.password_set)
def _password_changed(
    sender: Any, request: HttpRequest, user: Person, signal: Any, **kwargs: Any
) -> None:
    services.record_credential_change(
        actor=actor_for(user, ip_address=client_ip(request)),
        person=user,
        verb=PASSWORD_VERBS[signal],
    )


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "")
    services.record_failed_sign_in(email=email, ip_address=client_ip(request), actor=ANONYMOUS)
