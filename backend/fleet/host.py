"""The API host's side of the fleet: audits go to the queue, their events come back into the store.

The host stays the only writer of SQLite. One thread here reads the workers' events
(broker.EVENTS_KEY, a Redis stream with a consumer group, so events that arrived while
the host was down are read when it starts) and writes them into the store; it also
sweeps once a second:
- audits no longer active in the store (deleted, ended) leave broker.WANTED_KEY, so a
  worker drops them before or while it runs them;
- active audits missing from it (the broker was down when they were sent, or lost its
  data) are sent again;
- an audit running without its liveness key (broker.ALIVE_KEY, which its worker renews
  every few seconds) lost its worker: it is sent again at once, its claim released, so a
  student waits seconds, not the visibility timeout. The dead delivery, given back by Redis
  once that timeout passes, finds the audit claimed by the new one or ended, and is dropped;
- audits whose worker died are also handed back to the queue once their visibility timeout
  has passed (kombu itself looks only every 100 s), and an audit running with no news
  for longer than that is sent again, so none stays "running" for ever.
Each event must carry the signature of the fleet's secret (sealing.read_event): a malformed or
forged one is logged, recorded, acknowledged and skipped. Thumbnails are re-drawn here.
"""
import contextlib
import json
import logging
import threading
import time
import uuid

import redis
from nacl.exceptions import CryptoError

from .. import store
from ..tokens import verification_code
from ..analysis.decode import redraw_jpeg
from ..config import MAX_ATTEMPTS, THUMBNAIL_PX
from ..failures import TOO_MANY_ATTEMPTS, UNREADABLE_RESULT, record_failure
from . import broker, sealing

log = logging.getLogger(__name__)

SWEEP_EVERY_S = 1.0
RESTORE_EVERY_S = 10.0
READ_BLOCK_MS = 1000
PROGRESS_FIELDS = ("stage", "profiles_done", "photos_found", "photos_analyzed")
PROFILE_FIELDS = ("status", "message", "photos_found", "verified", "platform",
                  "other_accounts_left_out", "site_images_left_out", "left_out_reasons")
MAX_THUMBNAIL_BYTES = 256 * 1024
JPEG = b"\xff\xd8\xff"


class FleetRunner:
    """The audit runner of a host with EXPOSURE_BROKER_URL: the verbs of backend/runners.py.

    Its audits run on the fleet's workers, which cannot read an export on this host's disk or
    photos in its memory (local_photos is False: those routes answer 503 not_with_fleet)."""

    local_photos = False

    def __init__(self, open_db, config):
        self.open_db = open_db
        self.app = broker.make_app(config)
        self.client = broker.connect(config["BROKER_URL"])
        self.key = sealing.host_key(config["DATA_DIR"])
        self.secret = broker.check_fleet_secret(config.get("FLEET_SECRET"))
        self.refused = 0  # events refused since the start (also recorded in Redis)
        self.public_key = sealing.public_text(self.key)
        self.visibility_s = broker.limits(config["AUDIT_TIME_LIMIT_S"])[2]
        self._stop = threading.Event()
        self._thread = None

    def submit(self, audit_id):
        """Queue an audit on the broker; if the broker is down, the sweep sends it later."""
        db = self.open_db()
        try:
            audit = store.get_audit(db, audit_id)
        finally:
            store.close(db)
        if audit is not None:
            self._send(audit)

    def hand(self, audit_id, images):
        return False  # the workers cannot read photos held in this host's memory

    def drop(self, audit_id):
        pass

    def _send(self, audit):
        profiles = [{"url": p["url"], "platform": p["platform"], "role": p.get("role")} for p in audit["profiles"]]
        try:
            # Wanted first: a worker that takes the task at once must find it wanted.
            self.client.sadd(broker.WANTED_KEY, audit["id"])
            self.app.send_task(broker.TASK, args=[audit["id"], profiles, verification_code(audit["token_hash"]),
                                                  self.public_key],
                               task_id=f"{audit['id']}.{uuid.uuid4().hex[:8]}", argsrepr="(an audit)",
                               kwargsrepr="{}", retry=False)
        except Exception as error:  # noqa: BLE001 - the audit stays queued; the sweep sends it again
            log.warning("the broker cannot be reached (%s); the audit stays queued", type(error).__name__)
            with contextlib.suppress(redis.RedisError):
                self.client.srem(broker.WANTED_KEY, audit["id"])

    def resume_interrupted(self):
        """Start reading the workers' events; the first sweep sends whatever was never sent."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._consume, name="fleet-events", daemon=True)
            self._thread.start()

    def shutdown(self, wait=False):
        """Stop reading events; queued and running audits carry on in the fleet."""
        self._stop.set()
        if wait and self._thread is not None:
            self._thread.join(READ_BLOCK_MS / 1000 * 5)

    # The consumer thread.

    def _consume(self):
        db = self.open_db()
        swept = restored = 0.0
        backlog = True  # first the events read before a restart but not yet applied, then new ones
        try:
            while not self._stop.is_set():
                try:
                    if backlog:
                        self._ensure_group()
                    read = self.client.xreadgroup(
                        broker.EVENTS_GROUP, "host", {broker.EVENTS_KEY: "0" if backlog else ">"},
                        count=50, block=None if backlog else READ_BLOCK_MS)
                    entries = [entry for _, stream in read or [] for entry in stream]
                    backlog = backlog and bool(entries)
                    for entry_id, fields in entries:
                        self._take(db, fields)
                        self.client.xack(broker.EVENTS_KEY, broker.EVENTS_GROUP, entry_id)
                        self.client.xdel(broker.EVENTS_KEY, entry_id)  # nothing stays in Redis once kept
                    if time.monotonic() - swept >= SWEEP_EVERY_S:
                        swept = time.monotonic()
                        self._sweep(db)
                    if time.monotonic() - restored >= RESTORE_EVERY_S:
                        restored = time.monotonic()
                        self._restore_lost()
                except redis.RedisError as error:
                    log.warning("the broker cannot be reached (%s); trying again", type(error).__name__)
                    backlog = True
                    self._stop.wait(1.0)
                except Exception:
                    log.exception("the fleet's event consumer stumbled")
                    self._stop.wait(1.0)
        finally:
            store.close(db)

    def _ensure_group(self):
        try:
            self.client.xgroup_create(broker.EVENTS_KEY, broker.EVENTS_GROUP, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    def _take(self, db, fields):
        """Apply one event, or refuse it (malformed, or not signed with the fleet's secret): a refused
        event is logged, recorded in broker.REJECTED_KEY and acknowledged like any other, so it can
        neither wedge the consumer nor change an audit."""
        try:
            audit_id, kind, body = sealing.read_event(self.secret, fields)
        except sealing.RefusedEvent as refused:
            self.refused += 1
            log.warning("a worker event was refused and skipped: %s", refused.reason)
            broker.record_rejected(self.client, "events", refused.reason)
            return
        self._apply(db, audit_id, kind, body)

    def _apply(self, db, audit_id, kind, body):
        """Write one event into the store; events of audits that are gone or ended are dropped."""
        try:
            audit = store.get_audit(db, audit_id)
            if audit is not None and audit["status"] in store.ACTIVE:
                if not apply_event(db, self.key, audit, kind, body):
                    return
        except store.AuditGone:
            pass  # deleted between the read and the write
        except Exception as error:
            # One bad event must not stop the others; a full store is reported as the embedded pool does.
            log.exception("an audit's event could not be kept: %s", type(error).__name__)
            record_failure(db, audit_id, error)
        # Gone or ended: no worker should run it (again).
        self.client.srem(broker.WANTED_KEY, audit_id)

    def _sweep(self, db):
        # Read the wanted set before the store: an audit is stored before it is made wanted,
        # so one that is wanted but not active here has really ended or been deleted.
        wanted = {member.decode() for member in self.client.smembers(broker.WANTED_KEY)}
        active = {row["id"]: row for row in store.active_audits(db)}
        gone = wanted - set(active)
        if gone:
            self.client.srem(broker.WANTED_KEY, *gone)
        for audit_id in self._orphans(active):
            log.warning("an audit's worker stopped; the audit is handed to another worker")
            self.client.delete(broker.RUN_KEY.format(audit_id))
            store.update_audit(db, audit_id, status="queued", stage="queued")
            wanted.discard(audit_id)  # sent below, with the audits the broker lost
        for audit_id in set(active) - wanted:
            audit = store.get_audit(db, audit_id)
            if audit is not None:
                if audit["status"] == "running":  # the broker lost it: it starts again from the queue
                    store.update_audit(db, audit_id, status="queued", stage="queued")
                self._send(audit)
        # Running with no news for longer than a delivery may be invisible: its delivery was
        # given back to the queue (and may wait behind many others) or was lost with its worker's
        # time limit. It is sent once more; whichever delivery starts first runs it, and the
        # attempts it costs are counted ("started"), so this ends.
        for audit_id in store.stalled_audits(db, self.visibility_s + 2 * RESTORE_EVERY_S):
            store.update_audit(db, audit_id, status="queued", stage="queued")
            self._send(store.get_audit(db, audit_id))

    def _orphans(self, active):
        """The running audits whose worker no longer renews their liveness key."""
        running = [audit_id for audit_id, row in active.items() if row["status"] == "running"]
        if not running:
            return []
        with self.client.pipeline(transaction=False) as pipe:
            for audit_id in running:
                pipe.exists(broker.ALIVE_KEY.format(audit_id))
            alive = pipe.execute()
        return [audit_id for audit_id, there in zip(running, alive) if not there]

    def _restore_lost(self):
        """Give the audits of dead workers back to the queue once their visibility timeout passed."""
        with self.app.connection_for_write() as connection:
            connection.default_channel.qos.restore_visible(num=100, interval=1)


def apply_event(db, key, audit, kind, body):
    """Write one worker event on an active audit into the store; True when the audit has ended."""
    if kind == "started":
        attempts = (audit["attempts"] or 0) + 1
        if attempts > MAX_ATTEMPTS:
            store.fail_audit(db, audit["id"], TOO_MANY_ATTEMPTS)
            return True
        store.update_audit(db, audit["id"], status="running", stage="crawling", attempts=attempts,
                           profiles_done=0, photos_found=0, photos_analyzed=0)
    elif kind == "progress":
        fields = {k: v for k, v in json.loads(body).items() if k in PROGRESS_FIELDS}
        if fields:
            store.update_audit(db, audit["id"], **fields)
    elif kind == "profile":
        fields = json.loads(body)
        store.update_profile(db, audit["id"], int(fields["position"]),
                             **{k: v for k, v in fields.items() if k in PROFILE_FIELDS})
    elif kind == "done":
        try:
            result, thumbnails = sealing.unseal(key, body)
        except CryptoError:
            store.fail_audit(db, audit["id"], UNREADABLE_RESULT)
            return True
        store.finish_audit(db, audit["id"], result, kept_thumbnails(thumbnails))
        return True
    elif kind == "failed":
        store.fail_audit(db, audit["id"], body.decode(errors="replace")[:500])
        return True
    return False


def kept_thumbnails(thumbnails):
    """The thumbnails of a result, each decoded by the safe decoder and re-drawn from its pixels, as
    the embedded pool draws them: whatever else a worker's JPEG carried (EXIF, a comment) is not kept."""
    kept = {}
    for photo_id, jpeg in thumbnails.items():
        if jpeg.startswith(JPEG) and len(jpeg) <= MAX_THUMBNAIL_BYTES:
            redrawn = redraw_jpeg(jpeg, THUMBNAIL_PX)
            if redrawn is not None:
                kept[photo_id] = redrawn
    return kept
