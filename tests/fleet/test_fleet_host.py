"""The API host's side against a real Redis: the sweep and the event consumer, without workers."""
import io
import json
import sqlite3
import time
from datetime import datetime, timedelta, timezone

import pytest

from backend import config, failures, store
from backend.fleet import broker, sealing
from backend.fleet.host import FleetRunner
from tests.helpers.fleet import FLEET_SECRET

pytestmark = pytest.mark.slow  # starts redis-server


@pytest.fixture
def host(redis_server, tmp_path, monkeypatch):
    redis_server.client().flushall()
    monkeypatch.setenv("EXPOSURE_DATA_DIR", str(tmp_path))
    settings = config.from_environment() | {"BROKER_URL": redis_server.url, "AUDIT_TIME_LIMIT_S": 60,
                                            "FLEET_SECRET": FLEET_SECRET}
    runner = FleetRunner(lambda: store.open_store(settings["DATABASE"]), settings)
    db = store.open_store(settings["DATABASE"])
    yield runner, db, redis_server.client()
    runner.shutdown(wait=True)
    db.conn.close()


def event(audit_id, kind, body=b""):
    """An event as a worker sends it, signed with the fleet's secret."""
    return sealing.signed_event(FLEET_SECRET, audit_id, kind, body)


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
    client.xadd(broker.EVENTS_KEY, event("a", "started", b""))
    client.xadd(broker.EVENTS_KEY, event("a", "profile", json.dumps(
        {"position": 0, "status": "ok", "message": "", "photos_found": 0, "verified": False, "platform": "generic"})))
    sealed = sealing.seal(runner.public_key, {"photos": [], "identities": [], "summary": {"photos": 0}}, {})
    client.xadd(broker.EVENTS_KEY, event("a", "done", sealed))
    client.xadd(broker.EVENTS_KEY, event("gone", "progress", json.dumps({"photos_found": 1})))
    client.xadd(broker.EVENTS_KEY, event("gone", "done", sealed))  # deleted meanwhile
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
    client.xadd(broker.EVENTS_KEY, event("full", "started", b""))
    sealed = sealing.seal(runner.public_key, {"photos": [], "identities": [], "summary": {"photos": 0}}, {})
    client.xadd(broker.EVENTS_KEY, event("full", "done", sealed))
    monkeypatch.setattr(store, "finish_audit", disk_full)
    monkeypatch.setattr(store, "fail_audit", disk_full)
    monkeypatch.setattr(failures, "unsaved_failures", {})
    runner.resume_interrupted()

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and client.xlen(broker.EVENTS_KEY):
        time.sleep(0.2)
    shown = failures.with_unsaved_failure(store.get_audit(db, "full"))
    assert shown["status"] == "failed" and "storage is full" in shown["error"]
    assert not client.sismember(broker.WANTED_KEY, "full")


def wait_for_empty_stream(client, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and client.xlen(broker.EVENTS_KEY):
        time.sleep(0.1)
    assert client.xlen(broker.EVENTS_KEY) == 0, "every event, kept or refused, is acknowledged and deleted"


def rejected(client):
    return [(fields[b"source"].decode(), fields[b"reason"].decode()) for _, fields in client.xrange(broker.REJECTED_KEY)]


def test_a_malformed_event_is_acknowledged_recorded_and_skipped(host, caplog):
    # An event without an "audit" field was retried every second for ever; audits behind it stayed
    # "running" and the sweep never ran (#27 finding 7).
    runner, db, client = host
    add(db, "a")
    client.sadd(broker.WANTED_KEY, "a")
    client.xadd(broker.EVENTS_KEY, {"kind": "done", "body": b"x"})  # no audit
    client.xadd(broker.EVENTS_KEY, {"audit": b"\xff\xfe", "kind": "started"})  # not text
    client.xadd(broker.EVENTS_KEY, {"garbage": "yes"})
    client.xadd(broker.EVENTS_KEY, event("a", "explode", b""))  # signed, but no such kind
    client.xadd(broker.EVENTS_KEY, event("a", "started", b""))
    client.xadd(broker.EVENTS_KEY, event("a", "done", sealing.seal(
        runner.public_key, {"photos": [], "identities": [], "summary": {"photos": 0}}, {})))
    runner.resume_interrupted()
    wait_for_empty_stream(client)
    assert store.get_audit(db, "a")["status"] == "done", "the events behind the malformed ones were kept"
    assert runner.refused == 4
    assert sorted(reason for _, reason in rejected(client)) == [
        "no audit id", "no audit id", "not ASCII where it must be", "unknown kind"]
    assert caplog.text.count("a worker event was refused and skipped") == 4


def jpeg_with_metadata():
    from PIL import Image

    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "forger-camera"
    Image.new("RGB", (120, 90), (200, 30, 30)).save(out, "JPEG", exif=exif.tobytes(), comment=b"<script>x</script>")
    return out.getvalue()


def test_a_forged_result_is_refused_and_logged(host, caplog):
    # Anyone who can write to Redis could seal a "done" to the host's public key, which travels in every
    # task: it was stored, with a report link to any site and a thumbnail kept as sent (#27 finding 8).
    runner, db, client = host
    add(db, "victim")
    client.sadd(broker.WANTED_KEY, "victim")
    client.xadd(broker.EVENTS_KEY, event("victim", "started", b""))
    forged = sealing.seal(runner.public_key, {"photos": [{"id": "ph1", "page_url": "https://evil.example/"}],
                                              "identities": [], "summary": {"photos": 1}}, {"ph1": jpeg_with_metadata()})
    client.xadd(broker.EVENTS_KEY, {"audit": "victim", "kind": "done", "body": forged})  # unsigned
    client.xadd(broker.EVENTS_KEY, sealing.signed_event("a-guessed-secret" * 3, "victim", "done", forged))
    client.xadd(broker.EVENTS_KEY, sealing.signed_event(FLEET_SECRET, "victim", "progress", b"{}")
                | {"body": json.dumps({"stage": "done"})})  # a real event's signature on another body
    runner.resume_interrupted()
    wait_for_empty_stream(client)
    audit = store.get_audit(db, "victim")
    assert audit["status"] == "running" and audit["result"] is None and store.get_thumbnails(db, "victim") == {}
    assert rejected(client) == [("events", "bad signature")] * 3
    assert caplog.text.count("bad signature") == 3 and "evil.example" not in caplog.text

    # The workers' own result, signed with the secret: kept, its thumbnail re-drawn from pixels alone.
    client.xadd(broker.EVENTS_KEY, event("victim", "done", forged))
    wait_for_empty_stream(client)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and store.get_audit(db, "victim")["status"] != "done":
        time.sleep(0.1)
    thumbnail = store.get_thumbnails(db, "victim")["ph1"]
    assert thumbnail.startswith(b"\xff\xd8\xff")
    assert b"<script>" not in thumbnail and b"forger-camera" not in thumbnail and b"Exif" not in thumbnail


def test_an_unreadable_queue_item_is_skipped_and_recorded_not_the_workers_end(host, redis_server, caplog):
    # A non-JSON item in the audit queue killed the worker that took it ("Unrecoverable error").
    runner, db, client = host
    from kombu import Consumer, Queue

    for item in (b"not json at all", b"[1, 2]", b'{"body": "e30=", "properties": {}}'):
        client.lpush(broker.QUEUE, item)
    add(db, "real")
    runner.submit("real")  # queued behind the three (the queue is read from its other end)
    received = []
    with runner.app.connection_for_read() as connection:
        assert type(connection.transport).__module__ == "backend.fleet.transport"
        with Consumer(connection, queues=[Queue(broker.QUEUE)], accept=["json"],
                      callbacks=[lambda body, message: (received.append(message.headers["id"]), message.ack())]):
            deadline = time.monotonic() + 20
            while not received and time.monotonic() < deadline:
                try:
                    connection.drain_events(timeout=1)
                except TimeoutError:
                    pass
    assert [task.split(".")[0] for task in received] == ["real"]
    assert [source for source, _ in rejected(client)] == ["queue"] * 3
    assert caplog.text.count("an unreadable item in the audit queue was skipped") == 3
