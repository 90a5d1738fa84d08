"""Family mode: a parent pairs, confirms they are the child's guardian, and they audit together."""

import pytest

from backend import store, tokens
from tests.helpers.fakes import wait_until_finished
from tests.helpers.workshop import join


@pytest.fixture
def parent(client, db):
    return join(client, tokens.new_pairing_code(db, 15))


def start(client, headers, consent, url="http://127.0.0.1:9/child-blog/"):
    response = client.post("/api/v1/audits", json={"profiles": [url], "consent": consent}, headers=headers)
    assert response.status_code == 202, response.get_json()
    return response.get_json()


def test_the_record_shows_the_guardians_consent(client, db, parent):
    created = start(client, parent, "guardian")
    audit = wait_until_finished(client, parent, created["id"])
    assert audit["status"] == "done"
    assert audit["consent"] == "guardian"
    assert store.get_audit(db, created["id"])["consent"] == "guardian"
    listed = client.get("/api/v1/audits", headers=parent).get_json()["audits"]
    assert [(a["id"], a["consent"]) for a in listed] == [(created["id"], "guardian")]


def test_the_guardians_report_is_reachable_and_carries_the_parent_guide(client, parent):
    guardian = start(client, parent, "guardian")
    own = start(client, parent, "self", "http://127.0.0.1:9/parent-blog/")
    wait_until_finished(client, parent, guardian["id"])
    wait_until_finished(client, parent, own["id"])
    page = client.get(guardian["report_url"])
    assert page.status_code == 200
    assert 'class="guide"' in page.get_data(as_text=True)
    # The guide is for a parent with their child, not for someone auditing their own accounts.
    assert 'class="guide"' not in client.get(own["report_url"]).get_data(as_text=True)


def test_an_audit_without_a_consent_answer_is_refused(client, parent):
    response = client.post("/api/v1/audits", json={"profiles": ["http://127.0.0.1:9/x/"]}, headers=parent)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "consent"


def test_a_parent_and_child_in_a_workshop_keep_the_guardian_consent(client, db, workshop):
    headers = join(client, workshop["join_code"])
    created = start(client, headers, "guardian")
    assert wait_until_finished(client, headers, created["id"])["consent"] == "guardian"
    assert [a["consent"] for a in store.workshop_audits(db, workshop["id"])] == ["guardian"]
