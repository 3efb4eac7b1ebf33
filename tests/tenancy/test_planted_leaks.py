"""The matrix must fail on each planted leak; a matrix that passes everything
proves nothing."""

from __future__ import annotations

import pytest

from tests.tenancy.harness import Matrix, Rule, discover
from tests.tenancy.rules import RULES, _org, each, scoped, signed_in

LEAKY = "tests.tenancy.leaky_urls"

# What each leaky route *should* answer: the same rules real routes follow.
DECLARED = {
    "leak_wrong_status": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_org,
        write_own=each(405),
    ),
    "leak_foreign_row": Rule(own=signed_in(200), write_own=each(405)),
    "leak_staff_field": Rule(
        own=scoped(200, side="own"),
        foreign=scoped(200, side="foreign"),
        args=_org,
        write_own=each(405),
    ),
    "leak_write": Rule(
        own=signed_in(200),
        foreign=signed_in(200),
        args=_org,
        write_own=signed_in(403),
        write_foreign=signed_in(403),
    ),
}


@pytest.fixture
def leaky(settings, world):
    settings.ROOT_URLCONF = LEAKY
    routes = {r.id: r for r in discover(LEAKY)}
    return Matrix(world=world, rules={**RULES, **DECLARED}), routes


def kinds(matrix: Matrix) -> set[str]:
    return {f.kind for f in matrix.failures}


def test_matrix_catches_a_foreign_object_answering_200(leaky):
    matrix, routes = leaky
    matrix.check_route(routes["leak_wrong_status"])
    assert "status" in kinds(matrix)
    assert {(f.persona, f.side) for f in matrix.failures} >= {("client_admin_a", "foreign")}


def test_matrix_catches_a_foreign_row_inside_a_list(leaky):
    matrix, routes = leaky
    matrix.check_route(routes["leak_foreign_row"])
    assert "practice B's data leaked" in kinds(matrix)


def test_matrix_catches_a_staff_only_field_shown_to_a_client(leaky):
    matrix, routes = leaky
    matrix.check_route(routes["leak_staff_field"])
    assert "provider-only field shown to the practice" in kinds(matrix)


def test_matrix_catches_a_denied_write_that_changed_data(leaky):
    matrix, routes = leaky
    matrix.check_route(routes["leak_write"])
    assert "denied POST changed data or the audit trail" in kinds(matrix)


def test_matrix_fails_a_route_without_a_declared_rule(leaky):
    matrix, routes = leaky
    matrix.check_route(routes["leak_undeclared"])
    assert kinds(matrix) == {"no rule declared for this route"}


def test_real_routes_pass_under_the_leaky_urlconf(leaky):
    """The leaks, not the harness, cause the failures above."""
    matrix, routes = leaky
    matrix.check_route(routes["accounts:organization_detail"])
    assert matrix.failures == []
