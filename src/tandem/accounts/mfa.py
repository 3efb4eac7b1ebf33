"""Two-factor sign-in: who must enroll, and sending them to enroll first.

Provider staff always need a second factor; a practice's admin can require
it for the whole practice. Someone who must enroll and has not is sent to
enrollment before anything else (the API answers 403 `mfa_required`).
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from tandem.accounts.models import Person

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
SESSION_FLAG = "tandem_mfa_enrolled"
# What someone who must enroll may still reach: enrollment itself, signing out,
# re-authentication, static files and the keepalive.
ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/static/",
    "/session/keepalive/",
    "/healthz",
)


def must_enroll(person: Person) -> bool:
    return bool(person.is_provider_staff or person.organization.require_mfa)


def has_second_factor(person: Person) -> bool:
    return bool(Authenticator.objects.filter(user=person, type__in=SECOND_FACTORS).exists())


class MfaEnrollmentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            isinstance(user, Person)
            and user.is_authenticated
            and not request.session.get(SESSION_FLAG)
            and not request.path.startswith(ALLOWED_PREFIXES)
            and must_enroll(user)
        ):
            if not has_second_factor(user):
                return self._enroll(request)
            request.session[SESSION_FLAG] = True
        return self.get_response(request)

    def _enroll(self, request: HttpRequest) -> HttpResponse:
        text = "Set up two-factor sign-in to go on: your organization requires it."
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "mfa_required", "message": text, "fields": {}}, status=403)
        messages.info(request, text)
        return redirect(reverse("mfa_index"))
