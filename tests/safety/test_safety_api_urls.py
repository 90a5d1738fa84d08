"""Every refused URL form (tests/helpers/blocked_urls.py) is refused at the API too: 422, with a reason.

The allow flag is OFF. A loopback canary counts connections: checking a profile link
must never connect to it, not even to "see what is there".
"""
import pytest

from tests.helpers.blocked_urls import DIRECT, REDIRECT_TARGETS, Canary, loopback_canary

# The redirect targets that are whole URLs (the others are relative, only meaningful on a page).
REFUSED = DIRECT + [t for t in REDIRECT_TARGETS if "://" in t and t not in DIRECT]


@pytest.fixture(scope="module")
def canary():
    with loopback_canary() as port:
        yield port


@pytest.fixture(autouse=True)
def flag_off(app, monkeypatch):
    monkeypatch.delenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", raising=False)


def test_the_api_list_is_long_enough():
    assert len(REFUSED) >= 60


@pytest.mark.parametrize("template", REFUSED)
def test_the_api_refuses_the_url_with_a_reason(client, auth, canary, template):
    before = Canary.connections
    response = client.post("/api/v1/audits", json={"profiles": [template.format(p=canary)], "consent": "self"},
                           headers=auth)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] in {"blocked_url", "invalid_url"}
    assert error["message"].strip()
    assert error["field"] == "profiles[0]"
    assert Canary.connections == before


def test_a_refused_url_among_good_ones_is_named(client, auth):
    # The control, and the field names the bad one: a public-looking link passes the check.
    response = client.post("/api/v1/audits", headers=auth, json={
        "profiles": ["https://www.instagram.com/someone/", "http://169.254.169.254/latest/meta-data/"],
        "consent": "self"})
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "profiles[1]"
