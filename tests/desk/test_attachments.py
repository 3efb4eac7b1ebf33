"""Attachments: checked before they are kept, stored under random names, and
served only to those who see their message, with a safe disposition."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.audit.models import AuditEvent
from tandem.desk import services
from tandem.desk.attachments import check, clean_name
from tandem.desk.models import Attachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%rest of a pdf\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("empty.pdf", b"", "is empty"),
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
        ("photo.png", b"MZ\x90\x00 really a program", "not really a .png"),
        ("notes.txt", b"\x00\x01binary", "not a text file"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(name, content, says):
    with pytest.raises(ValidationError) as refused:
        check(upload(name, content))
    assert says in " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("../../etc/passwd.txt", "must not contain folders"),
        ("..\\boot.ini.txt", "must not contain folders"),
        ("C:\\Windows\\x.txt", "must not contain folders"),
        ("..", "must not contain folders"),
        ("a\x07bell.txt", "control characters"),
        ("   ", "has no name"),
    ],
)
def test_names_with_folders_or_control_characters_are_refused(name, says):
    with pytest.raises(ValidationError) as refused:
        clean_name(name)
    assert says in " ".join(refused.value.messages)


def test_a_browser_upload_named_with_folders_is_stored_under_a_random_name(world):
    """Django cuts the name to its last part before we see it; either way the
    stored path is ours, never the sender's."""
    assert _raise_with(world, [upload("../../../etc/cron.d/evil.txt", b"x")]).status_code == 302
    kept = Attachment.objects.get(request__subject="Error on screen")
    assert kept.name == "evil.txt"
    assert ".." not in kept.file.name
    assert kept.file.name.startswith("attachments/")


def test_the_size_limit_is_enforced(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        check(upload("big.pdf", PDF + b"x" * 2000))
    assert "the limit is 1 KB" in " ".join(refused.value.messages)
    assert check(upload("small.pdf", PDF)).content_type == "application/pdf"


def test_long_names_keep_their_extension():
    assert clean_name("x" * 400 + ".pdf").endswith(".pdf")
    assert len(clean_name("x" * 400 + ".pdf")) == 150


def _raise_with(world, files):
    client = world.client_for("client_member_a")
    return client.post(
        "/help/",
        {
            "subject": "Error on screen",
            "body": "See the screenshot.",
            "category": "ehr",
            "impact": "person_blocked",
            "attachments": files,
        },
    )


def test_files_sent_with_a_request_are_kept_and_served_only_to_who_sees_them(world):
    response = _raise_with(world, [upload("screen.png", PNG), upload("report.pdf", PDF)])
    assert response.status_code == 302
    files = list(Attachment.objects.filter(request__subject="Error on screen").order_by("id"))
    assert [f.name for f in files] == ["screen.png", "report.pdf"]
    assert all(f.file.name.startswith("attachments/") and f.name not in f.file.name for f in files)
    url = f"/requests/{files[0].request.reference}/files/{files[0].uuid}/"
    member = world.client_for("client_member_a")
    preview = member.get(url + "?preview=1")
    assert preview.status_code == 200
    assert b"".join(preview.streaming_content) == PNG
    assert preview["Content-Type"] == "image/png"
    assert preview["Content-Disposition"].startswith("inline;")
    assert preview["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in preview["Content-Security-Policy"]
    download = member.get(f"/requests/{files[1].request.reference}/files/{files[1].uuid}/")
    assert download["Content-Disposition"].startswith('attachment; filename="report.pdf"')
    assert world.client_for("client_admin_b").get(url).status_code == 404
    assert world.client_for("technician_a").get(url).status_code == 200
    reads = AuditEvent.objects.filter(verb="attachment.read", organization=world.a)
    assert reads.count() == 3


def test_a_bad_file_keeps_the_form_and_saves_nothing(world):
    before = Attachment.objects.count()
    response = _raise_with(world, [upload("ok.pdf", PDF), upload("bad.exe", b"MZ")])
    assert response.status_code == 422
    assert "not accepted" in " ".join(response.context["form"].errors["attachments"])
    assert Attachment.objects.count() == before


def test_files_on_internal_notes_stay_with_the_provider(world, actor_of):
    from tandem.desk.attachments import check as checked

    message, _ = services.add_message(
        actor=actor_of(world.people["technician_a"]),
        request=world.request_a,
        body="Firewall export attached.",
        kind="internal",
        files=[checked(upload("firewall.txt", b"rule 1 allow"))],
    )
    attachment = message.attachments.get()
    assert attachment.internal
    url = f"/requests/{world.request_a.reference}/files/{attachment.uuid}/"
    for persona in ("client_member_a", "client_admin_a", "auditor_a"):
        assert world.client_for(persona).get(url).status_code == 404
    assert world.client_for("technician_a").get(url).status_code == 200


def test_unicode_names_get_an_ascii_fallback_and_the_utf8_name(world, actor_of):
    from tandem.desk.attachments import check as checked

    message, _ = services.add_message(
        actor=actor_of(world.people["client_member_a"]),
        request=world.request_a,
        body="Scan attached.",
        files=[checked(upload('Überweisung "März".pdf', PDF))],
    )
    attachment = message.attachments.get()
    response = world.client_for("client_member_a").get(
        f"/requests/{world.request_a.reference}/files/{attachment.uuid}/"
    )
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="Uberweisung _Marz_.pdf"')
    assert "filename*=UTF-8''%C3%9Cberweisung%20%22M%C3%A4rz%22.pdf" in header
