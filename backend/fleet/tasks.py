"""The worker's side: one audit crawled and graded in this process's memory, reported as events.

The task never opens the store. What it sends to the host (broker.EVENTS_KEY): "started";
"progress" (stage and counts, at most every PROGRESS_EVERY_S); "profile" (one profile's
state); then "done" with the result sealed to the host, or "failed" with a plain message.
Every event is signed with the fleet's secret (sealing.signed_event).
The original images and the face encodings stay in this process and end with the task.
"""
import io
import json
import logging
import multiprocessing.process
import os
import threading
import time

from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init, worker_process_shutdown
from PIL import Image

from crawler import Crawler

from .. import analysis, around
from ..failures import failure_reason
from ..jobs import crawl_profiles, grade_images, release_memory
from . import broker, sealing

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.5
TOO_LONG = "The audit took longer than its time limit ({minutes} minutes) and was stopped."


class Dropped(Exception):
    """The host no longer wants this audit: it was deleted, or has ended already."""


class TooLong(Exception):
    """The audit passed its time limit."""


class EventProgress:
    """The progress calls of jobs.crawl_profiles and jobs.grade_images, sent to the host as events.

    Between profiles and phases it also asks whether the host still wants the audit,
    so a deleted audit stops at the next profile rather than at the end.
    """

    def __init__(self, client, audit_id, deadline, secret):
        self.client, self.audit_id, self.deadline, self.secret = client, audit_id, deadline, secret
        self._pending, self._sent_at = {}, 0.0

    def wanted(self):
        return bool(self.client.sismember(broker.WANTED_KEY, self.audit_id))

    def check(self):
        if time.monotonic() > self.deadline:
            raise TooLong()
        if not self.wanted():
            raise Dropped()

    def send(self, kind, body=b""):
        self.client.xadd(broker.EVENTS_KEY, sealing.signed_event(self.secret, self.audit_id, kind, body))

    def update(self, **fields):
        # Called from the crawler's and the analysis's callbacks too: a count is kept and sent
        # at most every PROGRESS_EVERY_S; a new stage is a phase boundary, sent at once.
        self._pending.update(fields)
        if "stage" in fields:
            self.flush()
            self.check()
        elif time.monotonic() - self._sent_at >= PROGRESS_EVERY_S:
            self.flush()

    def flush(self):
        if self._pending:
            self.send("progress", json.dumps(self._pending))
            self._pending, self._sent_at = {}, time.monotonic()

    def profile(self, position, **fields):
        self.send("profile", json.dumps({"position": position, **fields}))
        self.check()


class _Process:
    """This worker process's browser, made and warmed once, used by every audit it runs."""

    crawler = None
    client = None
    config = None


def warm(**_):
    """Load the face models and start the browser before the first audit (worker_process_init)."""
    # Celery's pool (billiard) makes this process look, to Python's multiprocessing, like its
    # daemonic child with billiard's key, which may not start processes; but the analysis
    # starts its own. They still end with this process: their pipes to it close.
    current = multiprocessing.process.current_process()
    current._config["daemon"] = False
    current._config["authkey"] = multiprocessing.process.AuthenticationString(os.urandom(32))
    blank = _blank_png()
    analysis.analyze_images([("warm-a", blank), ("warm-b", blank)])
    _Process.crawler = Crawler()
    _Process.crawler.warm()


def close(**_):
    """Close the browser and the analysis processes when this worker process ends."""
    if _Process.crawler is not None:
        _Process.crawler.close()
        _Process.crawler = None
    analysis.shutdown()


def _blank_png():
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (128, 128, 128)).save(out, "PNG")
    return out.getvalue()


def register(app, config):
    """Add the audit task to `app` and warm every worker process once."""
    _Process.config = config
    worker_process_init.connect(warm, weak=False)
    worker_process_shutdown.connect(close, weak=False)
    hard = broker.limits(config["AUDIT_TIME_LIMIT_S"])[1]

    @app.task(name=broker.TASK, bind=True)
    def audit(task, audit_id, profiles, code, host_key):
        return run(audit_id, profiles, code, host_key, task.request.id, hard)

    return audit


def run(audit_id, profiles, code, host_key, delivery, claim_s):
    """Run one audit delivered by the queue; return "done", "failed" or "dropped"."""
    if _Process.client is None:
        _Process.client = broker.connect(_Process.config["BROKER_URL"])
    client = _Process.client
    limit_s = _Process.config["AUDIT_TIME_LIMIT_S"]
    events = EventProgress(client, audit_id, time.monotonic() + limit_s, _Process.config["FLEET_SECRET"])
    if not events.wanted() or not claim(client, audit_id, delivery, claim_s):
        log.info("a delivery of an audit that is deleted, ended or running elsewhere was dropped")
        return "dropped"
    alive = Alive(client, audit_id)  # before "started": the host sees the audit running only with it
    events.send("started")
    try:
        images = crawl_profiles(profiles, code, _crawler(), events)
        result, thumbnails = grade_images(images, analysis.analyze_images, events,
                                          around_named=around.named(profiles))
        del images  # the originals end here, before the result leaves
        events.flush()
        events.check()
        events.send("done", sealing.seal(host_key, result, thumbnails))
        return "done"
    except Dropped:
        log.info("an audit deleted while it ran was dropped")
        return "dropped"
    except (TooLong, SoftTimeLimitExceeded):
        _renew_crawler()  # the time limit may have struck inside the browser's driver
        events.send("failed", TOO_LONG.format(minutes=max(1, round(limit_s / 60))))
        return "failed"
    except Exception as error:
        log.exception("audit failed: %s", type(error).__name__)
        _renew_crawler()
        events.send("failed", failure_reason(error))
        return "failed"
    finally:
        alive.stop()
        release_memory()  # as the embedded pool does: a worker runs audit after audit


class Alive:
    """broker.ALIVE_KEY renewed from a thread while this process runs the audit.

    The key is not deleted at the end but left to expire: the host reads the audit's last
    event ("done", "failed") well within ALIVE_TTL_S, so it never takes an audit that has just
    ended for one whose worker died.
    """

    def __init__(self, client, audit_id):
        self.client, self.key = client, broker.ALIVE_KEY.format(audit_id)
        self._stop = threading.Event()
        self.renew()
        self._thread = threading.Thread(target=self._beat, name="alive", daemon=True)
        self._thread.start()

    def renew(self):
        self.client.set(self.key, b"1", ex=broker.ALIVE_TTL_S)

    def _beat(self):
        while not self._stop.wait(broker.ALIVE_EVERY_S):
            try:
                self.renew()
            except Exception:  # noqa: BLE001 - a broker blip; the key lives on for a few missed beats
                log.warning("the audit's liveness could not be renewed; trying again")

    def stop(self):
        self._stop.set()


def claim(client, audit_id, delivery, seconds):
    """Take the audit for this delivery: True unless another delivery of it is running.

    A redelivery of the same message (its worker died) has the same task id and takes
    the audit over; a second message for the same audit is dropped.
    """
    key = broker.RUN_KEY.format(audit_id)
    if client.set(key, delivery, nx=True, ex=seconds):
        return True
    holder = client.get(key)
    if holder is not None and holder.decode() == delivery:
        client.expire(key, seconds)
        return True
    return False


def _renew_crawler():
    """Close this process's browser after a failed audit; the next audit starts a new one."""
    crawler, _Process.crawler = _Process.crawler, None
    if crawler is not None:
        try:
            crawler.close()
        except Exception:  # noqa: BLE001 - a broken browser is dropped all the same
            log.warning("the browser could not be closed after a failed audit")


def _crawler():
    """This process's warmed crawler; made here when the process was not warmed."""
    if _Process.crawler is None:
        _Process.crawler = Crawler()
    return _Process.crawler
