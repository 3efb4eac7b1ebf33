"""Every API operation names the token scope it needs (in the OpenAPI
document), refuses a token without that scope, and lets one with it through."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tandem.accounts.actors import actor_for
from tandem.api.main import api
from tandem.api.models import SCOPES
from tandem.api.services import create_token
from tandem.collab.models import ChangeRequest
from tandem.oncall.models import Override
from tests.oncall.helpers import rotation_of
from tests.sla.helpers import breach_of, terms_of

SCHEMA = api.get_openapi_schema()
OPERATIONS = [
    (method.upper(), path, op)
    for path, item in SCHEMA["paths"].items()
    for method, op in item.items()
    if method in {"get", "post", "patch", "put", "delete"}
]


def _scope_of(op: dict) -> str:
    names = [name for req in op.get("security", []) for name in req if name.startswith("Token_")]
    assert len(names) == 1, f"{op['operationId']} should accept exactly one token scope"
    return names[0].removeprefix("Token_").replace("_", ":", 1)


def _path_for(world, path: str) -> str:
    """The operation's path with practice A's objects filled in."""
    objects = {
        "/api/v1/sites/": world.site_a,
        "/api/v1/people/": world.people["client_member_a"],
        "/api/v1/service-accounts/": world.service_account_a,
        "/api/v1/teams/": world.team,
        "/api/v1/macros/": world.macro,
        "/api/v1/views/": world.view,
        "/api/v1/kb/articles/": world.article,
        "/api/v1/requests/{ref}/macros/": world.macro,
        "/api/v1/requests/{ref}/files/": world.attachment_a,
    }
    if "/sla/breaches/" in path:
        objects = {"/api/v1/requests/{ref}/sla/breaches/": breach_of(world, "own")}
    elif path.startswith("/api/v1/oncall/"):
        from tests.tenancy.rules import _fresh_cover, _fresh_page

        objects = {
            "/api/v1/oncall/pages/": _fresh_page(world, "own"),
            "/api/v1/oncall/rotations/": rotation_of(world),
            "/api/v1/oncall/overrides/": Override.objects.get(
                uuid=_fresh_cover(world, "own")["uuid"]
            ),
        }
    elif path.startswith("/api/v1/concerns/"):
        from tests.collab.helpers import concern_of

        objects = {"/api/v1/concerns/": concern_of(world)}
    elif path.startswith("/api/v1/actions/"):
        from tests.collab.helpers import action_of

        objects = {"/api/v1/actions/": action_of(world)}
    elif path.startswith("/api/v1/changes/"):
        from tests.collab.helpers import approved_of, change_of, submitted_of
        from tests.tenancy.rules import _completed_change

        made = {
            "decision": submitted_of,
            "steps": approved_of,
            "check": lambda w: ChangeRequest.objects.get(uuid=_completed_change(w, "own")["uuid"]),
        }
        objects = {"/api/v1/changes/": made.get(path.rsplit("/", 1)[-1], change_of)(world)}
    elif path.startswith("/api/v1/decisions/"):
        from tests.collab.helpers import agreed_of, draft_of, proposed_of

        made = {"proposal": draft_of, "signatures": proposed_of, "successor": agreed_of}
        objects = {"/api/v1/decisions/": made.get(path.rsplit("/", 1)[-1], draft_of)(world)}
    elif path.startswith("/api/v1/sla/"):
        calendar, policy, contracts = terms_of(world)
        objects = {
            "/api/v1/sla/calendars/": calendar,
            "/api/v1/sla/policies/": policy,
            "/api/v1/sla/contracts/": contracts["own"],
        }
        path = path.replace("{on}", "2026-12-24")
    uuid = next((o.uuid for prefix, o in objects.items() if path.startswith(prefix)), None)
    filled = path.replace("{slug}", world.a.slug).replace("{ref}", world.request_a.reference)
    filled = filled.replace("{other}", world.request_b.reference)
    return filled.replace("{uuid}", str(uuid)) if uuid else filled


def test_every_operation_declares_one_known_scope():
    assert OPERATIONS
    for _method, _path, op in OPERATIONS:
        assert _scope_of(op) in SCOPES


@pytest.mark.parametrize(
    ("method", "path"),
    [(m, p) for m, p, _ in OPERATIONS],
    ids=[f"{m} {p}" for m, p, _ in OPERATIONS],
)
def test_a_token_needs_the_declared_scope(world, method, path):
    op = next(o for m, p, o in OPERATIONS if (m, p) == (method, path))
    needed = _scope_of(op)
    # The provider admin may use every operation: only the scope can refuse.
    admin = actor_for(world.people["provider_admin"])
    _, without = create_token(
        actor=admin, name="others", scopes=sorted(set(SCOPES) - {needed}), days=1
    )
    _, with_it = create_token(actor=admin, name="it", scopes=[needed], days=1)
    url = _path_for(world, path)
    assert "{" not in url, f"fill in the parameters of {path}"

    def call(raw: str):
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return getattr(client, method.lower())(url, {}, content_type="application/json")

    refused = call(without)
    assert refused.status_code == 403
    assert re.search(re.escape(needed), refused.json()["message"])
    # With the scope, the token gets past authentication and authorization
    # (an empty body may still be invalid: 422 is fine here).
    assert call(with_it).status_code not in {401, 403}
