"""Satisfaction: asked once when a request is first resolved; the emailed link
records nothing on GET, records on the first POST, refuses the second; the
portal and the API answer the same way; results per practice and technician."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tandem.accounts.actors import actor_for
from tandem.audit.models import AuditEvent
from tandem.desk import satisfaction, services
from tandem.desk.choices import Status
from tandem.desk.models import Survey
from tandem.notify.models import OutboxMessage
from tests.desk.test_api import post


def _resolve(world, item=None):
    item = item or world.request_a
    staff = actor_for(world.people["technician_a"])
    services.assign(actor=staff, request=item, assignee=world.people["technician_a"])
    return services.change_status(actor=staff, request=item, status=Status.RESOLVED)


def _link(world) -> str:
    mail = OutboxMessage.objects.get(subject__contains="How did we do?")
    assert mail.recipient == world.people["client_member_a"].email
    match = re.search(r"https?://[^\s]*(/rate/[^\s/]+/)", mail.body_text) or re.search(
        r"(/rate/[^\s/]+/)", mail.body_text
    )
    assert match, mail.body_text
    return match.group(1)


def _state() -> tuple:
    return (
        list(Survey.objects.values_list("rating", "comment", "answered_at")),
        AuditEvent.objects.count(),
    )


def test_resolving_asks_the_requester_once(world):
    _resolve(world)
    (survey,) = Survey.objects.all()
    assert (survey.person, survey.technician) == (
        world.people["client_member_a"],
        world.people["technician_a"],
    )
    assert survey.answered_at is None
    assert OutboxMessage.objects.filter(subject__contains="How did we do?").count() == 1
    # Reopened and resolved again: not asked twice.
    staff = actor_for(world.people["technician_a"])
    services.change_status(actor=staff, request=world.request_a, status=Status.OPEN)
    services.change_status(actor=staff, request=world.request_a, status=Status.RESOLVED)
    assert Survey.objects.count() == 1
    assert OutboxMessage.objects.filter(subject__contains="How did we do?").count() == 1


def test_the_emailed_link_get_records_nothing_post_once_second_refused(world):
    _resolve(world)
    link = _link(world)
    scanner = Client()
    before = _state()
    for _ in range(3):  # a mail scanner opens it, more than once
        page = scanner.get(link)
        assert page.status_code == 200
        assert b"How did we do" in page.content
    assert scanner.head(link).status_code == 405  # not a way to answer either
    assert _state() == before
    person = Client()
    person.get(link)
    first = person.post(link, {"rating": "4", "comment": "Quick and kind."})
    assert first.status_code == 200
    assert b"Thank you" in first.content
    survey = Survey.objects.get()
    assert (survey.rating, survey.comment, survey.answered_via) == (4, "Quick and kind.", "email")
    assert AuditEvent.objects.filter(verb="request.rate").count() == 1
    after = _state()
    second = person.post(link, {"rating": "1", "comment": "Changed my mind"})
    assert second.status_code == 409
    assert _state() == after
    assert Survey.objects.get().rating == 4


def test_bad_or_expired_links(world):
    _resolve(world)
    link = _link(world)
    assert Client().get("/rate/not-a-real-token/").status_code == 404
    bad = Client().post(link, {"rating": "9"})
    assert bad.status_code == 422
    assert "rating" in bad.context["form"].errors
    Survey.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(link).status_code == 410
    assert Client().post(link, {"rating": "5"}).status_code == 410
    assert Survey.objects.get().answered_at is None


def test_rating_from_the_request_page(world):
    _resolve(world)
    member = world.client_for("client_member_a")
    page = member.get(f"/requests/{world.request_a.reference}/")
    assert b"How did we do?" in page.content
    bad = member.post(f"/requests/{world.request_a.reference}/rate/", {"rating": ""})
    assert bad.status_code == 422
    done = member.post(
        f"/requests/{world.request_a.reference}/rate/", {"rating": "5", "comment": ""}
    )
    assert done.status_code == 302
    assert Survey.objects.get().answered_via == "portal"
    page = member.get(f"/requests/{world.request_a.reference}/")
    assert b"How did we do?" not in page.content
    # The practice's admin was not asked: refused.
    admin = world.client_for("client_admin_a")
    assert (
        admin.post(f"/requests/{world.request_a.reference}/rate/", {"rating": "1"}).status_code
        == 403
    )


def test_rating_through_the_api_once(world):
    _resolve(world)
    member = world.client_for("client_member_a")
    path = f"/api/v1/requests/{world.request_a.reference}/rating"
    assert post(member, path, {"rating": 6}).status_code == 422
    first = post(member, path, {"rating": 3, "comment": "Took a while."})
    assert first.status_code == 201
    assert first.json()["rating"] == 3
    assert post(member, path, {"rating": 5}).status_code == 409
    assert post(world.client_for("client_admin_a"), path, {"rating": 5}).status_code == 403


@pytest.mark.parametrize("answered", [0, 1, 2])
def test_results_per_practice_and_technician_with_response_rate(world, answered):
    items = [world.request_a]
    for n in range(2):
        items.append(
            services.open_request(
                actor=actor_for(world.people["client_member_a"]),
                organization=world.a,
                subject=f"Another {n}",
                body="Help",
                category="other",
                impact="question",
            )
        )
    for item in items:
        _resolve(world, item)
    surveys = list(Survey.objects.order_by("id"))
    member = actor_for(world.people["client_member_a"])
    for survey, rating in zip(surveys[:answered], [5, 2], strict=False):
        satisfaction.answer(survey=survey, rating=rating, comment="", via="portal", actor=member)
    body = world.client_for("provider_admin").get("/api/v1/satisfaction?days=30").json()
    (practice,) = body["practices"]
    assert (practice["label"], practice["sent"], practice["answered"]) == (
        world.a.name,
        3,
        answered,
    )
    assert practice["response_rate"] == pytest.approx(answered / 3, abs=1e-3)
    expected = {0: None, 1: 5.0, 2: 3.5}[answered]
    assert practice["average"] == expected
    (tech,) = body["technicians"]
    assert tech["label"] == "Tess Tech"
    page = world.client_for("provider_admin").get("/desk/satisfaction/?days=30")
    assert page.status_code == 200
    assert world.a.name.encode() in page.content
    assert world.client_for("client_admin_a").get("/api/v1/satisfaction").status_code == 403
