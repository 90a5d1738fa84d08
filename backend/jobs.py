"""The job runner: audits run in the background on a bounded pool, progress written as they go.

An audit is: crawl each profile (crawler/), grade every photo (backend.analysis),
keep the result (backend.store). Tips are chosen when the result is read, in the
reader's language.
"""
import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from sqlite_utils.db import NotFoundError

from crawler import Crawler

from . import store
from .analysis import analyze_images
from .auth import verification_code

log = logging.getLogger(__name__)

THUMBNAIL_PX = 160
# The stages an audit goes through, in order (served by /api/v1/limits for the extension).
STAGES = ("queued", "crawling", "analyzing", "done", "failed")
# Original images live only in memory for one audit; this bounds that memory.
AUDIT_IMAGE_BUDGET_BYTES = 400 * 1024 * 1024
# An audit that was running when the server died twice is not tried a third time:
# it may be what killed the server.
MAX_ATTEMPTS = 2
# Audits that failed when the store could not even record the failure (a full disk), by id:
# polls answer from here, so no audit stays "running" until the next restart.
unsaved_failures = {}
MAX_UNSAVED = 10_000


def run_audit(db, audit_id, crawler_factory=None, analyze=None):
    """Run one audit to the end, writing progress and the result into the store."""
    crawler_factory = crawler_factory or Crawler
    analyze = analyze or analyze_images
    audit = store.get_audit(db, audit_id)
    progress = StoreProgress(db, audit_id)
    try:
        store.update_audit(db, audit_id, status="running", stage="crawling",
                           attempts=(audit["attempts"] or 0) + 1, profiles_done=0,
                           photos_found=0, photos_analyzed=0)
        with crawler_factory() as crawler:
            images = crawl_profiles(audit["profiles"], verification_code(audit["token_hash"]), crawler, progress)
        result, thumbnails = grade_images(images, analyze, progress)
        store.finish_audit(db, audit_id, result, thumbnails)
    except NotFoundError:
        log.info("an audit was deleted while it ran; its work was dropped")
    except Exception as error:  # noqa: BLE001 - any failure must end as "failed", never "running"
        log.exception("audit failed: %s", type(error).__name__)
        record_failure(db, audit_id, error)


def record_failure(db, audit_id, error):
    """Mark the audit failed for `error`; in memory when even that cannot be stored (a full disk)."""
    reason = failure_reason(error)
    try:
        store.fail_audit(db, audit_id, reason)
    except NotFoundError:
        pass
    except sqlite3.Error as unsaved:
        log.error("the failure of an audit could not be saved either (%s); kept in memory", unsaved)
        if len(unsaved_failures) < MAX_UNSAVED:
            unsaved_failures[audit_id] = reason


def failure_reason(error):
    """The plain words an audit's failure is reported in."""
    if isinstance(error, sqlite3.OperationalError) and "full" in str(error):
        return "The server's storage is full, so the result could not be kept. Try again once space is freed."
    return f"The audit stopped on an internal error ({type(error).__name__})."


def with_unsaved_failure(audit):
    """The audit as stored, or failed when its failure could only be kept in memory."""
    reason = unsaved_failures.get(audit["id"])
    if reason is None or audit["status"] not in store.ACTIVE:
        return audit
    return audit | {"status": "failed", "stage": "failed", "error": reason}


class StoreProgress:
    """Progress written straight into the store, as the embedded pool does.

    The Celery workers (backend/fleet) report the same calls as events instead:
    they never open the store.
    """

    def __init__(self, db, audit_id):
        self.db, self.audit_id = db, audit_id

    def update(self, **fields):
        store.update_audit(self.db, self.audit_id, **fields)

    def profile(self, position, **fields):
        store.update_profile(self.db, self.audit_id, position, **fields)


def crawl_profiles(profiles, code, crawler, progress):
    """Crawl each profile in turn; return the images found, within the audit's memory budget."""
    images, budget, found_before = [], AUDIT_IMAGE_BUDGET_BYTES, 0
    for position, profile in enumerate(profiles):
        def on_found(photos_found, _base=found_before):
            progress.update(photos_found=_base + photos_found)

        crawled = crawler.crawl(profile["url"], on_progress=on_found, look_for=code)
        kept = []
        for image in crawled["images"]:
            if len(image["data"]) > budget:
                continue
            budget -= len(image["data"])
            kept.append({**image, "profile_url": profile["url"]})
        images.extend(kept)
        found_before += len(kept)
        left_out = crawled.get("other_images_left_out") or {}
        progress.profile(position, status=crawled["status"], message=crawled["message"],
                         photos_found=len(kept), verified=bool(crawled.get("code_found")),
                         other_accounts_left_out=left_out.get("other_accounts", 0),
                         site_images_left_out=left_out.get("site", 0),
                         platform=crawled.get("platform") or profile["platform"])
        progress.update(profiles_done=position + 1, photos_found=found_before)
        log.info("profile crawled: platform=%s status=%s photos=%d",
                 crawled.get("platform"), crawled["status"], len(kept))
    return images


def grade_images(images, analyze, progress):
    """Grade the crawled images; return the result and the thumbnails (build_result)."""
    progress.update(stage="analyzing")
    analysis = analyze(
        [(str(i), image["data"]) for i, image in enumerate(images)],
        thumbnail_size=THUMBNAIL_PX,
        on_progress=lambda done, total: progress.update(photos_analyzed=done))
    return build_result(images, analysis)


def build_result(images, analysis):
    """Join what the crawler saw with what the analysis found; split off the thumbnails."""
    photos, thumbnails = [], {}
    for image, graded in zip(images, analysis["photos"]):
        photo_id = f"ph{len(photos) + 1}"
        if graded.get("thumbnail"):
            thumbnails[photo_id] = graded["thumbnail"]
        photos.append({
            "id": photo_id, "profile_url": image["profile_url"], "page_url": image["page_url"],
            "image_url": image["image_url"], "width": graded["width"] or image.get("width"),
            "height": graded["height"] or image.get("height"), "risk": graded["risk"],
            "skipped": graded["skipped"], "faces": graded["faces"],
            # Downloaded as a stranger gets it: a site that keeps GPS shows here.
            "body_visible": graded.get("body_visible"), "metadata": graded.get("metadata"),
        })
    result = {"photos": photos, "identities": analysis["identities"], "summary": analysis["summary"]}
    return result, thumbnails


def make_runner(config, open_db):
    """The audit runner a server starts with: the embedded pool, or with a broker URL
    (EXPOSURE_BROKER_URL) the Celery workers of backend/fleet."""
    if config.get("BROKER_URL"):
        from .fleet.host import FleetRunner  # Celery and Redis only where a broker is asked for

        return FleetRunner(open_db, config)
    return JobRunner(open_db, workers=config["AUDIT_WORKERS"], crawler_factory=config.get("CRAWLER_FACTORY"),
                     analyze=config.get("ANALYZE"))


class JobRunner:
    """A bounded pool of audit threads; `open_db()` gives each its own store connection."""

    def __init__(self, open_db, workers=2, crawler_factory=None, analyze=None):
        self.open_db = open_db
        self.crawler_factory, self.analyze = crawler_factory, analyze
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="audit")

    def submit(self, audit_id):
        """Queue an audit; it starts when a worker is free."""
        return self._pool.submit(self._run, audit_id)

    def _run(self, audit_id):
        db = self.open_db()
        try:
            if store.get_audit(db, audit_id) is not None:  # deleted while queued
                run_audit(db, audit_id, self.crawler_factory, self.analyze)
        finally:
            db.conn.close()

    def resume_interrupted(self):
        """After a restart: requeue audits left queued or running, or fail those tried too often."""
        db = self.open_db()
        try:
            for audit in store.active_audits(db):
                if (audit["attempts"] or 0) >= MAX_ATTEMPTS:
                    store.fail_audit(db, audit["id"],
                                     "The server stopped during this audit more than once; it was not retried.")
                    continue
                store.update_audit(db, audit["id"], status="queued", stage="queued")
                self.submit(audit["id"])
        finally:
            db.conn.close()

    def shutdown(self, wait=False):
        """Stop the pool; without `wait`, queued audits stay queued in the store for the next start."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
