"""Knowledge base: who reads which article, writing and removing them
(audited), sanitized Markdown, suggestions while a practice writes a request,
and "This solved it" counted once per form without opening a request."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.core.tenancy import ANONYMOUS
from tandem.desk.models import ServiceRequest
from tandem.kb import queries, services
from tandem.kb.models import Article, Deflection
from tests.conftest import CANARY_B, STAFF_ONLY_A
from tests.desk.test_api import patch, post


def _reads(world, persona: str) -> set[str]:
    return {a.title for a in queries.articles_for(actor_for(world.people[persona]))}


def test_who_reads_which_article(world):
    public, only_b, internal = (
        world.article.title,
        world.article_b.title,
        world.article_internal.title,
    )
    assert _reads(world, "provider_admin") == {public, only_b, internal}
    # Limited to practice A: not what was written for B alone.
    assert _reads(world, "technician_a") == {public, internal}
    for persona in ("client_admin_a", "client_member_a", "auditor_a"):
        assert _reads(world, persona) == {public}
    assert _reads(world, "client_admin_b") == {public, only_b}
    assert not queries.articles_for(ANONYMOUS).exists()


def test_articles_are_written_by_staff_removed_by_leads_and_audited(world):
    tech = actor_for(world.people["technician_a"])
    article = services.save_article(
        actor=tech,
        article=None,
        title="  Scanner  sends to email ",
        body="1. Press **Scan**\n2. Choose *Email*\n<script>alert(1)</script>",
        category="devices",
        practices=[world.a],
    )
    assert article.title == "Scanner sends to email"
    assert article.title_terms == "scanner send email"
    created = AuditEvent.objects.get(verb="article.create", target_id=str(article.uuid))
    assert created.organization_id == world.provider.pk
    assert created.changes["practices"] == [None, ["riverside"]]
    assert "Press" not in str(created.changes)  # lengths, not the text
    with pytest.raises(ValidationError) as hidden:
        services.save_article(actor=tech, article=None, title="x", body="y", practices=[world.b])
    assert "practices" in hidden.value.message_dict
    with pytest.raises(ValidationError) as blank:
        services.save_article(actor=tech, article=None, title=" ", body="", visibility="secret")
    assert set(blank.value.message_dict) == {"title", "body", "visibility"}
    with pytest.raises(PermissionDenied):
        services.save_article(
            actor=actor_for(world.people["client_admin_a"]), article=None, title="x", body="y"
        )
    with pytest.raises(PermissionDenied):
        services.delete_article(actor=tech, article=article)
    services.delete_article(actor=actor_for(world.people["provider_admin"]), article=article)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert AuditEvent.objects.filter(verb="article.delete", target_id=str(article.uuid)).exists()


def test_the_article_page_renders_sanitized_markdown(world):
    article = services.save_article(
        actor=actor_for(world.people["provider_admin"]),
        article=None,
        title="Sign in to the portal",
        body="**Bold** [link](javascript:alert(1)) <img src=x onerror=alert(1)> {{ secret }}",
    )
    page = world.client_for("client_member_a").get(f"/kb/{article.uuid}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<strong>Bold</strong>" in text
    assert 'href="javascript' not in text
    assert "<img src=x" not in text
    assert "&lt;img src=x" in text  # shown as the text it is
    assert "{{ secret }}" in text  # never given to the template engine
    # Another practice's or an internal article: not found.
    assert (
        world.client_for("client_member_a").get(f"/kb/{world.article_b.uuid}/").status_code == 404
    )
    internal = world.client_for("client_member_a").get(f"/kb/{world.article_internal.uuid}/")
    assert internal.status_code == 404


def test_search_ranks_what_the_reader_may_read(world):
    page = world.client_for("client_admin_a").get("/kb/?q=printer")
    text = page.content.decode()
    assert world.article.title in text
    assert CANARY_B not in text
    assert "Staff only" not in text
    mine = world.client_for("client_admin_b").get("/kb/?q=label+printer").content.decode()
    assert mine.index(CANARY_B) < mine.index(world.article.title)  # title match ranks first
    staff = world.client_for("technician_a").get("/kb/?q=firewall").content.decode()
    assert "Firewall rollback" in staff
    assert "Staff only" in staff


def test_suggestions_while_writing_a_request(world):
    member = actor_for(world.people["client_member_a"])
    assert queries.suggestions(member, "Printer offline at the front desk") == [world.article]
    assert queries.suggestions(member, "The fax line is dead") == []
    # Internal articles are never suggested, even to staff.
    admin = actor_for(world.people["provider_admin"])
    assert queries.suggestions(admin, "firewall rollback") == []
    form = world.client_for("client_member_a").get("/help/").content.decode()
    assert 'id="kb-suggestions"' in form
    assert 'name="intake"' in form
    partial = world.client_for("client_member_a").get(
        "/kb/suggest/", {"subject": "printer offline", "body": "since 8"}
    )
    assert partial.status_code == 200
    assert "These answers may help" in partial.content.decode()
    assert "Turn the printer off and on." in partial.content.decode()
    empty = world.client_for("client_member_a").get("/kb/suggest/", {"subject": "fax"})
    assert empty.content.decode().strip() == ""


def test_this_solved_it_counts_once_per_form_and_opens_no_request(world):
    client = world.client_for("client_member_a")
    intake = str(uuid.uuid4())
    requests_before = ServiceRequest.objects.count()
    first = client.post(
        f"/kb/{world.article.uuid}/solved/",
        {"intake": intake, "subject": "Printer offline", "body": "x"},
        headers={"HX-Request": "true"},
    )
    assert first.status_code == 200
    assert "Glad that solved it" in first.content.decode()
    assert "<html" not in first.content.decode()  # the fragment that replaces the form
    again = client.post(f"/kb/{world.article.uuid}/solved/", {"intake": intake})
    assert again.status_code == 200
    assert "<html" in again.content.decode()  # without htmx: a whole page
    world.article.refresh_from_db()
    assert world.article.solved_count == 1
    assert Deflection.objects.filter(article=world.article).count() == 1
    assert ServiceRequest.objects.count() == requests_before
    event = AuditEvent.objects.get(verb="article.solved")
    assert event.organization_id == world.a.pk
    # Another form counts again; a malformed one is refused; staff cannot.
    client.post(f"/kb/{world.article.uuid}/solved/", {"intake": str(uuid.uuid4())})
    world.article.refresh_from_db()
    assert world.article.solved_count == 2
    assert client.post(f"/kb/{world.article.uuid}/solved/", {"intake": "x"}).status_code == 422
    staff = world.client_for("technician_a").post(
        f"/kb/{world.article.uuid}/solved/", {"intake": str(uuid.uuid4())}
    )
    assert staff.status_code == 403


def test_the_editor_page(world):
    client = world.client_for("technician_a")
    assert client.get("/kb/new/").status_code == 200
    saved = client.post(
        "/kb/new/",
        {
            "title": "EHR is slow",
            "body": "Close other tabs.",
            "visibility": "public",
            "practices": ["riverside"],
        },
    )
    assert saved.status_code == 302
    article = Article.objects.get(title="EHR is slow")
    assert not article.for_all_practices
    assert list(article.practices.values_list("slug", flat=True)) == ["riverside"]
    refused = client.post("/kb/new/", {"title": "", "body": "", "visibility": "public"})
    assert refused.status_code == 422
    assert world.client_for("client_admin_a").get("/kb/new/").status_code == 403
    assert client.post(f"/kb/{article.uuid}/remove/").status_code == 403
    assert world.client_for("provider_admin").post(f"/kb/{article.uuid}/remove/").status_code == 302


def test_the_api(world):
    staff = world.client_for("technician_a")
    made = post(
        staff,
        "/api/v1/kb/articles",
        {"title": "VPN drops", "body": "Reconnect the VPN.", "practices": ["riverside"]},
    )
    assert made.status_code == 201, made.content
    uuid_ = made.json()["id"]
    assert made.json()["practices"] == ["riverside"]
    bad = post(staff, "/api/v1/kb/articles", {"title": "x", "body": "y", "practices": ["lakeside"]})
    assert bad.status_code == 422
    assert "practices" in bad.json()["fields"]
    nul = post(staff, "/api/v1/kb/articles", {"title": "x", "body": "y", "practices": ["a\x00b"]})
    assert nul.status_code == 422
    member = world.client_for("client_member_a")
    read = member.get(f"/api/v1/kb/articles/{uuid_}")
    assert read.status_code == 200
    assert read.json()["practices"] is None  # the audience is the provider's business
    assert read.json()["solved_count"] is None
    assert member.get(f"/api/v1/kb/articles/{world.article_b.uuid}").status_code == 404
    listed = member.get("/api/v1/kb/articles?q=printer").json()["items"]
    assert [a["title"] for a in listed] == [world.article.title]
    whole = [a["title"] for a in member.get("/api/v1/kb/articles").json()["items"]]
    assert STAFF_ONLY_A not in str(whole)
    assert sorted(whole) == sorted([world.article.title, "VPN drops"])
    suggested = member.get("/api/v1/kb/suggestions", {"text": "printer offline"}).json()
    assert [a["title"] for a in suggested] == [world.article.title]
    changed = patch(staff, f"/api/v1/kb/articles/{uuid_}", {"practices": None})
    assert changed.json()["for_all_practices"] is True
    assert patch(member, f"/api/v1/kb/articles/{uuid_}", {"title": "x"}).status_code == 403
    intake = str(uuid.uuid4())
    once = post(member, f"/api/v1/kb/articles/{world.article.uuid}/solved", {"intake": intake})
    twice = post(member, f"/api/v1/kb/articles/{world.article.uuid}/solved", {"intake": intake})
    assert (once.status_code, twice.status_code) == (201, 200)
    assert twice.json() == {"counted": False}
    assert staff.delete(f"/api/v1/kb/articles/{uuid_}").status_code == 403
    assert (
        world.client_for("provider_admin").delete(f"/api/v1/kb/articles/{uuid_}").status_code == 204
    )
