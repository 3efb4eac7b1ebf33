"""People: roles, contacts, deactivation, one email one person."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts import services
from tandem.accounts.choices import Role
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import SYSTEM


def test_deactivation_ends_every_session_at_once(world, actor_of):
    member = world.people["client_member_a"]
    laptop, phone = world.client_for("client_member_a"), world.client_for("client_member_a")
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 200
    services.deactivate(actor=actor_of(world.people["client_admin_a"]), person=member)
    assert laptop.get("/").status_code == 302
    assert phone.get("/api/v1/me").status_code == 401
    event = AuditEvent.objects.filter(verb="person.deactivate").latest("id")
    assert event.changes == {"is_active": [True, False]}


def test_people_are_never_deleted_by_deactivation(world, actor_of):
    member = world.people["client_member_a"]
    services.deactivate(actor=actor_of(world.people["client_admin_a"]), person=member)
    member.refresh_from_db()
    assert member.is_active is False
    assert member.deactivated_at is not None


def test_nobody_deactivates_themselves(world, actor_of):
    admin = world.people["client_admin_a"]
    with pytest.raises(ValidationError):
        services.deactivate(actor=actor_of(admin), person=admin)


def test_a_role_change_is_audited_with_before_and_after(world, actor_of):
    member = world.people["client_member_a"]
    services.update_person(
        actor=actor_of(world.people["client_admin_a"]), person=member, role=Role.AUDITOR
    )
    event = AuditEvent.objects.filter(verb="person.role_change").latest("id")
    assert event.changes == {"role": ["client_member", "auditor"]}
    assert event.actor_id == world.people["client_admin_a"].pk


def test_a_practice_role_cannot_be_given_to_provider_staff(world, actor_of):
    tech = world.people["technician_a"]
    with pytest.raises(ValidationError):
        services.update_person(
            actor=actor_of(world.people["provider_admin"]), person=tech, role=Role.CLIENT_ADMIN
        )


def test_one_email_is_one_person_in_one_organization(world, actor_of):
    with pytest.raises(ValidationError) as exc:
        services.create_person(
            actor=SYSTEM,
            organization=world.b,
            email="CLIENT_ADMIN_A@example.org",
            full_name="Copy",
            role=Role.CLIENT_MEMBER,
        )
    assert "another organization" in str(exc.value)


def test_a_client_admin_manages_only_their_own_practice(world, actor_of):
    admin_a = actor_of(world.people["client_admin_a"])
    with pytest.raises(PermissionDenied):
        services.create_site(actor=admin_a, organization=world.b, name="Sneaky")
    with pytest.raises(PermissionDenied):
        services.create_client(actor=admin_a, name="Another practice")


def test_a_member_and_an_auditor_cannot_invite(world, actor_of):
    for persona in ("client_member_a", "auditor_a", "technician_a"):
        with pytest.raises(PermissionDenied):
            services.invite(
                actor=actor_of(world.people[persona]),
                organization=world.a,
                email="x@example.org",
                full_name="X",
                role=Role.CLIENT_MEMBER,
            )


def test_designated_officials_must_belong_to_the_practice(world):
    with pytest.raises(ValidationError):
        services.update_organization(
            actor=SYSTEM, organization=world.a, security_official=world.people["client_admin_b"]
        )


def test_internal_notes_are_the_providers_to_write(world, actor_of):
    with pytest.raises(PermissionDenied):
        services.update_organization(
            actor=actor_of(world.people["client_admin_a"]),
            organization=world.a,
            internal_notes="mine",
        )


def test_a_restricted_technician_sees_only_assigned_practices(world, actor_of):
    actor = actor_of(world.people["technician_a"])
    assert actor.can_see(world.a.pk)
    assert actor.can_see(world.provider.pk)
    assert not actor.can_see(world.b.pk)
    services.set_assignments(
        actor=SYSTEM, person=world.people["technician_a"], restricted=False, clients=[]
    )
    assert actor_of(world.people["technician_a"]).can_see(world.b.pk)


def test_nobody_lifts_their_own_restriction(world, actor_of):
    admin = world.people["provider_admin"]
    with pytest.raises(ValidationError):
        services.set_assignments(actor=actor_of(admin), person=admin, restricted=False, clients=[])


def test_a_site_in_another_time_zone_is_saved_from_the_form(world):
    response = world.client_for("client_admin_a").post(
        f"/clients/{world.a.slug}/sites/new/",
        {
            "name": "Honolulu annex",
            "time_zone": "Pacific/Honolulu",
            "opens_0": "07:30",
            "closes_0": "16:00",
        },
    )
    assert response.status_code == 302
    site = world.a.sites.get(name="Honolulu annex")
    assert site.time_zone == "Pacific/Honolulu"
    assert [str(h) for h in site.hours.all()] == ["Monday 07:30-16:00"]


def test_the_provider_home_summarises_each_practice(world):
    page = world.client_for("provider_admin").get("/").content.decode()
    riverside = page.split('href="/clients/riverside/"', 1)[1].split("</li>", 1)[0]
    assert "1 site · 5 people" in riverside  # Ann, Mel, Audrey, Carl and the invited Nina
    assert "HIPAA officials not designated" not in riverside
    lakeside = page.split('href="/clients/lakeside/"', 1)[1].split("</li>", 1)[0]
    assert "HIPAA officials not designated" in lakeside
