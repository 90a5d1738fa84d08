"""What people really type in "add a profile", read by the server's one rule set (POST /api/v1/profile-input).

TYPED is the table the phone page and the popup are checked against too
(tests/e2e/test_e2e_typed_input.py): a page that kept its own copy of the rules and drifted
would disagree with this table there.
"""
import pytest

from crawler.profile_input import read_input

# text typed → (kind or error code, the url it becomes or the first choice's url)
TYPED = {
    "@minjun.kim": ("handle", "https://www.instagram.com/minjun.kim/"),
    "minjun.kim": ("handle", "https://www.instagram.com/minjun.kim/"),
    "insta @minjun.kim": ("profile", "https://www.instagram.com/minjun.kim/"),
    "인스타: minjun.kim": ("profile", "https://www.instagram.com/minjun.kim/"),
    "틱톡 @minjun.kim": ("profile", "https://www.tiktok.com/@minjun.kim"),
    "https://www.instagram.com/minjun.kim/?igsh=MWx0a2F2d2Z3&utm_source=qr":
        ("profile", "https://www.instagram.com/minjun.kim/"),
    "instagram.com/MinJun.Kim?hl=ko": ("profile", "https://www.instagram.com/minjun.kim/"),
    "https://m.facebook.com/minjun.kim.77?mibextid=ZbWKwL": ("profile", "https://www.facebook.com/minjun.kim.77"),
    "https://www.tiktok.com/@minjun.kim?_t=8k&_r=1": ("profile", "https://www.tiktok.com/@minjun.kim"),
    "mobile.twitter.com/minjun?s=21": ("profile", "https://x.com/minjun"),
    "https://youtube.com/@minjun?si=xyz": ("profile", "https://www.youtube.com/@minjun"),
    "https://example.org/about": ("website", "https://example.org/about"),
    "https://www.instagram.com/p/Cx1abc/": ("post_link", None),
    "https://x.com/minjun/status/1234": ("post_link", None),
    "https://www.instagram.com/": ("not_a_profile", None),
    "instagram.com": ("not_a_profile", None),
    "m.facebook.com": ("not_a_profile", None),
    "insta @not a name": ("invalid_url", None),
    "   ": ("empty", None),
}


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
