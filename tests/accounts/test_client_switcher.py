"""The provider's practice switcher: the chosen practice stays chosen while
it is visible, and is dropped once the person can no longer see it."""

from __future__ import annotations

import re


def _chosen(page: str) -> list[str]:
    return re.findall(r'<option value="([\w-]+)" selected>', page)


def test_the_switcher_marks_the_chosen_practice_while_it_is_visible(world):
    admin = world.client_for("provider_admin")
    assert _chosen(admin.get("/").content.decode()) == []
    admin.post("/switch-client/", {"client": "lakeside"})
    assert _chosen(admin.get("/").content.decode()) == ["lakeside"]


def test_a_practice_out_of_sight_is_neither_listed_nor_chosen(world):
    tech = world.client_for("technician_a")  # restricted to Riverside
    session = tech.session
    session["current_client"] = "lakeside"
    session.save()
    page = tech.get("/").content.decode()
    assert _chosen(page) == []
    assert 'value="lakeside"' not in page
