"""The acknowledge link of a page, without signing in: a plain GET (a mail
scanner following the link) changes nothing; the POST acknowledges once;
an unknown token is a 404."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tandem.audit.models import AuditEvent
from tandem.notify.models import OutboxMessage
from tandem.oncall.models import OnCallPage, PageAttempt, PageStatus
from tests.oncall.helpers import ack_token, policy_of, raise_p1

SUNDAY_2 = datetime(2026, 11, 29, 2, 0, tzinfo=ZoneInfo("America/New_York"))


def state() -> tuple:
    page = OnCallPage.objects.get()
    return (
        page.status,
        page.acknowledged_by_id,
        page.next_at,
        list(PageAttempt.objects.values_list("used_at", flat=True)),
        AuditEvent.objects.count(),
        OutboxMessage.objects.count(),
    )


@pytest.mark.django_db
def test_a_plain_get_of_the_link_changes_nothing_and_the_post_acknowledges_once(world, client):
    policy_of(world)
    raise_p1(world, SUNDAY_2)
    attempt = PageAttempt.objects.get()
    url = f"/oncall/ack/{ack_token(attempt)}/"
    before = state()
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        assert b"Acknowledge: I am on it" in response.content
    client.head(url)
    assert state() == before

    response = client.post(url)
    assert response.status_code == 200
    assert b"You are on it" in response.content
    page = OnCallPage.objects.get()
    assert page.status == PageStatus.ACKNOWLEDGED
    assert page.acknowledged_by == world.people["technician_a"]
    after = state()

    response = client.post(url)
    assert b"You are on it" not in response.content
    assert b"acknowledged this page" in response.content
    assert state() == after


@pytest.mark.django_db
def test_an_unknown_or_mangled_token_is_not_found(world, client):
    policy_of(world)
    raise_p1(world, SUNDAY_2)
    token = ack_token(PageAttempt.objects.get())
    for wrong in ["nope", token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 200]:
        assert client.get(f"/oncall/ack/{wrong}/").status_code == 404
        assert client.post(f"/oncall/ack/{wrong}/").status_code == 404
    assert OnCallPage.objects.get().status == PageStatus.OPEN
