"""Accounts around me in the API: a profile carries a role; others' accounts are limited like the
reader's own, and without proof of which face is the reader's none of their faces is compared."""
import pytest

from tests.helpers.api_calls import start
from tests.helpers.fakes import wait_until_finished


def post(client, auth, **body):
    return client.post("/api/v1/audits", json={"profiles": ["https://example.com/me"], "consent": "self"} | body,
                       headers=auth)


def test_each_profile_carries_its_role_and_others_say_why_no_face_was_compared(client, auth):
    created = post(client, auth, others=["https://example.com/school",
                                         {"url": "https://example.com/club", "relation": "school"}])
    assert created.status_code == 202, created.get_json()
    audit = wait_until_finished(client, auth, created.get_json()["id"])
    assert [(p["role"], p.get("relation")) for p in audit["profiles"]] == [
        ("own", None), ("others", "friend"), ("others", "school")]
    assert [p.get("photos_of_you", "absent") for p in audit["profiles"]] == ["absent", None, None]
    assert audit["around"]["compared"] is False and audit["around"]["why_not"] == "no_proof"
    assert audit["around"]["photos"] == [] and "code" in audit["around"]["how"]
    assert all(photo["profile_url"] == "https://example.com/me" for photo in audit["photos"])


def test_an_audit_without_others_has_no_around(client, auth):
    audit = wait_until_finished(client, auth, start(client, auth)["id"])
    assert audit["around"] is None and all(p["role"] == "own" for p in audit["profiles"])


@pytest.mark.parametrize("others, code, field", [
    ("https://example.com/school", "invalid_profiles", "others"),
    ([f"https://example.com/s{i}" for i in range(11)], "too_many_profiles", "others"),
    ([{"url": "https://example.com/s", "relation": "enemy"}], "invalid_relation", "others[0].relation"),
    (["https://example.com/me"], "invalid_url", "others[0]"),
    (["javascript:alert(1)"], "invalid_url", "others[0]"),
])
def test_bad_others_are_refused(client, auth, others, code, field):
    response = post(client, auth, others=others)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == code and response.get_json()["error"]["field"] == field


def test_others_count_toward_the_profiles_a_day(app, client, auth):
    app.config["PROFILES_PER_DAY"] = 3
    assert post(client, auth, others=["https://example.com/a", "https://example.com/b"]).status_code == 202
    response = post(client, auth, others=["https://example.com/c"])
    assert response.status_code == 429 and response.get_json()["error"]["code"] == "rate_limited"
