"""What people really type in "add a profile", read by the server's one rule set (POST /api/v1/profile-input).

TYPED (tests/helpers/typed_input.py) is the table the phone page and the popup are checked against too
(tests/e2e/test_e2e_typed_input.py): a page that kept its own copy of the rules and drifted
would disagree with this table there.
"""
import pytest

from crawler.profile_input import read_input
from tests.helpers.typed_input import TYPED


def outcome(text):
    try:
        found = read_input(text)
    except ValueError as error:
        return error.code, None
    url = found["choices"][0]["url"] if found["kind"] == "handle" else found["url"]
    return found["kind"], url


@pytest.mark.parametrize("text", TYPED)
def test_typed_input_is_read_by_the_rule_set(text):
    assert outcome(text) == TYPED[text]


def test_a_handle_is_never_a_website_and_a_bare_domain_like_name_offers_one():
    at = read_input("@minjun.kim")
    assert at["website"] is None
    assert [c["platform"] for c in at["choices"]][:2] == ["instagram", "tiktok"]
    bare = read_input("minjun.kim")
    assert bare["website"] == "https://minjun.kim/"
    assert "x" not in [c["platform"] for c in bare["choices"]]  # X names have no dots


def test_the_endpoint_serves_the_rule_set_without_a_token(client):
    for text, (kind, url) in TYPED.items():
        response = client.post("/api/v1/profile-input", json={"text": text})
        if kind in ("handle", "profile", "website"):
            assert response.status_code == 200, text
            body = response.get_json()
            assert body["kind"] == kind
            assert (body["choices"][0]["url"] if kind == "handle" else body["url"]) == url
        else:
            assert response.status_code == 422, text
            assert response.get_json()["error"]["code"] == kind


def test_the_endpoint_refuses_what_is_not_text(client):
    response = client.post("/api/v1/profile-input", json={"text": ["@a"]})
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "text"
