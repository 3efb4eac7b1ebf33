"""Desk pages: Get help shows the promise before sending, bad input gets field
errors, phone calls become requests, notes stay with the provider, and a
stale change is refused with 409."""

from __future__ import annotations

from html import unescape

from tandem.desk.models import ServiceRequest
from tests.conftest import STAFF_ONLY_A


def test_get_help_shows_the_response_promise_for_each_impact(world):
    # The standard SLA policy: P1 around the clock, the others in business hours.
    page = unescape(world.client_for("client_member_a").get("/help/").content.decode())
    assert "Patient care is affected (we answer within 15 minutes)" in page
    assert "The practice can't work (we answer within 1 business hour)" in page
    assert "Question or request (we answer within 1 business day)" in page


def test_get_help_promises_what_the_practices_contract_says(world):
    from tests.sla.helpers import terms_of

    terms_of(world)  # both practices on Premium: a P2 answered in 30 business minutes
    page = unescape(world.client_for("client_member_a").get("/help/").content.decode())
    assert "The practice can't work (we answer within 30 business minutes)" in page
    other = unescape(world.client_for("client_admin_b").get("/help/").content.decode())
    assert "The practice can't work (we answer within 30 business minutes)" in other
    assert "Patient care is affected (we answer within 15 minutes)" in other


def test_get_help_refuses_bad_input_field_by_field_and_saves_nothing(world):
    before = ServiceRequest.objects.count()
    response = world.client_for("client_member_a").post(
        "/help/", {"subject": "", "impact": "apocalypse", "site": "not-a-site"}
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert {"subject", "body", "impact", "category", "site"} <= set(form.errors)
    assert ServiceRequest.objects.count() == before


def test_a_member_raises_a_request_and_lands_on_it(world):
    client = world.client_for("client_member_a")
    response = client.post(
        "/help/",
        {
            "subject": "Card reader dead",
            "body": "The card reader at **check-in** shows nothing.",
            "category": "devices",
            "impact": "person_blocked",
            "site": str(world.site_a.uuid),
            "callback_phone": "555-0100",
        },
    )
    item = ServiceRequest.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{item.reference}/"
    page = client.get(response["Location"]).content.decode()
    assert "<strong>check-in</strong>" in page  # Markdown, rendered and sanitized
    assert (item.site, item.channel, item.callback_phone) == (world.site_a, "portal", "555-0100")


def test_staff_log_a_phone_call_for_a_contact(world):
    client = world.client_for("technician_a")
    assert client.get("/help/")["Location"] == "/desk/phone/"
    form = client.get("/desk/phone/", {"practice": "riverside"})
    assert world.contact_a.full_name in form.content.decode()
    response = client.post(
        "/desk/phone/",
        {
            "practice": "riverside",
            "requester": str(world.contact_a.uuid),
            "subject": "Phones down",
            "body": "No dial tone.",
            "category": "phones",
            "impact": "practice_down",
            "urgency": "high",
            "time_spent_minutes": "6",
        },
    )
    assert response.status_code == 302
    item = ServiceRequest.objects.latest("id")
    assert (item.channel, item.requester, item.priority) == ("phone", world.contact_a, 1)
    assert item.messages.get().time_spent_minutes == 6
    # A contact of another practice is not offered, and refused if sent.
    foreign = client.post(
        "/desk/phone/",
        {"practice": "riverside", "requester": str(world.contact_b.uuid), "subject": "x"},
    )
    assert foreign.status_code == 422


def test_the_practice_never_sees_internal_notes_on_the_page(world):
    ref = world.request_a.reference
    for persona in ("client_member_a", "client_admin_a", "auditor_a"):
        page = world.client_for(persona).get(f"/requests/{ref}/").content.decode()
        assert "Looking now" in page
        assert STAFF_ONLY_A not in page
        assert "Internal note" not in page
    staff = world.client_for("technician_a").get(f"/requests/{ref}/").content.decode()
    assert STAFF_ONLY_A in staff


def test_a_stale_status_change_is_refused_with_409(world):
    client = world.client_for("technician_a")
    ref = world.request_a.reference
    version = world.request_a.version
    assert (
        client.post(f"/requests/{ref}/status/", {"status": "open", "version": version}).status_code
        == 302
    )
    stale = client.post(f"/requests/{ref}/status/", {"status": "resolved", "version": version})
    assert stale.status_code == 409
    assert "changed since you loaded it" in stale.content.decode()
    assert ServiceRequest.objects.get(pk=world.request_a.pk).status == "open"


def test_queues_for_staff_and_lists_for_the_practice(world):
    tech = world.client_for("technician_a")
    care = tech.get("/requests/", {"queue": "patient_care"}).context["requests"]
    assert [r.pk for r in care] == [world.request_a.pk]
    assert tech.get("/requests/", {"queue": "mine"}).context["requests"] == []
    member = world.client_for("client_member_a").get("/requests/").context["requests"]
    assert [r.pk for r in member] == [world.request_a.pk]
    admin_b = world.client_for("client_admin_b").get("/requests/", {"show": "practice"})
    assert [r.pk for r in admin_b.context["requests"]] == [world.request_b.pk]


def test_the_provider_admin_edits_the_matrix(world):
    from tandem.desk.choices import DEFAULT_MATRIX

    data = {f"cell_{i}_{u}": str(p) for (i, u), p in DEFAULT_MATRIX.items()}
    data["cell_question_medium"] = "3"
    client = world.client_for("provider_admin")
    assert client.post("/settings/priorities/", data).status_code == 302
    # A question now counts as P3: the practice is promised P3's first response.
    page = world.client_for("client_member_a").get("/help/").content.decode()
    assert "Question or request (we answer within 4 business hours)" in page
    bad = client.post("/settings/priorities/", {**data, "cell_question_high": "9"})
    assert bad.status_code == 422


def test_a_long_conversation_is_shown_a_page_at_a_time(
    world, actor_of, django_assert_max_num_queries
):
    from tandem.desk import services
    from tandem.desk.queries import CONVERSATION_PAGE

    tech = actor_of(world.people["technician_a"])
    for i in range(CONVERSATION_PAGE + 5):
        services.add_message(actor=tech, request=world.request_a, body=f"Update {i}")
    client = world.client_for("technician_a")
    page = client.get(f"/requests/{world.request_a.reference}/")
    shown = page.context["conversation"]
    assert len(shown) == CONVERSATION_PAGE
    assert shown[-1].body == f"Update {CONVERSATION_PAGE + 4}"  # the latest, at the bottom
    earlier = client.get(
        f"/requests/{world.request_a.reference}/", {"before": page.context["earlier"]}
    )
    older = earlier.context["conversation"]
    assert older[-1].pk < shown[0].pk
    assert older[0].body.startswith("Since 8:10")  # back to the description
    assert earlier.context["earlier"] is None


def test_promises_read_naturally():
    from tandem.desk.forms import promise_text

    assert promise_text(15) == "we answer within 15 minutes"
    assert promise_text(60) == "we answer within 1 hour"
    assert promise_text(90) == "we answer within 90 minutes"
    assert promise_text(240) == "we answer within 4 hours"
    assert promise_text(2 * 24 * 60) == "we answer within 2 days"
    assert promise_text(60, "business") == "we answer within 1 business hour"
    assert promise_text(30, "business") == "we answer within 30 business minutes"
    assert promise_text(480, "business") == "we answer within 1 business day"
    assert promise_text(3 * 480, "business") == "we answer within 3 business days"
    assert promise_text(4 * 60, "business") == "we answer within 4 business hours"


def test_list_rows_escape_what_people_typed(world, actor_of):
    from tandem.desk import services

    services.open_request(
        actor=actor_of(world.people["client_member_a"]),
        organization=world.a,
        subject='<script>alert("x")</script> & <b>bold</b>',
        body="x",
        category="other",
        impact="question",
    )
    for persona, path in (
        ("technician_a", "/requests/?queue=active"),
        ("client_member_a", "/requests/"),
    ):
        page = world.client_for(persona).get(path).content.decode()
        assert (
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
            in page
        )
        assert "<script>alert" not in page


def test_go_to_a_request_by_its_reference_within_what_one_may_read(world):
    a_ref, b_ref = world.request_a.reference, world.request_b.reference
    member = world.client_for("client_admin_a")
    found = member.get("/requests/find/", {"ref": f" {a_ref.lower()} "})
    assert found.status_code == 302
    assert found["Location"] == f"/requests/{a_ref}/"
    assert member.get("/requests/find/", {"ref": a_ref.removeprefix("T-")})["Location"] == (
        f"/requests/{a_ref}/"
    )
    # Practice B's request answers as one that does not exist.
    for ref in (b_ref, "T-999999", "not a ref", "T-1\x00"):
        missed = member.get("/requests/find/", {"ref": ref}, follow=True)
        assert missed.redirect_chain[-1][0] == "/requests/"
        assert "that you can see" in missed.content.decode()
        assert "CANARY" not in missed.content.decode()
    staff = world.client_for("provider_admin").get("/requests/find/", {"ref": b_ref})
    assert staff["Location"] == f"/requests/{b_ref}/"


def test_a_new_request_tells_the_practice_the_first_answer_its_clock_promises(world):
    from tandem.accounts.actors import actor_for
    from tandem.desk import services

    item = services.open_request(
        actor=actor_for(world.people["client_member_a"]),
        organization=world.a,
        subject="Scheduling is down",
        body="Nobody can book.",
        category="ehr",
        impact="practice_down",
    )
    page = world.client_for("client_member_a").get(f"/requests/{item.reference}/")
    assert "We answer within 1 business hour." in page.content.decode()
    staff = world.client_for("technician_a").get(f"/requests/{item.reference}/")
    assert "We answer within" not in staff.content.decode()
