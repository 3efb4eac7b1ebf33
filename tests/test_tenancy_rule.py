"""The one tenancy rule, on its own."""

from tandem.core.tenancy import ANONYMOUS, SYSTEM, Actor, Side, rule


def test_system_sees_everything():
    assert rule(side=Side.SYSTEM, organization_id=None) == (True, frozenset())
    assert SYSTEM.can_see(123)


def test_provider_staff_see_everything_unless_restricted():
    assert rule(side=Side.PROVIDER, organization_id=1) == (True, frozenset())
    assert rule(
        side=Side.PROVIDER, organization_id=1, restricted=True, assigned_client_ids=frozenset({5})
    ) == (False, frozenset({1, 5}))


def test_client_people_see_their_own_organization_only():
    assert rule(side=Side.CLIENT, organization_id=7) == (False, frozenset({7}))


def test_anyone_else_sees_nothing():
    assert rule(side=Side.ANONYMOUS, organization_id=None) == (False, frozenset())
    assert rule(side=Side.CLIENT, organization_id=None) == (False, frozenset())
    assert not ANONYMOUS.can_see(1)
    assert not Actor(side=Side.CLIENT, organization_id=7, org_ids=frozenset({7})).can_see(None)
