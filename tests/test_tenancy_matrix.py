"""Every route as every persona answers as declared, and nothing crosses tenants.

Routes are discovered from the URL resolver and the OpenAPI document; a route
with no rule in tests/tenancy/rules.py fails here.
"""

from __future__ import annotations

import pytest

from tests.tenancy.harness import Matrix, discover
from tests.tenancy.rules import RULES

ROUTES = discover()


@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_route_answers_every_persona_as_declared(world, route):
    matrix = Matrix(world=world, rules=RULES)
    matrix.check_route(route)
    assert not matrix.failures, "\n".join(str(f) for f in matrix.failures)


def test_every_rule_names_a_route_that_exists():
    ids = {r.id for r in ROUTES}
    assert set(RULES) - ids == set()
