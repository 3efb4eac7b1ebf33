from tandem.audit.models import AuditEvent
from tandem.audit.templatetags.audit_format import change


def test_changes_read_as_before_and_after():
    assert change(["client_member", "auditor"]) == "client_member → auditor"
    assert change([None, "Ann Admin"]) == "Ann Admin"
    assert change([True, False]) == "yes → no"


def test_free_text_shows_as_a_fingerprint_never_as_text():
    assert (
        change([None, {"sha256": "ab" * 32, "length": 12}])
        == "text of 12 characters (kept as a fingerprint)"
    )


def test_opening_hours_read_by_weekday():
    assert (
        change([{}, {"0": "08:00-17:00", "4": "08:00-12:00"}])
        == "(none) → Mon 08:00-17:00, Fri 08:00-12:00"
    )


def test_designations_are_recorded_by_name(world):

    event = AuditEvent.objects.filter(organization=world.a, verb="organization.update").latest("id")
    assert event.changes["security_official"] == [None, "Ann Admin"]


def test_changes_made_over_http_record_where_they_came_from(world):
    world.client_for("client_admin_a").post(
        f"/clients/{world.a.slug}/edit/",
        {"name": "Riverside Family Clinic", "idle_timeout_minutes": "15"},
        REMOTE_ADDR="203.0.113.9",
    )
    event = AuditEvent.objects.filter(organization=world.a, verb="organization.update").latest("id")
    assert event.changes["name"] == ["Riverside Clinic", "Riverside Family Clinic"]
    assert event.ip_address == "203.0.113.9"


def test_behind_a_trusted_proxy_the_address_comes_from_x_forwarded_for(world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    world.client_for("client_admin_a").post(
        f"/clients/{world.a.slug}/edit/",
        {"name": "Riverside Clinic 2", "idle_timeout_minutes": "15"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    event = AuditEvent.objects.filter(organization=world.a, verb="organization.update").latest("id")
    assert event.ip_address == "198.51.100.7"
