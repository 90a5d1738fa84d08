"""The API host's side against a real Redis: the sweep and the event consumer, without workers."""
import json
import sqlite3
import time
from datetime import datetime, timedelta, timezone

import pytest

from backend import config, jobs, store
from backend.fleet import broker, sealing
from backend.fleet.host import FleetRunner

pytestmark = pytest.mark.slow  # starts redis-server


@pytest.fixture
def host(redis_server, tmp_path, monkeypatch):
    redis_server.client().flushall()
    monkeypatch.setenv("EXPOSURE_DATA_DIR", str(tmp_path))
    settings = config.from_environment() | {"BROKER_URL": redis_server.url, "AUDIT_TIME_LIMIT_S": 60}
    runner = FleetRunner(lambda: store.open_store(settings["DATABASE"]), settings)
    db = store.open_store(settings["DATABASE"])
    yield runner, db, redis_server.client()
    runner.shutdown(wait=True)
    db.conn.close()


def add(db, audit_id):
    store.add_audit(db, audit_id, "t", "self", "k", [{"url": "https://example.com/me", "platform": "generic"}])


def queued_tasks(client):
    return [json.loads(raw)["headers"]["id"] for raw in client.lrange(broker.QUEUE, 0, -1)]


def test_the_sweep_sends_what_never_reached_the_broker_and_forgets_what_is_gone(host):
    runner, db, client = host
    add(db, "never-sent")
    client.sadd(broker.WANTED_KEY, "deleted-meanwhile")
    runner._sweep(db)
    assert client.smembers(broker.WANTED_KEY) == {b"never-sent"}
    assert [task.split(".")[0] for task in queued_tasks(client)] == ["never-sent"]
    runner._sweep(db)
    assert len(queued_tasks(client)) == 1, "an audit already wanted is not sent twice"


def test_a_running_audit_with_no_news_past_its_visibility_is_sent_again(host):
    runner, db, client = host
    add(db, "stalled")
    runner.submit("stalled")
    client.delete(broker.QUEUE)  # its delivery was lost with its worker
    long_ago = (datetime.now(timezone.utc) - timedelta(seconds=runner.visibility_s + 60)).isoformat(timespec="seconds")
    db["audits"].update("stalled", {"status": "running", "updated_at": long_ago})
    runner._sweep(db)
    assert store.get_audit(db, "stalled")["status"] == "queued"
    assert len(queued_tasks(client)) == 1


def test_events_sent_while_the_host_was_down_are_kept_when_it_starts(host, tmp_path):
    runner, db, client = host
    add(db, "a")
    client.sadd(broker.WANTED_KEY, "a")
    client.xadd(broker.EVENTS_KEY, {"audit": "a", "kind": "started", "body": b""})
    client.xadd(broker.EVENTS_KEY, {"audit": "a", "kind": "profile", "body": json.dumps(
        {"position": 0, "status": "ok", "message": "", "photos_found": 0, "verified": False, "platform": "generic"})})
    sealed = sealing.seal(runner.public_key, {"photos": [], "identities": [], "summary": {"photos": 0}}, {})
    client.xadd(broker.EVENTS_KEY, {"audit": "a", "kind": "done", "body": sealed})
    client.xadd(broker.EVENTS_KEY, {"audit": "gone", "kind": "progress", "body": json.dumps({"photos_found": 1})})
    client.xadd(broker.EVENTS_KEY, {"audit": "gone", "kind": "done", "body": sealed})  # deleted meanwhile
    runner.resume_interrupted()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and store.get_audit(db, "a")["status"] != "done":
        time.sleep(0.2)
    assert store.get_audit(db, "a")["status"] == "done"
    assert store.get_audit(db, "a")["profiles"][0]["status"] == "ok"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and client.xlen(broker.EVENTS_KEY):
        time.sleep(0.2)
    assert client.xlen(broker.EVENTS_KEY) == 0, "every event is deleted from Redis once kept or dropped"
    assert not client.sismember(broker.WANTED_KEY, "a"), "a finished audit is no longer wanted"
    assert store.get_audit(db, "gone") is None and db["thumbnails"].count_where("audit_id = 'gone'") == 0


def test_a_result_the_full_store_cannot_keep_fails_the_audit_as_the_embedded_pool_does(host, monkeypatch):
    runner, db, client = host

    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    add(db, "full")
    client.sadd(broker.WANTED_KEY, "full")
    client.xadd(broker.EVENTS_KEY, {"audit": "full", "kind": "started", "body": b""})
    sealed = sealing.seal(runner.public_key, {"photos": [], "identities": [], "summary": {"photos": 0}}, {})
    client.xadd(broker.EVENTS_KEY, {"audit": "full", "kind": "done", "body": sealed})
    monkeypatch.setattr(store, "finish_audit", disk_full)
    monkeypatch.setattr(store, "fail_audit", disk_full)
    monkeypatch.setattr(jobs, "unsaved_failures", {})
    runner.resume_interrupted()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and client.xlen(broker.EVENTS_KEY):
        time.sleep(0.2)
    shown = jobs.with_unsaved_failure(store.get_audit(db, "full"))
    assert shown["status"] == "failed" and "storage is full" in shown["error"]
    assert not client.sismember(broker.WANTED_KEY, "full")
