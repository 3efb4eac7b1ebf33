"""Keyset pagination returns every row exactly once, in order, whatever the page size."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tandem.accounts.models import Organization
from tandem.core.pagination import MAX_LIMIT, clamp_limit, keyset_page, parse_cursor


class KeysetPaginationTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        Organization.objects.bulk_create(
            Organization(kind="client", name=f"Practice {n}", slug=f"p-{n}") for n in range(37)
        )

    @settings(max_examples=25, deadline=None)
    @given(limit=st.integers(min_value=1, max_value=40), descending=st.booleans())
    def test_walking_every_page_yields_each_row_once_in_order(self, limit, descending):
        seen: list[int] = []
        cursor = None
        while True:
            page = keyset_page(
                Organization.objects.all(), cursor=cursor, limit=limit, descending=descending
            )
            seen.extend(o.pk for o in page.items)
            assert len(page.items) <= limit
            if page.next_cursor is None:
                break
            cursor = parse_cursor(page.next_cursor)
        expected = sorted(Organization.objects.values_list("pk", flat=True), reverse=descending)
        assert seen == expected


@given(st.one_of(st.none(), st.text(max_size=12), st.integers(-5, 10_000).map(str)))
def test_cursors_and_limits_from_users_never_raise(raw):
    cursor = parse_cursor(raw)
    assert cursor is None or cursor > 0
    assert 1 <= clamp_limit(raw) <= MAX_LIMIT
