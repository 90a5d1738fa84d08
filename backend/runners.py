"""The audit runners: who runs a queued audit, and where.

Every runner answers the same verbs, so a route never asks which one it has:

    submit(audit_id)          run the stored audit when a slot is free (returns at once)
    hand(audit_id, images)    hold photos that came with the audit in memory until it runs;
                              False when they do not fit (the caller says "busy")
    drop(audit_id)            give back what was handed for an audit that will not run
    local_photos              True when audits may bring photos of this machine (an export on
                              its disk, the extension's photos in its memory)
    resume_interrupted()      after a start: run again what was queued or running
    shutdown(wait=False)      stop; queued audits stay queued in the store

- JobRunner (here): a bounded pool of threads in the server, each running backend.jobs'
  pipeline on its own store connection.
- FleetRunner (backend/fleet/host.py): with EXPOSURE_BROKER_URL, audits go to Celery workers
  over Redis; it lives with the fleet so Celery and Redis load only where a broker is asked for.
- InlineRunner (here): the terminal's `audit`, run at once on the caller's thread and store.

make_runner picks one from the configuration.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

from crawler.fetch import Budget

from . import store
from .config import MAX_ATTEMPTS
from .export import uploads
from .failures import CRASHED_TWICE
from .jobs import release_memory, run_audit

# The photos the extension hands over (own-profile checks) wait in memory for a free audit worker:
# all of them together, waiting or running, are held to this (a full post is 16 MB at most).
HANDED_BUDGET_BYTES = 128 * 1024 * 1024
VERBS = ("submit", "hand", "drop", "resume_interrupted", "shutdown")


def make_runner(config, open_db):
    """The audit runner a server starts with: the embedded pool, or with a broker URL
    (EXPOSURE_BROKER_URL) the Celery workers of backend/fleet."""
    if config.get("BROKER_URL"):
        from .fleet.host import FleetRunner  # Celery and Redis only where a broker is asked for

        return FleetRunner(open_db, config)
    return JobRunner(open_db, workers=config["AUDIT_WORKERS"], crawler_factory=config.get("CRAWLER_FACTORY"),
                     analyze=config.get("ANALYZE"), data_dir=config.get("DATA_DIR"),
                     handed_budget=config.get("HANDED_BUDGET_BYTES", HANDED_BUDGET_BYTES))


def handed_bytes(images):
    """The bytes of the handed-over photos of an audit."""
    return sum(len(image.get("data", b"")) for image in images or ())


class JobRunner:
    """A bounded pool of audit threads; `open_db()` gives each its own store connection."""

    local_photos = True

    def __init__(self, open_db, workers=2, crawler_factory=None, analyze=None, data_dir=None,
                 handed_budget=HANDED_BUDGET_BYTES):
        self.open_db = open_db
        self.crawler_factory, self.analyze = crawler_factory, analyze
        self.data_dir = data_dir  # where uploaded exports wait (backend.export.uploads)
        self.handed = Budget(handed_budget)  # the bytes handed photos hold, waiting or running
        self._waiting, self._lock = {}, threading.Lock()  # audit id -> photos handed, not yet running
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="audit")

    def hand(self, audit_id, images):
        """Hold the photos of `audit_id` (the extension's own-profile check) in memory until it runs,
        never written down; False when all handed photos together would pass the budget."""
        if not self.handed.take(handed_bytes(images)):
            return False
        with self._lock:
            self._waiting[audit_id] = images
        return True

    def drop(self, audit_id):
        with self._lock:
            images = self._waiting.pop(audit_id, None)
        self.handed.give_back(handed_bytes(images))

    def submit(self, audit_id):
        """Queue an audit; it starts when a worker is free, with the photos handed for it."""
        with self._lock:
            images = self._waiting.pop(audit_id, None)
        return self._pool.submit(self._run, audit_id, images)

    def _run(self, audit_id, images):
        try:
            self._run_audit(audit_id, images)
        finally:
            self.handed.give_back(handed_bytes(images))

    def _run_audit(self, audit_id, images):
        db = self.open_db()
        try:
            run_audit(db, audit_id, self.crawler_factory, self.analyze,
                      export_path=self.data_dir and (lambda a: uploads.export_path(self.data_dir, a)),
                      handed=images)
        finally:
            store.close(db)
            if self.data_dir:  # the uploaded export is kept no longer than its audit
                uploads.discard(self.data_dir, audit_id)
            release_memory()

    def resume_interrupted(self):
        """After a restart: requeue audits left queued or running, or fail those tried too often."""
        db = self.open_db()
        try:
            for audit in store.active_audits(db):
                if (audit["attempts"] or 0) >= MAX_ATTEMPTS:
                    store.fail_audit(db, audit["id"], CRASHED_TWICE)
                    continue
                store.update_audit(db, audit["id"], status="queued", stage="queued")
                self.submit(audit["id"])
        finally:
            store.close(db)

    def shutdown(self, wait=False):
        """Stop the pool; without `wait`, queued audits stay queued in the store for the next start."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


class InlineRunner:
    """Runs each audit at once, on the caller's thread and store: the terminal's `audit`, which
    waits for it anyway. `options` go to jobs.run_audit (progress, export_path, me)."""

    local_photos = True

    def __init__(self, db, **options):
        self.db, self.options, self._waiting = db, options, {}

    def hand(self, audit_id, images):
        self._waiting[audit_id] = images
        return True

    def drop(self, audit_id):
        self._waiting.pop(audit_id, None)

    def submit(self, audit_id):
        run_audit(self.db, audit_id, handed=self._waiting.pop(audit_id, None), **self.options)

    def resume_interrupted(self):
        pass  # nothing outlives the command

    def shutdown(self, wait=False):
        pass
