"""The job runner: audits run in the background on a bounded pool, progress written as they go.

An audit is: crawl each profile (crawler/), grade every photo (backend.analysis),
keep the result (backend.store). Tips are chosen when the result is read, in the
reader's language.
"""
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor

from sqlite_utils.db import NotFoundError

from crawler import Crawler

from . import store
from .analysis import analyze_images
from .auth import verification_code
from .export import ExportError, open_export, uploads

EXPORT_SCHEME = "export:"
# The user's own profile as they see it logged in: its photos come from the extension.
OWN_SCHEME = "own:"
# What anyone can see, whatever the account's privacy: the platforms keep profile and
# cover photos public (PLATFORMS.md). Everything else in an export is seen by followers.
ALWAYS_PUBLIC_KINDS = ("profile_photo", "cover_photo")

log = logging.getLogger(__name__)

THUMBNAIL_PX = 160
# Original images live only in memory for one audit; this bounds that memory.
AUDIT_IMAGE_BUDGET_BYTES = 400 * 1024 * 1024
# An audit that was running when the server died twice is not tried a third time:
# it may be what killed the server.
MAX_ATTEMPTS = 2


def run_audit(db, audit_id, crawler_factory=None, analyze=None, export_path=None, handed=None):
    """Run one audit to the end, writing progress and the result into the store.

    export_path(audit_id) is where the audit's platform export (an "export:<platform>"
    profile) is; its photos are read from the ZIP one at a time during the analysis.
    handed: the photos the extension sent of an "own:<url>" profile (in memory only).
    """
    crawler_factory = crawler_factory or Crawler
    analyze = analyze or analyze_images
    audit = store.get_audit(db, audit_id)
    try:
        store.update_audit(db, audit_id, status="running", stage="crawling",
                           attempts=(audit["attempts"] or 0) + 1, profiles_done=0,
                           photos_found=0, photos_analyzed=0)
        with contextlib.ExitStack() as exports:
            with contextlib.ExitStack() as browser:  # closed before the analysis starts
                images = _crawl_profiles(db, audit, _opened_once(browser, crawler_factory), exports,
                                         export_path and export_path(audit_id), handed)
            store.update_audit(db, audit_id, stage="analyzing")
            analysis = analyze(
                [(str(i), image["data"] if "data" in image else image["read"]) for i, image in enumerate(images)],
                thumbnail_size=THUMBNAIL_PX,
                on_progress=lambda done, total: store.update_audit(db, audit_id, photos_analyzed=done))
        result, thumbnails = build_result(images, analysis)
        store.finish_audit(db, audit_id, result, thumbnails)
    except NotFoundError:
        log.info("an audit was deleted while it ran; its work was dropped")
    except Exception as error:  # noqa: BLE001 - any failure must end as "failed", never "running"
        log.exception("audit failed: %s", type(error).__name__)
        try:
            store.fail_audit(db, audit_id, f"The audit stopped on an internal error ({type(error).__name__}).")
        except NotFoundError:
            pass


def _opened_once(stack, factory):
    """A getter that opens the crawler (a browser) the first time a web profile needs it:
    an audit of an export alone starts no browser."""
    opened = []

    def crawler():
        if not opened:
            opened.append(stack.enter_context(factory()))
        return opened[0]
    return crawler


def _crawl_profiles(db, audit, crawler, stack, export_zip=None, handed=None):
    """Crawl each profile in turn (or read the export); return the images found, the crawled
    ones within the audit's memory budget."""
    images, budget, found_before, public = [], AUDIT_IMAGE_BUDGET_BYTES, 0, set()
    code = verification_code(audit["token_hash"])
    for position, profile in enumerate(audit["profiles"]):
        def progress(photos_found, _base=found_before):
            store.update_audit(db, audit["id"], photos_found=_base + photos_found)

        if profile["url"].startswith(EXPORT_SCHEME):
            crawled = _read_export(export_zip, profile, stack)
        elif profile["url"].startswith(OWN_SCHEME):
            crawled = {"status": "ok", "platform": profile["platform"], "images": handed, "message": None} \
                if handed is not None else {
                    "status": "error", "platform": profile["platform"], "images": [],
                    "message": "The photos from your profile were lost when the server stopped; check again."}
        else:
            crawled = crawler().crawl(profile["url"], on_progress=progress, look_for=code)
            if crawled["status"] == "ok":
                public.add(crawled.get("platform") or profile["platform"])
        kept = []
        for image in crawled["images"]:
            if "data" in image and len(image["data"]) > budget:
                continue
            budget -= len(image.get("data", b""))
            kept.append({**image, "profile_url": profile["url"]})
        images.extend(kept)
        found_before += len(kept)
        store.update_profile(db, audit["id"], position, status=crawled["status"],
                             message=crawled["message"], photos_found=len(kept),
                             verified=bool(crawled.get("code_found")),
                             platform=crawled.get("platform") or profile["platform"])
        store.update_audit(db, audit["id"], profiles_done=position + 1, photos_found=found_before)
        log.info("profile crawled: platform=%s status=%s photos=%d",
                 crawled.get("platform"), crawled["status"], len(kept))
    _public_where_crawled(images, audit["profiles"], public)
    return images


def _read_export(path, profile, stack):
    """The photos of the audit's export as images read on demand, like a crawl's result."""
    platform = profile["platform"]
    if path is None or not path.is_file():
        return {"status": "error", "platform": platform, "images": [],
                "message": "The export was deleted when the server stopped; upload it again."}
    try:
        export = stack.enter_context(open_export(path))
    except ExportError as error:
        return {"status": "error", "platform": platform, "images": [], "message": error.message}
    images = [{"read": (lambda photo=photo: export.read(photo)), "page_url": None, "image_url": None,
               "kind": photo.kind, "taken_at": photo.taken_at, "archived": photo.archived,
               "visibility": "public" if photo.kind in ALWAYS_PUBLIC_KINDS else "followers"}
              for photo in export.photos]
    return {"status": "ok", "platform": export.platform, "images": images,
            "message": None if images else "The export holds no photos."}


def _public_where_crawled(images, profiles, public):
    """An export's photos are public when a stranger could open a profile on the same platform
    in this audit (a crawl that ended "ok", its platforms in `public`): a public account
    shows every post."""
    exported = {p["url"]: p["platform"] for p in profiles if p["url"].startswith(EXPORT_SCHEME)}
    for image in images:
        if exported.get(image["profile_url"]) in public:
            image["visibility"] = "public"


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
            "visibility": image.get("visibility", "public"),
            **{key: image[key] for key in ("kind", "taken_at", "archived") if key in image},
        })
    result = {"photos": photos, "identities": analysis["identities"], "summary": analysis["summary"]}
    return result, thumbnails


class JobRunner:
    """A bounded pool of audit threads; `open_db()` gives each its own store connection."""

    def __init__(self, open_db, workers=2, crawler_factory=None, analyze=None, data_dir=None):
        self.open_db = open_db
        self.crawler_factory, self.analyze = crawler_factory, analyze
        self.data_dir = data_dir  # where uploaded exports wait (backend.export.uploads)
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="audit")

    def submit(self, audit_id, images=None):
        """Queue an audit; it starts when a worker is free. `images`: photos handed over in
        memory (the extension's own-profile check), never written down."""
        return self._pool.submit(self._run, audit_id, images)

    def _run(self, audit_id, images=None):
        db = self.open_db()
        try:
            if store.get_audit(db, audit_id) is not None:  # deleted while queued
                run_audit(db, audit_id, self.crawler_factory, self.analyze,
                          export_path=self.data_dir and (lambda a: uploads.export_path(self.data_dir, a)),
                          handed=images)
        finally:
            db.conn.close()
            if self.data_dir:  # the uploaded export is kept no longer than its audit
                uploads.discard(self.data_dir, audit_id)

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
