"""Property-based fuzzing of /api/v1/openapi.json: no input makes the API answer 5xx.

Schemathesis reads the schema the running app serves and, for every operation,
generates valid and invalid requests (wrong types, missing and extra fields,
NUL bytes, unusual Unicode, boundary numbers, unexpected content types) and
sends them through the app in-process with each way of calling it: signed in
as a provider admin and as a practice admin (with a CSRF token so unsafe
methods reach the handlers), with a personal token of each scope alone, and
with a service account's token. The world fixture's data is in place (and in
the same transaction) while it runs.
"""

from __future__ import annotations

import secrets

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from tandem.accounts.actors import actor_for
from tandem.api.models import SCOPES
from tandem.api.services import create_token

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

MAX_EXAMPLES = 25
CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "database": "none",  # no .hypothesis directory; every run starts fresh
            "allow-x00": True,
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)


# Django's real WSGI handler, with all its middleware (sessions, CSRF, the actor).
APP = get_wsgi_application()
# Loaded when the module is collected (serving the schema touches no database).
# schemathesis.pytest.from_fixture would load it inside each test instead, but
# it breaks on pytest 9.2, whose nodes no longer have `_nodeid`.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP, config=CONFIG)


@pytest.fixture
def wsgi_app():
    """The app, kept from closing the database connection at the start and end
    of each request (as django.test.Client does): the test's transaction holds
    the world."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield APP
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


CALLERS = [
    "session:provider_admin",
    "session:client_admin_a",
    *(f"token:{scope}" for scope in sorted(SCOPES)),
    "service-account",
]


@pytest.fixture(params=CALLERS)
def caller(request) -> str:
    return request.param


@pytest.fixture
def credentials(wsgi_app, world, caller) -> dict[str, dict[str, str]]:
    """A real session cookie and a CSRF cookie/header pair; or a real token:
    the practice admin's, with one scope alone, or a service account's."""
    kind, _, detail = caller.partition(":")
    if kind == "session":
        session = world.client_for(detail).cookies["sessionid"].value
        csrf = secrets.token_hex(16)  # 32 characters, as Django's CSRF secret
        return {
            "cookies": {"sessionid": session, "csrftoken": csrf},
            "headers": {"X-CSRFToken": csrf},
        }
    if kind == "token":
        _token, raw = create_token(
            actor=actor_for(world.people["client_admin_a"]), name=detail, scopes=[detail], days=1
        )
    else:
        raw = world.raw_sa_token_a
    return {"headers": {"Authorization": f"Bearer {raw}"}}


def _aim_at_the_world(case, world, data) -> None:
    """Random ids and slugs only ever reach the 404 branch; half the time, point
    the case at the world's real objects (its own practice's and the other's) so
    the writes and their validation run too. The rest of the case stays fuzzed."""
    if "uuid" in case.path_parameters and data.draw(st.booleans(), label="real uuid"):
        objects = (
            [world.site_a, world.site_b]
            if "/sites/" in case.path
            else [world.service_account_a, world.service_account_b]
            if "/service-accounts/" in case.path
            else [world.people["client_member_a"], world.people["client_admin_b"]]
        )
        case.path_parameters["uuid"] = str(data.draw(st.sampled_from(objects), label="object").uuid)
    if "ref" in case.path_parameters and data.draw(st.booleans(), label="real ref"):
        item = data.draw(st.sampled_from([world.request_a, world.request_b]), label="request")
        case.path_parameters["ref"] = item.reference
    for where in (case.query, case.path_parameters, case.body):
        if not isinstance(where, dict):
            continue
        for key in ("organization", "slug"):
            if key in where and data.draw(st.booleans(), label=f"real {key}"):
                where[key] = data.draw(st.sampled_from(["riverside", "lakeside"]), label=key)


BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@BOUNDED
def test_no_input_makes_the_api_fail(case, credentials):
    """Every phase: the schema's examples, the coverage phase's edge cases
    (boundaries, missing and null fields, wrong types and media types, unexpected
    methods) and random fuzzing, valid and invalid."""
    case.call_and_validate(checks=[not_a_server_error], **credentials)


@schema.parametrize()
@schema.given(data=st.data())
@BOUNDED
def test_no_input_aimed_at_real_objects_makes_the_api_fail(case, data, credentials, world):
    """Fuzzing with the ids and slugs swapped for real ones, so PATCH and POST
    reach the services and the database (201 and 200 happen here)."""
    _aim_at_the_world(case, world, data)
    case.call_and_validate(checks=[not_a_server_error], **credentials)


def test_the_schema_is_served_and_lists_the_operations():
    labels = {op.ok().label for op in schema.get_all_operations()}
    for label in (
        "POST /api/v1/sites",
        "PATCH /api/v1/sites/{uuid}",
        "POST /api/v1/invitations",
        "GET /api/v1/audit-events",
        "POST /api/v1/service-accounts",
        "POST /api/v1/requests",
        "PATCH /api/v1/requests/{ref}",
        "POST /api/v1/requests/{ref}/messages",
        "POST /api/v1/service-accounts/{uuid}/deactivate",
    ):
        assert label in labels
