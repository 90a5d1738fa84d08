"""Queue positions for a class starting audits at once (the load test runs the real thing)."""
import functools
import threading

import pytest

from backend import store
from tests.helpers.fakes import FakeCrawler
from tests.helpers.workshop import join


@pytest.fixture
def gated(app):
    """Crawls wait at the gate, so audits stay queued behind the one running."""
    gate = threading.Event()
    app.extensions["exposure_jobs"].crawler_factory = functools.partial(FakeCrawler, gate=gate)
    yield gate
    gate.set()


def test_each_student_sees_how_many_audits_are_ahead(client, workshop, gated):
    students = [join(client, workshop["join_code"]) for _ in range(6)]
    created = []
    for n, headers in enumerate(students):
        response = client.post("/api/v1/audits", headers=headers,
                               json={"profiles": [f"http://127.0.0.1:9/student-{n}/"], "consent": "self"})
        assert response.status_code == 202
        created.append(response.get_json())
    # One worker: the first audit runs (or is about to), every later one waits behind all before it.
    assert [c["queue_position"] for c in created] == list(range(6))
    seen = [client.get(c["status_url"], headers=h).get_json()["queue_position"] for c, h in zip(created, students)]
    assert seen[1:] == list(range(1, 6))

    gated.set()
    for c, headers in zip(created, students):
        for _ in range(400):
            audit = client.get(c["status_url"], headers=headers).get_json()
            if audit["status"] == "done":
                break
            threading.Event().wait(0.05)
        assert audit["status"] == "done" and audit["queue_position"] == 0


def test_a_student_sees_only_their_own_audit(client, workshop, gated):
    first, second = (join(client, workshop["join_code"]) for _ in range(2))
    created = client.post("/api/v1/audits", headers=first,
                          json={"profiles": ["http://127.0.0.1:9/mine/"], "consent": "self"}).get_json()
    assert client.get(created["status_url"], headers=second).status_code == 404
    assert client.get("/api/v1/audits", headers=second).get_json() == {"audits": []}


def test_the_queue_is_in_arrival_order_even_when_the_stamps_are_not(db, monkeypatch):
    # Two students' requests in the same instant: the one written second took its
    # timestamp first (just before a second ticked over) and waited for the write lock.
    stamps = iter(["2026-11-25T09:00:01+00:00", "2026-11-25T09:00:00+00:00"])
    monkeypatch.setattr(store, "now", lambda: next(stamps))
    for audit_id in ("first", "second"):
        store.add_audit(db, audit_id, "t", "self", "k", [{"url": "http://127.0.0.1:9/x/", "platform": "generic"}])
    assert store.queue_position(db, store.get_audit(db, "first")) == 0
    assert store.queue_position(db, store.get_audit(db, "second")) == 1
