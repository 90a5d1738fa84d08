"""Audits through the real API on real Celery workers (subprocesses) and a real Redis.

The tests share one fleet (module scope): Redis watched by MONITOR from its first command,
the API host, two workers of one audit at a time. The last test scans everything Redis saw.
"""
import sqlite3
import threading
import time

import pytest
from celery import Celery

from backend.fleet import broker, sealing
from tests.helpers.exposure_scan import exposures, is_original
from tests.helpers.fleet import delete_while_queued, finished, rows_of, start, wait_until, worker_running

pytestmark = pytest.mark.slow


def test_twenty_audits_on_two_workers_all_done(fleet):
    ids = {start(fleet, fleet.site.student_url(n)): n for n in range(1, 21)}
    seen, results = {}, {}

    def follow(audit_id):
        results[audit_id], seen[audit_id] = fleet.server.wait_for(audit_id, finished, timeout=600)

    threads = [threading.Thread(target=follow, args=(audit_id,)) for audit_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [a["status"] for a in results.values()] == ["done"] * 20, [a["error"] for a in results.values()]
    for audit_id, audit in results.items():
        assert audit["summary"]["photos"] == 2
        assert audit["profiles"][0]["status"] == "ok"
        assert sum(1 for photo in audit["photos"] if photo["faces"]) == 1  # one face photo a student
        assert rows_of(fleet, audit_id)["thumbnails"] == 2, "the thumbnails came back to the host"
    assert all(fleet.site.visits(n) == 1 for n in ids.values()), "each audit ran once"
    assert all(any(worker.took(a) for a in ids) for worker in fleet.workers), "both workers took audits"
    # Progress reached the host while the audits ran: a stage between queued and done, and counts.
    stages = {progress["stage"] for progress_seen in seen.values() for progress in progress_seen}
    assert {"crawling", "analyzing"} & stages, stages
    assert any(p["photos_found"] for progress_seen in seen.values() for p in progress_seen[:-1]), \
        "counts moved before the end"
    assert all(not any(worker.data_dir.iterdir()) for worker in fleet.workers), "a worker wrote a store"


def test_an_unreadable_queue_item_is_skipped_and_the_workers_go_on(fleet):
    # A non-JSON item in the audit queue ended the worker that took it ("Unrecoverable error") (#27 finding 8).
    client = fleet.redis.client()
    for item in (b"not json at all", b"[1, 2]"):
        client.lpush(broker.QUEUE, item)
    assert wait_until(lambda: client.llen(broker.QUEUE) == 0, timeout=60), "the workers took the items"
    audit_id = start(fleet, fleet.site.student_url(70))
    assert fleet.server.wait_for(audit_id, finished, timeout=300)[0]["status"] == "done"
    assert all(worker.process.poll() is None for worker in fleet.workers), "no worker ended"
    logs = "".join(worker.output() for worker in fleet.workers)
    assert logs.count("an unreadable item in the audit queue was skipped") == 2
    assert "Unrecoverable error" not in logs
    assert [fields[b"source"] for _, fields in client.xrange(broker.REJECTED_KEY)] == [b"queue", b"queue"]


def test_a_worker_killed_mid_audit_its_audit_finishes_elsewhere_within_3_minutes(fleet):
    # The default time limit (30 minutes): its visibility timeout, 36 minutes, is not waited out.
    audit_id = start(fleet, fleet.slow_site.url("/slow-blog/"))
    victim = worker_running(fleet, audit_id)
    victim.kill()
    killed = time.monotonic()

    audit, _ = fleet.server.wait_for(audit_id, finished, timeout=180)
    assert time.monotonic() - killed < 180
    assert audit["status"] == "done", audit["error"]
    assert audit["summary"]["photos"] == 4, audit["profiles"]
    conn = sqlite3.connect(f"file:{fleet.folder / 'exposure.db'}?mode=ro", uri=True)
    try:
        attempts = conn.execute("SELECT attempts FROM audits WHERE id = ?", [audit_id]).fetchone()[0]
    finally:
        conn.close()
    assert attempts == 2, "it started on the killed worker, then once more on the living one"
    victim.start()


def test_an_audit_deleted_while_queued_never_runs(fleet):
    delete_while_queued(fleet, student=50)


def test_an_audit_deleted_while_running_keeps_nothing(fleet):
    audit_id = start(fleet, fleet.slow_site.url("/slow-blog/"))
    worker = worker_running(fleet, audit_id)
    assert fleet.server.request("DELETE", f"/api/v1/audits/{audit_id}")[0] == 204

    # Dropped at the worker's next check, or, on a machine so slow that it had finished first,
    # its result discarded on arrival: either way nothing is kept.
    assert wait_until(lambda: worker.outcomes(audit_id)), worker.output()[-2000:]
    # Every event the worker sent before it returned has been applied by the host (which deletes
    # each from the stream once kept).
    client = fleet.redis.client()
    assert wait_until(lambda: client.xlen(broker.EVENTS_KEY) == 0), "the host read the audit's last events"
    assert fleet.server.request("GET", f"/api/v1/audits/{audit_id}")[0] == 404
    assert rows_of(fleet, audit_id) == {"audits": 0, "audit_profiles": 0, "thumbnails": 0}


def test_a_second_delivery_of_a_finished_audit_is_ignored(fleet):
    audit_id = start(fleet, fleet.site.student_url(60))
    first, _ = fleet.server.wait_for(audit_id, finished)
    assert first["status"] == "done"

    # The same audit delivered again, as a broker might after a lost acknowledgement.
    key = sealing.host_key(fleet.folder)
    sender = Celery("test", broker=fleet.redis.url, set_as_current=False)
    sender.conf.task_default_queue = broker.QUEUE
    _, code = fleet.server.request("GET", "/api/v1/verification")
    sender.send_task(broker.TASK, args=[audit_id, [{"url": fleet.site.student_url(60), "platform": "generic"}],
                                        code["code"], sealing.public_text(key)], task_id=f"{audit_id}.again")
    assert wait_until(lambda: sorted(o for w in fleet.workers for o in w.outcomes(audit_id)) == ["done", "dropped"])

    again = fleet.server.request("GET", f"/api/v1/audits/{audit_id}")[1]
    assert again["finished_at"] == first["finished_at"] and again["photos"] == first["photos"]
    assert fleet.site.visits(60) == 1, "the second delivery did not crawl again"


def test_sigterm_lets_a_worker_finish_its_audit(fleet):
    audit_id = start(fleet, fleet.slow_site.url("/slow-blog/"))
    worker = worker_running(fleet, audit_id)
    assert worker.stop() == 0
    audit = fleet.server.request("GET", f"/api/v1/audits/{audit_id}")[1]
    assert audit["status"] == "done", "the worker finished its audit before it stopped"
    assert worker.outcomes(audit_id) == ["done"]
    assert not any(w.took(audit_id) for w in fleet.workers if w is not worker)
    worker.start()


def test_redis_never_held_an_original_image_or_a_face_encoding(fleet):
    """Everything Redis received during the tests above (MONITOR), and everything it holds now."""
    time.sleep(1)
    received = [exposure for command in fleet.monitor.commands for arg in command for exposure in exposures(arg)]
    held = [exposure for _, value in fleet.redis.contents() for exposure in exposures(value)]
    results = [c for c in fleet.monitor.commands if c[:2] == [b"XADD", b"exposure:events"] and b"done" in c]
    assert results, "MONITOR saw the sealed results go by"
    assert any(c[:1] == [b"LPUSH"] for c in fleet.monitor.commands), "and the tasks"
    for found in (received, held):
        assert not [f for f in found if is_original(f)], "an original image went through Redis"
        assert not [f for f in found if f[0] == "vector"], "a face encoding went through Redis"
        assert not [f for f in found if f[0] == "image"], "a thumbnail went through Redis unsealed"
