"""The fleet's small pieces, without a broker: URL rules, time limits, concurrency, sealing,
and how the host writes worker events into a real store."""
import io
import json

import pytest
from click.testing import CliRunner
from nacl.exceptions import CryptoError
from PIL import Image

from backend import config, runners, store
from backend.cli import cli
from backend.fleet import broker, sealing, worker
from backend.fleet.host import TOO_MANY_ATTEMPTS, FleetRunner, apply_event

GB = 1024 ** 3


@pytest.mark.parametrize("url", ["redis://:secret@127.0.0.1:6379/0", "redis://:secret@localhost:6379/1",
                                 "redis://:secret@[::1]:6379/0",
                                 "rediss://:secret@queue.school.example:6380/0?ssl_cert_reqs=required"])
def test_safe_broker_urls_are_accepted(url):
    assert broker.check_broker_url(url) == url


@pytest.mark.parametrize("url, says", [
    ("redis://127.0.0.1:6379/0", "password"),
    ("redis://:secret@10.0.0.5:6379/0", "TLS"),
    ("redis://:secret@queue.school.example:6379/0", "TLS"),
    ("http://:secret@127.0.0.1:6379/0", "Redis URL"),
    ("", "Redis URL"),
])
def test_unsafe_broker_urls_are_refused_with_the_fix(url, says):
    with pytest.raises(broker.BrokerURLError, match=says):
        broker.check_broker_url(url)


def test_serve_and_worker_refuse_an_unsafe_broker_url(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPOSURE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EXPOSURE_BROKER_URL", "redis://:secret@10.0.0.5:6379/0")
    for command in ("serve", "worker"):
        result = CliRunner().invoke(cli, [command])
        assert result.exit_code == 2 and "TLS" in result.output, result.output
    monkeypatch.delenv("EXPOSURE_BROKER_URL")
    result = CliRunner().invoke(cli, ["worker"])
    assert result.exit_code == 2 and "EXPOSURE_BROKER_URL" in result.output


@pytest.mark.parametrize("limit", [30, 60, 1800, 7200])
def test_redelivery_waits_longer_than_an_audit_may_run(limit):
    soft, hard, visibility = broker.limits(limit)
    assert soft == limit < hard < visibility
    assert visibility - hard >= 10, "a margin beyond the moment a stuck audit is killed"


def test_concurrency_follows_memory_or_the_setting():
    settings = {"WORKER_CONCURRENCY": 0}
    assert worker.concurrency(settings, memory=1 * GB, cores=8) == 1
    assert worker.concurrency(settings, memory=worker.RESERVED_BYTES + 3 * worker.SLOT_BYTES, cores=8) == 3
    assert worker.concurrency(settings, memory=worker.RESERVED_BYTES + 3 * worker.SLOT_BYTES - 1, cores=8) == 2
    # The cores bound it too: 23 GB free on 2 cores is 2 audits at once, not 17.
    assert worker.concurrency(settings, memory=23 * GB, cores=2) == 2
    assert worker.concurrency(settings, memory=23 * GB, cores=1) == 1
    assert worker.concurrency({"WORKER_CONCURRENCY": 5}, memory=1 * GB) == 5


def thumbnail():
    out = io.BytesIO()
    Image.new("RGB", (160, 120), (90, 90, 90)).save(out, "JPEG")
    return out.getvalue()


def test_a_sealed_result_opens_only_with_the_host_key(tmp_path):
    key = sealing.host_key(tmp_path)
    assert sealing.host_key(tmp_path).encode() == key.encode(), "the key is kept across restarts"
    assert (tmp_path / sealing.KEY_FILE).stat().st_mode & 0o777 == 0o600
    sealed = sealing.seal(sealing.public_text(key), {"photos": [{"risk": "high"}]}, {"ph1": thumbnail()})
    assert b"\xff\xd8\xff" not in sealed and b"high" not in sealed
    assert sealing.unseal(key, sealed) == ({"photos": [{"risk": "high"}]}, {"ph1": thumbnail()})
    with pytest.raises(CryptoError):
        sealing.unseal(sealing.host_key(tmp_path / "other"), sealed)


def test_the_runner_is_the_embedded_pool_unless_a_broker_is_set(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPOSURE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("EXPOSURE_BROKER_URL", raising=False)
    settings = config.from_environment()
    embedded = runners.make_runner(settings, lambda: None)
    assert isinstance(embedded, runners.JobRunner)
    embedded.shutdown()
    fleet = runners.make_runner(settings | {"BROKER_URL": "redis://:secret@127.0.0.1:1/0",
                                            "FLEET_SECRET": "x" * 32}, lambda: None)
    assert isinstance(fleet, FleetRunner)


@pytest.fixture
def db(tmp_path):
    database = store.open_store(tmp_path / "s.db")
    store.add_audit(database, "a", "t", "self", "k", [{"url": "https://example.com/me", "platform": "generic"}])
    return database


def test_worker_events_become_the_audit_in_the_store(db, tmp_path):
    key = sealing.host_key(tmp_path)
    audit = lambda: store.get_audit(db, "a")  # noqa: E731
    assert not apply_event(db, key, audit(), "started", b"")
    assert audit()["status"] == "running" and audit()["attempts"] == 1
    apply_event(db, key, audit(), "progress", json.dumps({"photos_found": 3, "status": "done", "result": "x"}))
    assert audit()["photos_found"] == 3 and audit()["status"] == "running", "only progress fields are taken"
    apply_event(db, key, audit(), "profile", json.dumps({"position": 0, "status": "ok", "message": "",
                                                         "photos_found": 3, "url": "https://evil.example/",
                                                         "left_out_reasons": '{"posts": 2}'}))
    assert audit()["profiles"][0]["status"] == "ok" and audit()["profiles"][0]["url"] == "https://example.com/me"
    assert audit()["profiles"][0]["left_out_reasons"] == '{"posts": 2}'  # why others' pictures were left out
    sealed = sealing.seal(sealing.public_text(key), {"photos": [], "identities": [], "summary": {"photos": 0}},
                          {"ph1": thumbnail(), "ph2": b"<svg>not a jpeg</svg>"})
    assert apply_event(db, key, audit(), "done", sealed)
    assert audit()["status"] == "done" and audit()["result"]["summary"] == {"photos": 0}
    assert list(store.get_thumbnails(db, "a")) == ["ph1"], "only JPEG thumbnails are kept"


def test_a_result_sealed_to_another_key_fails_the_audit(db, tmp_path):
    apply_event(db, sealing.host_key(tmp_path), store.get_audit(db, "a"), "started", b"")
    forged = sealing.seal(sealing.public_text(sealing.host_key(tmp_path / "x")), {"photos": []}, {})
    assert apply_event(db, sealing.host_key(tmp_path), store.get_audit(db, "a"), "done", forged)
    assert store.get_audit(db, "a")["status"] == "failed"


def test_an_audit_that_keeps_killing_workers_is_not_tried_again(db, tmp_path):
    key = sealing.host_key(tmp_path)
    for _ in range(config.MAX_ATTEMPTS):
        assert not apply_event(db, key, store.get_audit(db, "a"), "started", b"")
    assert apply_event(db, key, store.get_audit(db, "a"), "started", b"")
    assert store.get_audit(db, "a")["status"] == "failed"
    assert store.get_audit(db, "a")["error"] == TOO_MANY_ATTEMPTS


def test_serve_and_worker_refuse_a_fleet_without_its_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPOSURE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EXPOSURE_BROKER_URL", "redis://:secret@127.0.0.1:9/0")
    for secret in (None, "too-short"):
        if secret:
            monkeypatch.setenv("EXPOSURE_FLEET_SECRET", secret)
        for command in ("serve", "worker"):
            result = CliRunner().invoke(cli, [command])
            assert result.exit_code == 2 and "EXPOSURE_FLEET_SECRET" in result.output, result.output


def test_an_event_is_read_only_with_the_fleets_secret():
    secret = "s" * 32
    fields = {k.encode(): v.encode() if isinstance(v, str) else v
              for k, v in sealing.signed_event(secret, "a1", "done", b"sealed").items()}
    assert sealing.read_event(secret, fields) == ("a1", "done", b"sealed")
    for changed in ({b"audit": b"a2"}, {b"kind": b"failed"}, {b"body": b"other"}, {b"mac": b"0" * 64}):
        with pytest.raises(sealing.RefusedEvent, match="bad signature"):
            sealing.read_event(secret, fields | changed)
    with pytest.raises(sealing.RefusedEvent, match="bad signature"):
        sealing.read_event("t" * 32, fields)
