"""Malformed input to the API answers 4xx with {code, message, fields}, never a 500.

Wrong types, missing fields, 1 MB strings, NUL bytes, invalid UTF-8, unknown or
malformed ids, the wrong content type, an empty body and a JSON array instead of
an object, against the write endpoints and the list endpoints' query params.
Nothing a rejected request carries may be written.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from tandem.accounts.models import Invitation, OpeningHours, Person, Site
from tandem.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
BIG = "x" * MB
NUL = "bad\x00value"
JSON = "application/json"
SITE = {"organization": "riverside", "name": "North clinic"}
INVITE = {
    "organization": "riverside",
    "email": "someone.new@riverside.example",
    "full_name": "Sam New",
    "role": "client_member",
}
# A raw body that is not JSON-as-text; each case names the field expected in `fields`
# (None: the problem is the whole body, so only the shape is checked).
MISSING = object()


def _counts() -> dict[str, int]:
    return {
        "sites": Site.objects.count(),
        "hours": OpeningHours.objects.count(),
        "people": Person.objects.count(),
        "invitations": Invitation.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def _send(client, method: str, path: str, body: Any, content_type: str = JSON):
    """Send `body` as is when it is bytes or str, else as JSON."""
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return getattr(client, method)(path, data=data, content_type=content_type)


def _assert_error(response, statuses: set[int], field: str | None) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith(JSON)
    body = response.json()
    assert set(body) == {"code", "message", "fields"}, body
    assert isinstance(body["code"], str)
    assert body["code"]
    assert isinstance(body["message"], str)
    assert body["message"]
    assert isinstance(body["fields"], dict)
    for name, messages in body["fields"].items():
        assert isinstance(name, str)
        assert messages
        assert all(isinstance(m, str) and m for m in messages)
    if field is not None:
        assert any(k == field or k.startswith(f"{field}.") for k in body["fields"]), body
    # The error never echoes megabytes back.
    assert len(response.content) < 10_000
    return body


def _with(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = dict(base)
    for key, value in changes.items():
        if value is MISSING:
            out.pop(key, None)
        else:
            out[key] = value
    return out


# Bodies every JSON write endpoint must refuse as a whole: (id, body, content type, statuses).
WHOLE_BODY = [
    ("empty-body", b"", JSON, {400, 422}),
    ("json-array", b"[]", JSON, {400, 422}),
    ("json-array-of-object", json.dumps([SITE]), JSON, {400, 422}),
    ("json-string", b'"riverside"', JSON, {400, 422}),
    ("json-number", b"42", JSON, {400, 422}),
    ("json-null", b"null", JSON, {400, 422}),
    ("truncated-json", b'{"organization": "riverside", "name": ', JSON, {400}),
    ("not-json", b"organization=riverside&name=North", JSON, {400}),
    ("invalid-utf8", b"\xff\xfe\xfa\x00garbage", JSON, {400}),
    ("invalid-utf8-in-string", b'{"organization": "riverside", "name": "\xff\xfe"}', JSON, {400}),
    ("utf16-bom", '{"name": "x"}'.encode("utf-16"), JSON, {400, 415}),
    ("nul-bytes-raw", b'{"organization": "riverside", "name": "a\x00b"}', JSON, {400}),
    (
        "form-encoded",
        "organization=riverside&name=North",
        "application/x-www-form-urlencoded",
        {400, 415},
    ),
    ("text-plain-json", json.dumps(SITE), "text/plain", {415}),
    ("xml", b"<site><name>North</name></site>", "application/xml", {415}),
    ("no-content-type", json.dumps(SITE), "", {415}),
]


# POST /sites ------------------------------------------------------------------

SITE_FIELD_CASES = [
    ("missing-name", _with(SITE, name=MISSING), "name"),
    ("missing-organization", _with(SITE, organization=MISSING), "organization"),
    ("empty-object", {}, "name"),
    ("name-int", _with(SITE, name=5), "name"),
    ("name-list", _with(SITE, name=["a"]), "name"),
    ("name-object", _with(SITE, name={"a": 1}), "name"),
    ("name-null", _with(SITE, name=None), "name"),
    ("name-bool", _with(SITE, name=True), "name"),
    ("name-blank", _with(SITE, name="   "), "name"),
    ("name-1mb", _with(SITE, name=BIG), "name"),
    ("name-nul", _with(SITE, name=NUL), "name"),
    ("name-lone-surrogate", _with(SITE, name="\ud800"), "name"),
    ("address-1mb", _with(SITE, address_line1=BIG), "address_line1"),
    ("address-nul", _with(SITE, address_line1=NUL), "address_line1"),
    ("city-nul", _with(SITE, city="\x00"), "city"),
    ("phone-int", _with(SITE, phone=5551234), "phone"),
    ("organization-int", _with(SITE, organization=7), "organization"),
    ("organization-nul", _with(SITE, organization="river\x00side"), "organization"),
    ("organization-1mb", _with(SITE, organization=BIG), "organization"),
    ("organization-not-a-slug", _with(SITE, organization="river side!"), "organization"),
    ("time-zone-unknown", _with(SITE, time_zone="Mars/Olympus_Mons"), "time_zone"),
    ("time-zone-nul", _with(SITE, time_zone="America/Chicago\x00"), "time_zone"),
    ("time-zone-1mb", _with(SITE, time_zone=BIG), "time_zone"),
    ("hours-string", _with(SITE, hours="9-5"), "hours"),
    ("hours-object", _with(SITE, hours={"weekday": 0}), "hours"),
    ("hours-item-string", _with(SITE, hours=["mon 9-5"]), "hours"),
    ("hours-missing-closes", _with(SITE, hours=[{"weekday": 0, "opens": "09:00"}]), "hours"),
    (
        "hours-weekday-7",
        _with(SITE, hours=[{"weekday": 7, "opens": "09:00", "closes": "17:00"}]),
        "hours",
    ),
    (
        "hours-weekday-string",
        _with(SITE, hours=[{"weekday": "monday", "opens": "09:00", "closes": "17:00"}]),
        "hours",
    ),
    (
        "hours-bad-time",
        _with(SITE, hours=[{"weekday": 0, "opens": "25:00", "closes": "17:00"}]),
        "hours",
    ),
    (
        "hours-time-nul",
        _with(SITE, hours=[{"weekday": 0, "opens": "09:00\x00", "closes": "17:00"}]),
        "hours",
    ),
    (
        "hours-closes-before-opens",
        _with(SITE, hours=[{"weekday": 0, "opens": "17:00", "closes": "09:00"}]),
        "hours",
    ),
    (
        "hours-time-with-offset",
        _with(SITE, hours=[{"weekday": 0, "opens": "09:00:00+05:00", "closes": "17:00:00Z"}]),
        "hours",
    ),
    (
        "hours-eight-days",
        _with(
            SITE, hours=[{"weekday": d % 7, "opens": "09:00", "closes": "17:00"} for d in range(8)]
        ),
        "hours",
    ),
]


@pytest.mark.parametrize(
    ("case", "body", "field"), SITE_FIELD_CASES, ids=[c[0] for c in SITE_FIELD_CASES]
)
def test_site_create_rejects_bad_fields(world, case, body, field):
    client = world.client_for("provider_admin")
    before = _counts()
    response = _send(client, "post", "/api/v1/sites", body)
    _assert_error(response, {422}, field)
    assert _counts() == before


@pytest.mark.parametrize(
    ("case", "body", "content_type", "statuses"), WHOLE_BODY, ids=[c[0] for c in WHOLE_BODY]
)
def test_site_create_rejects_bad_bodies(world, case, body, content_type, statuses):
    client = world.client_for("provider_admin")
    before = _counts()
    response = _send(client, "post", "/api/v1/sites", body, content_type)
    _assert_error(response, statuses, None)
    assert _counts() == before


@pytest.mark.parametrize(
    ("organization", "persona"),
    [
        ("nowhere", "provider_admin"),
        ("lakeside", "client_admin_a"),
        ("riverside", "client_admin_b"),
    ],
)
def test_site_create_for_unknown_or_hidden_organization_is_404(world, organization, persona):
    client = world.client_for(persona)
    before = _counts()
    response = _send(client, "post", "/api/v1/sites", _with(SITE, organization=organization))
    _assert_error(response, {404}, None)
    assert _counts() == before


def test_site_create_body_over_the_upload_limit(world):
    client = world.client_for("provider_admin")
    before = _counts()
    body = json.dumps(_with(SITE, name="y" * (3 * MB)))
    response = _send(client, "post", "/api/v1/sites", body)
    _assert_error(response, {400, 413}, None)
    assert _counts() == before


def test_site_create_still_works(world):
    """The control: a well-formed request of the same shape is accepted."""
    response = _send(
        world.client_for("provider_admin"),
        "post",
        "/api/v1/sites",
        _with(SITE, hours=[{"weekday": 0, "opens": "09:00", "closes": "17:00"}]),
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "North clinic"


def test_site_create_with_charset_parameter_is_json(world):
    response = _send(
        world.client_for("client_admin_a"),
        "post",
        "/api/v1/sites",
        SITE,
        content_type="application/json; charset=utf-8",
    )
    assert response.status_code == 201, response.content


# PATCH /sites/{uuid} ------------------------------------------------------------

PATCH_FIELD_CASES = [
    ("name-int", {"name": 5}, "name"),
    ("name-null", {"name": None}, "name"),
    ("name-empty", {"name": ""}, "name"),
    ("name-1mb", {"name": BIG}, "name"),
    ("name-nul", {"name": NUL}, "name"),
    ("name-lone-surrogate", {"name": "a\udfffb"}, "name"),
    ("address-null", {"address_line1": None}, "address_line1"),
    ("address-list", {"address_line1": ["1 Main St"]}, "address_line1"),
    ("postal-code-1mb", {"postal_code": BIG}, "postal_code"),
    ("state-nul", {"state": "\x00"}, "state"),
    ("phone-object", {"phone": {"n": 1}}, "phone"),
    ("time-zone-null", {"time_zone": None}, "time_zone"),
    ("time-zone-unknown", {"time_zone": "Nowhere/Land"}, "time_zone"),
    ("time-zone-nul", {"time_zone": "\x00"}, "time_zone"),
    ("hours-string", {"hours": "always"}, "hours"),
    (
        "hours-bad-weekday",
        {"hours": [{"weekday": -1, "opens": "9:00", "closes": "17:00"}]},
        "hours",
    ),
    (
        "hours-closes-before-opens",
        {"hours": [{"weekday": 2, "opens": "18:00", "closes": "08:00"}]},
        "hours",
    ),
    (
        "hours-time-with-offset",
        {"hours": [{"weekday": 2, "opens": "08:00Z", "closes": "18:00Z"}]},
        "hours",
    ),
]


@pytest.mark.parametrize(
    ("case", "body", "field"), PATCH_FIELD_CASES, ids=[c[0] for c in PATCH_FIELD_CASES]
)
def test_site_update_rejects_bad_fields(world, case, body, field):
    client = world.client_for("client_admin_a")
    before = _counts()
    response = _send(client, "patch", f"/api/v1/sites/{world.site_a.uuid}", body)
    _assert_error(response, {422}, field)
    assert _counts() == before
    site = Site.objects.get(pk=world.site_a.pk)
    assert (site.name, site.address_line1, site.time_zone) == (
        world.site_a.name,
        world.site_a.address_line1,
        world.site_a.time_zone,
    )
    assert site.hours.count() == 5


@pytest.mark.parametrize(
    ("case", "body", "content_type", "statuses"), WHOLE_BODY, ids=[c[0] for c in WHOLE_BODY]
)
def test_site_update_rejects_bad_bodies(world, case, body, content_type, statuses):
    client = world.client_for("client_admin_a")
    before = _counts()
    response = _send(client, "patch", f"/api/v1/sites/{world.site_a.uuid}", body, content_type)
    _assert_error(response, statuses, None)
    assert _counts() == before
    assert Site.objects.get(pk=world.site_a.pk).name == world.site_a.name


BAD_IDS = [
    ("not-a-uuid", "not-a-uuid", {404, 422}, "uuid"),
    ("nearly-a-uuid", "123e4567-e89b-12d3-a456-42661417400", {404, 422}, "uuid"),
    ("integer", "12", {404, 422}, "uuid"),
    ("nul", "%00", {404, 422}, "uuid"),
    ("invalid-utf8", "%FF%FE", {404, 422}, "uuid"),
    ("long", "a" * 5000, {404, 422}, "uuid"),
    ("unknown-uuid", str(uuid.uuid4()), {404}, None),
    ("nil-uuid", "00000000-0000-0000-0000-000000000000", {404}, None),
]


@pytest.mark.parametrize(("case", "raw", "statuses", "field"), BAD_IDS, ids=[c[0] for c in BAD_IDS])
def test_site_update_unknown_or_malformed_uuid(world, case, raw, statuses, field):
    client = world.client_for("provider_admin")
    before = _counts()
    response = _send(client, "patch", f"/api/v1/sites/{raw}", {"name": "Renamed"})
    body = _assert_error(response, statuses, None)
    if response.status_code == 422:
        assert field in body["fields"], body
    assert _counts() == before


@pytest.mark.parametrize("path", ["/api/v1/sites/{uuid}", "/api/v1/people/{uuid}"])
@pytest.mark.parametrize(("case", "raw", "statuses", "field"), BAD_IDS, ids=[c[0] for c in BAD_IDS])
def test_detail_unknown_or_malformed_uuid(world, path, case, raw, statuses, field):
    response = world.client_for("provider_admin").get(path.format(uuid=raw))
    body = _assert_error(response, statuses, None)
    if response.status_code == 422:
        assert field in body["fields"], body


def test_site_update_of_another_practices_site_is_404(world):
    client = world.client_for("client_admin_a")
    before = _counts()
    response = _send(
        client,
        "patch",
        f"/api/v1/sites/{world.site_b.uuid}",
        {"name": "Taken"},
    )
    _assert_error(response, {404}, None)
    assert _counts() == before
    assert Site.objects.get(pk=world.site_b.pk).name == world.site_b.name


@pytest.mark.parametrize(
    ("case", "slug", "statuses"),
    [
        ("unknown", "nowhere", {404}),
        ("nul", "river%00side", {404, 422}),
        ("invalid-utf8", "%FF%FE", {404, 422}),
        ("long", "s" * 5000, {404, 422}),
        ("unicode", "%C3%A9cole", {404, 422}),
    ],
)
def test_organization_detail_bad_slug(world, case, slug, statuses):
    response = world.client_for("provider_admin").get(f"/api/v1/organizations/{slug}")
    _assert_error(response, statuses, None)


# POST /invitations --------------------------------------------------------------

INVITE_FIELD_CASES = [
    ("missing-email", _with(INVITE, email=MISSING), "email"),
    ("missing-role", _with(INVITE, role=MISSING), "role"),
    ("missing-full-name", _with(INVITE, full_name=MISSING), "full_name"),
    ("missing-organization", _with(INVITE, organization=MISSING), "organization"),
    ("empty-object", {}, "email"),
    ("email-int", _with(INVITE, email=12345), "email"),
    ("email-not-an-email", _with(INVITE, email="not-an-email"), "email"),
    ("email-1mb", _with(INVITE, email=f"{BIG}@example.org"), "email"),
    ("email-nul", _with(INVITE, email="a\x00b@example.org"), "email"),
    ("email-lone-surrogate", _with(INVITE, email="\ud83d@example.org"), "email"),
    ("email-other-organization", _with(INVITE, email="contact@b.example"), "email"),
    ("email-already-signs-in", _with(INVITE, email="client_admin_a@example.org"), "email"),
    ("full-name-1mb", _with(INVITE, full_name=BIG), "full_name"),
    ("full-name-nul", _with(INVITE, full_name=NUL), "full_name"),
    ("full-name-list", _with(INVITE, full_name=["Sam"]), "full_name"),
    ("role-unknown", _with(INVITE, role="superuser"), "role"),
    ("role-int", _with(INVITE, role=1), "role"),
    ("role-null", _with(INVITE, role=None), "role"),
    ("role-nul", _with(INVITE, role="client_member\x00"), "role"),
    ("role-of-the-provider-side", _with(INVITE, role="provider_admin"), "role"),
    ("organization-nul", _with(INVITE, organization="\x00"), "organization"),
    ("organization-list", _with(INVITE, organization=["riverside"]), "organization"),
]


@pytest.mark.parametrize(
    ("case", "body", "field"), INVITE_FIELD_CASES, ids=[c[0] for c in INVITE_FIELD_CASES]
)
@pytest.mark.parametrize("persona", ["provider_admin", "client_admin_a"])
def test_invitation_create_rejects_bad_fields(world, mailoutbox, persona, case, body, field):
    client = world.client_for(persona)
    before = _counts()
    response = _send(client, "post", "/api/v1/invitations", body)
    _assert_error(response, {422}, field)
    assert _counts() == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("case", "body", "content_type", "statuses"), WHOLE_BODY, ids=[c[0] for c in WHOLE_BODY]
)
def test_invitation_create_rejects_bad_bodies(
    world, mailoutbox, case, body, content_type, statuses
):
    if case in ("text-plain-json", "no-content-type"):
        body = json.dumps(INVITE)
    client = world.client_for("provider_admin")
    before = _counts()
    response = _send(client, "post", "/api/v1/invitations", body, content_type)
    _assert_error(response, statuses, None)
    assert _counts() == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("organization", "persona"),
    [("nowhere", "provider_admin"), ("lakeside", "client_admin_a")],
)
def test_invitation_for_unknown_or_hidden_organization_is_404(world, organization, persona):
    client = world.client_for(persona)
    before = _counts()
    response = _send(
        client,
        "post",
        "/api/v1/invitations",
        _with(INVITE, organization=organization),
    )
    _assert_error(response, {404}, None)
    assert _counts() == before


def test_invitation_create_still_works(world):
    response = _send(world.client_for("client_admin_a"), "post", "/api/v1/invitations", INVITE)
    assert response.status_code == 201, response.content


# Query params of the list endpoints ------------------------------------------------

LISTS = ["/api/v1/organizations", "/api/v1/sites", "/api/v1/people", "/api/v1/audit-events"]
FILTERED = ["/api/v1/sites", "/api/v1/people", "/api/v1/audit-events"]

QUERY_CASES = [
    ("limit-word", LISTS, "limit=ten", "limit"),
    ("limit-zero", LISTS, "limit=0", "limit"),
    ("limit-negative", LISTS, "limit=-1", "limit"),
    ("limit-too-big", LISTS, "limit=201", "limit"),
    ("limit-huge", LISTS, "limit=" + "9" * 400, "limit"),
    ("limit-float", LISTS, "limit=2.5", "limit"),
    ("limit-nul", LISTS, "limit=%00", "limit"),
    ("limit-empty", LISTS, "limit=", "limit"),
    ("limit-invalid-utf8", LISTS, "limit=%FF", "limit"),
    ("after-word", LISTS, "after=abc", "after"),
    ("after-negative", LISTS, "after=-5", "after"),
    ("after-huge", LISTS, "after=" + "9" * 40, "after"),
    ("after-float", LISTS, "after=1.5", "after"),
    ("after-nul", LISTS, "after=1%00", "after"),
    ("after-1mb", LISTS, "after=" + "1" * MB, "after"),
    ("after-invalid-utf8", LISTS, "after=%FF%FE", "after"),
    ("organization-nul", FILTERED, "organization=river%00side", "organization"),
    ("organization-1mb", FILTERED, "organization=" + "r" * MB, "organization"),
    ("organization-invalid-utf8", FILTERED, "organization=%FF%FE", "organization"),
    ("organization-not-a-slug", FILTERED, "organization=a%20b%3B--", "organization"),
    ("verb-nul", ["/api/v1/audit-events"], "verb=site%00", "verb"),
    ("verb-1mb", ["/api/v1/audit-events"], "verb=" + "v" * MB, "verb"),
]
QUERY_PARAMS = [
    pytest.param(path, query, field, id=f"{case}-{path.rsplit('/', 1)[1]}")
    for case, paths, query, field in QUERY_CASES
    for path in paths
]


@pytest.mark.parametrize(("path", "query", "field"), QUERY_PARAMS)
def test_list_query_params_are_validated(world, path, query, field):
    response = world.client_for("provider_admin").get(f"{path}?{query}")
    _assert_error(response, {422}, field)


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "query", ["", "limit=1", "limit=200", "after=", "after=1", "after=9223372036854775807"]
)
def test_list_query_params_that_are_fine(world, path, query):
    response = world.client_for("provider_admin").get(f"{path}?{query}")
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"items", "next_cursor"}


@pytest.mark.parametrize("path", FILTERED)
def test_unknown_organization_filter_is_an_empty_page(world, path):
    response = world.client_for("client_admin_a").get(f"{path}?organization=nowhere")
    assert response.status_code == 200
    assert response.json() == {"items": [], "next_cursor": None}


def test_the_cursor_pages_through(world):
    client = world.client_for("provider_admin")
    first = client.get("/api/v1/people?limit=2").json()
    assert len(first["items"]) == 2
    assert first["next_cursor"]
    second = client.get(f"/api/v1/people?limit=2&after={first['next_cursor']}").json()
    assert {p["id"] for p in first["items"]}.isdisjoint(p["id"] for p in second["items"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/sites"),
        ("post", "/api/v1/invitations"),
        ("patch", "/api/v1/sites/{uuid}"),
        ("get", "/api/v1/sites"),
    ],
)
def test_signed_out_is_401_with_the_error_shape(world, method, path):
    client = world.client_for("anonymous")
    url = path.format(uuid=world.site_a.uuid)
    response = client.get(url) if method == "get" else _send(client, method, url, b"[")
    _assert_error(response, {401}, None)
