"""The provider's name, logo, support phone and hours: set once, shown to every practice."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.audit.models import AuditEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_provider_admin_sets_branding_and_every_practice_sees_it(world):
    admin = world.client_for("provider_admin")
    response = admin.post(
        "/settings/provider/",
        {
            "name": "Test IT Partners",
            "support_phone": "(555) 777-0000",
            "support_hours": "24/7 for outages",
            "logo": SimpleUploadedFile("logo.png", PNG, "image/png"),
        },
    )
    assert response.status_code == 302
    logo = world.client_for("anonymous").get("/branding/logo/")
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert logo.content == PNG
    for persona in ("client_admin_a", "client_member_a", "client_admin_b"):
        home = world.client_for(persona).get("/").content.decode()
        assert "(555) 777-0000" in home
        assert "24/7 for outages" in home
        assert 'src="/branding/logo/"' in home
    event = AuditEvent.objects.filter(verb="organization.branding").latest("id")
    assert event.changes["logo"] == [{"bytes": 0}, {"bytes": len(PNG)}]
    assert event.changes["support_phone"] == ["(555) 000-1234", "(555) 777-0000"]
