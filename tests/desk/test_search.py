"""Full-text search over requests: what each persona finds, through the
queue, the practice's lists and the API, and that the documents follow
every change of a subject or a message."""

from __future__ import annotations

import pytest
from django.db import connection

from tandem.accounts.actors import actor_for
from tandem.desk import queries, search
from tandem.desk import services as desk
from tandem.desk.models import SearchDocument, ServiceRequest
from tandem.desk.relations import merge
from tests.conftest import CANARY_B, PERSONAS, STAFF_ONLY_A

pytestmark = pytest.mark.django_db

# Words only the world's texts hold (see tests/conftest.py): one in A's
# internal note, one in B's request.
NOTE_WORD = "firewall"  # "Firewall rule change last night…" (A, internal)
B_WORD = "label"  # "The label printer jams." (B)


def found(world, persona: str, text: str) -> set[str]:
    actor = actor_for(world.people[persona])
    return {r.reference for r in queries.searched(queries.requests_for(actor), actor, text, "")}


def page(world, persona: str, query: str) -> str:
    client = world.client_for(persona)
    response = client.get("/requests/", {"q": query, "show": "practice"})
    assert response.status_code == 200
    return response.content.decode()


def api_refs(world, persona: str, query: str) -> set[str]:
    response = world.client_for(persona).get("/api/v1/requests", {"q": query})
    assert response.status_code == 200, response.content
    return {item["reference"] for item in response.json()["items"]}


def test_staff_find_words_of_internal_notes_and_the_practice_never_does(world):
    a = world.request_a.reference
    assert found(world, "provider_admin", NOTE_WORD) == {a}
    assert found(world, "technician_a", NOTE_WORD) == {a}
    for persona in ("client_admin_a", "client_member_a", "auditor_a"):
        assert found(world, persona, NOTE_WORD) == set(), persona
        assert found(world, persona, STAFF_ONLY_A) == set(), persona
        assert api_refs(world, persona, NOTE_WORD) == set(), persona
        html = page(world, persona, f"{NOTE_WORD} rule")
        assert a not in html, persona
        assert "No match" in html, persona
    # The same request is found by its public words.
    assert found(world, "client_member_a", "front desk EHR") == {a}
    assert a in page(world, "client_admin_a", "EHR")


def test_a_word_of_practice_b_is_never_found_by_practice_a(world):
    b = world.request_b.reference
    assert found(world, "provider_admin", B_WORD) == {b}
    assert found(world, "client_admin_b", B_WORD) == {b}
    for persona in ("technician_a", "client_admin_a", "client_member_a", "auditor_a"):
        assert found(world, persona, B_WORD) == set(), persona
        assert found(world, persona, CANARY_B) == set(), persona
        html = page(world, persona, f"{B_WORD} printer jams")
        assert b not in html, persona
        assert CANARY_B not in html, persona
    for persona in ("client_admin_a", "client_member_a", "auditor_a"):
        assert api_refs(world, persona, B_WORD) == set(), persona


def test_every_persona_searches_without_error_whatever_is_typed(world):
    odd = ['"', "AND OR NOT", "NEAR(a b)", "*", "'; DROP TABLE x; --", "a:b", "ü ß", "\u00a0"]
    for persona in PERSONAS:
        if persona == "anonymous":
            continue
        for text in odd:
            response = world.client_for(persona).get("/requests/", {"q": text})
            assert response.status_code == 200, (persona, text)


def test_a_reference_is_looked_up_exactly(world):
    a = world.request_a.reference
    assert found(world, "client_member_a", a) == {a}
    assert found(world, "client_member_a", a.lower()) == {a}
    assert found(world, "client_admin_a", world.request_b.reference) == set()
    assert api_refs(world, "provider_admin", a) == {a}


def test_every_word_must_match_and_the_best_match_comes_first(world, actor_of):
    member = actor_of(world.people["client_member_a"])
    once = desk.open_request(
        actor=member,
        organization=world.a,
        subject="Scanner question",
        body="The scanner at intake is slow.",
        category="devices",
        impact="question",
    )
    often = desk.open_request(
        actor=member,
        organization=world.a,
        subject="Scanner stops scanning",
        body="The scanner stops. Every scanner in the back office, scanner after scanner.",
        category="devices",
        impact="question",
    )
    actor = actor_of(world.people["provider_admin"])
    ranked = list(queries.searched(queries.requests_for(actor), actor, "scanner", "relevance"))
    assert [r.reference for r in ranked] == [often.reference, once.reference]
    assert found(world, "provider_admin", "scanner intake") == {once.reference}
    # Stemmed on both databases: "stop" finds "stops".
    assert found(world, "provider_admin", "stop") == {often.reference}


def test_search_combines_with_the_queue_filters(world, actor_of):
    member = actor_of(world.people["client_member_a"])
    printer = desk.open_request(
        actor=member,
        organization=world.a,
        subject="Reception printer offline",
        body="Offline again.",
        category="devices",
        impact="person_blocked",
    )
    desk.open_request(
        actor=member,
        organization=world.a,
        subject="Phones offline",
        body="Offline since noon.",
        category="phones",
        impact="practice_down",
    )
    admin = actor_of(world.people["provider_admin"])
    hits = queries.queue(admin, name="all", category="devices", text="offline", sort="relevance")
    assert [r.reference for r in hits] == [printer.reference]
    html = world.client_for("provider_admin").get(
        "/requests/", {"queue": "all", "q": "offline", "category": "phones"}
    )
    content = html.content.decode()
    assert "Phones offline" in content
    assert "Reception printer offline" not in content


def test_documents_follow_every_change(world, actor_of):
    tech = actor_of(world.people["technician_a"])
    item = world.request_a
    message, _ = desk.add_message(actor=tech, request=item, body="Rebooted the zebrafish switch.")
    assert found(world, "client_member_a", "zebrafish") == {item.reference}
    desk.edit_message(actor=tech, message=message, body="Rebooted the core switch.")
    assert found(world, "client_member_a", "zebrafish") == set()
    assert found(world, "provider_admin", "zebrafish") == set()
    item.refresh_from_db()
    desk.edit_request(actor=tech, request=item, version=item.version, subject="Quokka outage")
    assert found(world, "client_member_a", "quokka") == {item.reference}
    # Merged: the duplicate's words are found on the request it went to.
    duplicate = desk.open_request(
        actor=actor_of(world.people["client_member_a"]),
        organization=world.a,
        subject="Same EHR problem",
        body="Axolotl error on screen.",
        category="ehr",
        impact="practice_down",
    )
    merge(actor=tech, duplicate=duplicate, into=item)
    assert found(world, "client_member_a", "axolotl") == {item.reference}


def test_each_request_has_one_public_and_one_staff_document(world):
    docs = SearchDocument.objects.filter(request=world.request_a)
    bodies = dict(docs.values_list("audience", "body"))
    assert set(bodies) == {SearchDocument.PUBLIC, SearchDocument.STAFF}
    assert STAFF_ONLY_A in bodies[SearchDocument.STAFF]
    assert STAFF_ONLY_A not in bodies[SearchDocument.PUBLIC]
    assert all(d.organization_id == world.a.pk for d in docs)
    # A bulk rebuild makes the same documents as the services did.
    before = sorted(SearchDocument.objects.values_list("request_id", "audience", "body"))
    search.rebuild(ServiceRequest.objects.all())
    assert sorted(SearchDocument.objects.values_list("request_id", "audience", "body")) == before


def test_api_pages_through_ranked_results(world, actor_of):
    member = actor_of(world.people["client_member_a"])
    made = {
        desk.open_request(
            actor=member,
            organization=world.a,
            subject=f"Wombat {'wombat ' * n}",
            body="Wombat.",
            category="other",
            impact="question",
        ).reference
        for n in range(5)
    }
    client = world.client_for("provider_admin")
    seen: list[str] = []
    after = ""
    for _ in range(5):
        body = client.get("/api/v1/requests", {"q": "wombat", "limit": 2, "after": after}).json()
        seen += [i["reference"] for i in body["items"]]
        after = body["next_cursor"]
        if after is None:
            break
    assert sorted(seen) == sorted(made)
    assert len(seen) == 5


def test_the_index_is_the_database_vendors_own(world):
    """FTS5 over the documents on SQLite; a generated tsvector on PostgreSQL."""
    sql = {
        "sqlite": "SELECT count(*) FROM desk_search_fts WHERE desk_search_fts MATCH %s",
        "postgresql": "SELECT count(*) FROM desk_searchdocument "
        "WHERE tsv @@ plainto_tsquery('english', %s)",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql, ["label"])
        assert cursor.fetchone()[0] == 2  # B's public and staff documents
