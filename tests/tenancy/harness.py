"""The tenancy matrix: discover every route, request it as every persona,
compare with the declared rule, and look for data that must not be there.

Routes come from the URL resolver and the OpenAPI document, never from a
hand-kept list, so a new route with no rule fails the matrix.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import A_PERSONAS, CANARY_B, PERSONAS, STAFF_ONLY_A, World

Statuses = dict[str, int]


@dataclass(frozen=True)
class Route:
    """One thing a client can ask for: an HTML route by name, or an API operation."""

    id: str  # "accounts:site_edit" or "API PATCH /api/v1/sites/{uuid}"
    pattern: str
    methods: tuple[str, ...] = ("GET",)
    params: tuple[str, ...] = ()
    api: bool = False


@dataclass
class Rule:
    """Expected statuses by persona. `own` addresses practice A's objects,
    `foreign` practice B's (same as own for routes without parameters).
    `write` is for POST/PATCH (None: the route takes no write of tenant data,
    with the reason in `exempt`)."""

    own: Statuses
    foreign: Statuses | None = None
    write_own: Statuses | None = None
    write_foreign: Statuses | None = None
    payload: Callable[[World, str], dict[str, Any]] | None = None
    args: Callable[[World, str], dict[str, Any]] | None = None
    exempt: str = ""
    json_body: bool = False
    # Personas for whom a redirect on write means "refused" (sent to sign-in or home).
    redirect_is_denial: tuple[str, ...] = ("anonymous",)


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[tuple[str, str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner_ns = ns + (f"{p.namespace}:" if p.namespace else "")
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner_ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), ns + (p.name or ""), p


def discover(urlconf: str | None = None) -> list[Route]:
    """Every named URL pattern outside the API, plus every OpenAPI operation."""
    routes: dict[str, Route] = {}
    for pattern, name, p in _walk(get_resolver(urlconf).url_patterns):
        if name.startswith("api:") and name not in ("api:openapi-json", "api:openapi-view"):
            continue  # API operations come from the OpenAPI document below
        key = name or f"<unnamed {pattern}>"
        if key not in routes:
            routes[key] = Route(id=key, pattern=pattern, params=tuple(p.pattern.converters))
    for route in api_operations(urlconf):
        routes[route.id] = route
    return sorted(routes.values(), key=lambda r: r.id)


def api_operations(urlconf: str | None = None) -> list[Route]:
    from tandem.api.main import api

    for _pattern, name, _p in _walk(get_resolver(urlconf).url_patterns):
        if name == "api:openapi-json":
            break
    else:
        return []
    schema = api.get_openapi_schema()
    out = []
    for path, operations in schema["paths"].items():
        for method in operations:
            params = tuple(
                prm["name"]
                for prm in operations[method].get("parameters", [])
                if prm["in"] == "path"
            )
            out.append(
                Route(
                    id=f"API {method.upper()} {path}",
                    pattern=path,
                    methods=(method.upper(),),
                    params=params,
                    api=True,
                )
            )
    return out


# Columns a denied request may still touch: the sign-in time of the persona's
# client (made before the fingerprint, but kept out for safety) and the outbox
# worker's lease.
VOLATILE = {
    "accounts.person": {"last_login"},
    "notify.outboxmessage": {"lease_until", "lease_token"},
}


@functools.cache
def _tables() -> tuple[tuple[str, Any, tuple[str, ...]], ...]:
    """Every model of Tandem's own apps, many-to-many tables included, with
    the columns the fingerprint reads."""
    from django.apps import apps

    out = []
    for model in apps.get_models(include_auto_created=True):
        if not model.__module__.startswith("tandem."):
            continue
        label = model._meta.label_lower
        skip = VOLATILE.get(label, set())
        fields = tuple(f.attname for f in model._meta.concrete_fields if f.attname not in skip)
        out.append((label, model._base_manager, fields))
    return tuple(sorted(out, key=lambda t: t[0]))


def fingerprint() -> str:
    """A digest of every table of Tandem's own apps (and their many-to-many
    tables), to prove a denied write changed nothing: a new model joins it
    without being listed here."""
    parts = []
    for label, manager, fields in _tables():
        parts.append(label)
        parts.append(repr(list(manager.order_by("pk").values_list(*fields))))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _url(world: World, route: Route, rule: Rule, side: str) -> str:
    from django.urls import reverse

    kwargs = rule.args(world, side) if rule.args else {}
    if route.api:
        path = route.pattern
        for k, v in kwargs.items():
            path = path.replace("{" + k + "}", str(v))
        return path
    return reverse(route.id, kwargs=kwargs or None)


@dataclass
class Failure:
    route: str
    persona: str
    side: str
    kind: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.route} as {self.persona} ({self.side}): {self.kind} {self.detail}".strip()


@dataclass
class Matrix:
    world: World
    rules: dict[str, Rule]
    failures: list[Failure] = field(default_factory=list)
    _clients: dict[str, Client] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        if persona not in self._clients:
            self._clients[persona] = self.world.client_for(persona)
        return self._clients[persona]

    def fail(self, route: Route, persona: str, side: str, kind: str, detail: str = "") -> None:
        self.failures.append(Failure(route.id, persona, side, kind, detail))

    def check_route(self, route: Route) -> None:
        rule = self.rules.get(route.id)
        if rule is None:
            self.fail(route, "-", "-", "no rule declared for this route")
            return
        sides = ("own", "foreign") if route.params or rule.write_foreign else ("own",)
        reads = not route.api or "GET" in route.methods
        writes = not route.api or route.methods != ("GET",)
        for side in sides:
            expected = rule.own if side == "own" else (rule.foreign or rule.own)
            for persona in PERSONAS if reads else ():
                if persona not in expected:
                    self.fail(route, persona, side, "no expected status declared")
                    continue
                self._read(route, rule, persona, side, expected[persona])
            if writes:
                self._writes(route, rule, side)

    def _read(self, route: Route, rule: Rule, persona: str, side: str, want: int) -> None:
        response = self.client(persona).get(_url(self.world, route, rule, side))
        if response.status_code != want:
            self.fail(
                route, persona, side, "status", f"got {response.status_code}, declared {want}"
            )
        self._scan(route, persona, side, response)

    def _scan(self, route: Route, persona: str, side: str, response: Any) -> None:
        body = b"".join(response) if getattr(response, "streaming", False) else response.content
        text = body.decode("utf-8", "replace")
        if persona in (*A_PERSONAS, "technician_a") and CANARY_B in text:
            self.fail(route, persona, side, "practice B's data leaked")
        if persona in A_PERSONAS and STAFF_ONLY_A in text:
            self.fail(route, persona, side, "provider-only field shown to the practice")

    def _writes(self, route: Route, rule: Rule, side: str) -> None:
        expected = rule.write_own if side == "own" else (rule.write_foreign or rule.write_own)
        if expected is None:
            if not rule.exempt:
                self.fail(route, "-", side, "write rule missing (declare write_own or exempt)")
            return
        method = next((m for m in route.methods if m != "GET"), "POST")
        # Denied personas first, each proven to change nothing; then the allowed.
        # The URL is worked out for each persona: a write that can succeed only
        # once on an object (a merge) names a fresh one each time.
        order = sorted(PERSONAS, key=lambda p: expected.get(p, 0) in (200, 201, 302))
        for persona in order:
            if persona not in expected:
                self.fail(route, persona, side, "no expected write status declared")
                continue
            want = expected[persona]
            url = _url(self.world, route, rule, side)
            payload = rule.payload(self.world, side) if rule.payload else {}
            denied = want in (400, 401, 403, 404, 405, 410, 422) or (
                want == 302 and persona in rule.redirect_is_denial
            )
            # A fresh anonymous client: a successful write (accepting an invitation) signs it in.
            # Clients are made before the fingerprint: signing in is itself audited.
            client = Client() if persona == "anonymous" else self.client(persona)
            before = fingerprint() if denied else ""
            if rule.json_body or route.api:
                response = client.generic(
                    method, url, json.dumps(payload), content_type="application/json"
                )
            else:
                response = client.generic(
                    method, url, _form(payload), content_type="application/x-www-form-urlencoded"
                )
            if response.status_code != want:
                self.fail(
                    route,
                    persona,
                    side,
                    f"{method} status",
                    f"got {response.status_code}, declared {want}",
                )
            self._scan(route, persona, side, response)
            if denied and fingerprint() != before:
                self.fail(route, persona, side, f"denied {method} changed data or the audit trail")


def _form(payload: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(payload, doseq=True)
