"""Automatic logoff: an idle timeout per organization and an absolute lifetime.

Activity is any request a person makes, except background ones (htmx polls
send `X-Tandem-Background: 1`), so a dashboard left open still signs out. The
last-activity time is written at most every `_refresh_every` seconds, not on
every request, so reads stay reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from tandem.accounts.models import Person

SEEN_AT = "tandem_seen_at"
SIGNED_IN_AT = "tandem_signed_in_at"
BACKGROUND_HEADER = "X-Tandem-Background"
LOGOUT_REASON = "_tandem_logout_reason"


def idle_seconds(person: Person) -> int:
    override = getattr(settings, "TANDEM_IDLE_TIMEOUT_SECONDS", None)
    return int(override) if override else person.organization.idle_timeout_minutes * 60


def _refresh_every(idle: int) -> int:
    return max(1, min(60, idle // 4))


def mark_signed_in(request: HttpRequest) -> None:
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now


def _expired(request: HttpRequest, person: Person, now: int) -> str | None:
    signed_in_at = request.session.get(SIGNED_IN_AT)
    seen_at = request.session.get(SEEN_AT)
    if signed_in_at is None or seen_at is None:
        return None  # a session from before this rule; it starts counting now
    if now - int(signed_in_at) > settings.SESSION_ABSOLUTE_SECONDS:
        return "lifetime"
    if now - int(seen_at) > idle_seconds(person):
        return "idle"
    return None


class SessionTimeoutMiddleware:
    """Sign out idle sessions and sessions past their absolute lifetime."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, Person) and user.is_authenticated:
            now = int(time.time())
            reason = _expired(request, user, now)
            if reason:
                return self._sign_out(request, user, reason)
            if request.session.get(SIGNED_IN_AT) is None:
                mark_signed_in(request)
            elif request.headers.get(BACKGROUND_HEADER) != "1":
                seen_at = int(request.session.get(SEEN_AT, 0))
                if now - seen_at >= _refresh_every(idle_seconds(user)):
                    request.session[SEEN_AT] = now
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest, user: Person, reason: str) -> HttpResponse:
        setattr(request, LOGOUT_REASON, reason)
        text = _reason_text(reason, idle_seconds(user))
        logout(request)
        login = reverse("account_login")
        if request.path.startswith("/api/"):
            body = {"code": "unauthenticated", "message": text, "fields": {}}
            return JsonResponse(body, status=401)
        messages.info(request, text)
        if request.headers.get("HX-Request"):
            return HttpResponseClientRedirect(login)
        if request.method == "GET":
            login = f"{login}?{urlencode({'next': request.get_full_path()})}"
        return redirect(login)


def _span(seconds: int) -> str:
    if seconds >= 2 * 3600:
        return f"{seconds // 3600} hours"
    return f"{seconds // 60} minutes" if seconds >= 120 else f"{seconds} seconds"


def _reason_text(reason: str, idle: int) -> str:
    if reason == "lifetime":
        lifetime = _span(settings.SESSION_ABSOLUTE_SECONDS)
        return f"You were signed out because your sign-in is over {lifetime} old. Sign in again."
    return f"You were signed out after {_span(idle)} without activity. Sign in again to go on."
