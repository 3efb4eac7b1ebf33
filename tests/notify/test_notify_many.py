"""notify_many, the batch form a background job uses, keeps notify's rules:
once per key (within the batch and across calls), active people only, email
unless the person turned an optional kind off, people who cannot sign in
get the notice in the app only."""

from __future__ import annotations

import pytest

from tandem.accounts.actors import actor_for
from tandem.notify import services as notify
from tandem.notify.models import NoticeKind, Notification, OutboxMessage


def notice(person, key: str, kind: str = NoticeKind.STATUS) -> notify.Notice:
    return notify.Notice(
        person=person,
        organization_id=person.organization_id,
        kind=kind,
        title=f"Title {key}",
        url="/x/",
        key=key,
        email_subject=f"Subject {key}",
        email_body="Body",
    )


@pytest.mark.django_db
def test_each_key_once_active_people_only_and_email_preferences_kept(world):
    tech, lead = world.people["technician_a"], world.people["provider_admin"]
    notify.set_email_off(actor=actor_for(lead), person=lead, kinds=[NoticeKind.STATUS])
    gone = world.people["client_member_a"]
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    Notification.objects.all().delete()  # the world's own notices
    OutboxMessage.objects.all().delete()
    batch = [notice(tech, "k1"), notice(tech, "k1"), notice(lead, "k2"), notice(gone, "k3")]
    assert notify.notify_many(batch) == 2
    assert sorted(Notification.objects.values_list("key", "person_id")) == [
        ("k1", tech.pk),
        ("k2", lead.pk),
    ]
    # Pat turned status emails off: only Tess is emailed.
    assert list(OutboxMessage.objects.values_list("recipient", "idempotency_key")) == [
        (tech.email, "notice:k1")
    ]
    # A retried batch adds nothing; an essential kind reaches Pat by email anyway.
    assert notify.notify_many([*batch, notice(lead, "k4", NoticeKind.SLA_BREACH)]) == 1
    assert Notification.objects.count() == 3
    assert sorted(OutboxMessage.objects.values_list("idempotency_key", flat=True)) == [
        "notice:k1",
        "notice:k4",
    ]
