"""The audit pipeline: crawl each profile (crawler/), grade every photo (backend.analysis),
keep the result (backend.store), reporting progress as it goes.

The runners (backend/runners.py, backend/fleet/) call it; tips are chosen when the result is
read, in the reader's language.
"""
import contextlib
import json
import logging

from crawler import Crawler
from crawler.fetch import Budget

from . import around, copies, memory, store
from .analysis import analyze_images
from .audits import ALWAYS_PUBLIC_KINDS, EXPORT_SCHEME, OWN_SCHEME
from .config import AUDIT_IMAGE_BUDGET_BYTES, THUMBNAIL_PX
from .failures import record_failure
from .tokens import verification_code
from .export import ExportError, open_export

log = logging.getLogger(__name__)

def run_audit(db, audit_id, crawler_factory=None, analyze=None, export_path=None, handed=None, me=None,
              progress=None):
    """Run one audit to the end, writing progress and the result into the store; an audit deleted
    before it starts is left alone.

    export_path(audit_id) is where the audit's platform export (an "export:<platform>"
    profile) is; its photos are read from the ZIP one at a time during the analysis.
    handed: the photos the extension sent of an "own:<url>" profile (in memory only).
    me: photos of the reader from the terminal's user (`audit --me`), the reference for
    the accounts around them (backend.around).
    progress: where the progress goes (StoreProgress, the store, unless the caller also shows it).
    """
    crawler_factory = crawler_factory or Crawler
    analyze = analyze or analyze_images
    audit = store.get_audit(db, audit_id)
    if audit is None:  # deleted while queued
        return
    progress = progress or StoreProgress(db, audit_id)
    try:
        progress.update(status="running", stage="crawling", attempts=(audit["attempts"] or 0) + 1,
                        profiles_done=0, photos_found=0, photos_analyzed=0)
        with contextlib.ExitStack() as exports:
            local = LocalPhotos(export_path and export_path(audit_id), handed, exports)
            with LazyCrawler(crawler_factory) as crawler:  # closed before the analysis starts
                images = crawl_profiles(audit["profiles"], verification_code(audit["token_hash"]), crawler,
                                        progress, local)
            result, thumbnails = grade_images(images, analyze, progress, me=me,
                                              around_named=around.named(audit["profiles"]),
                                              picked=_picked(db, audit))
        store.finish_audit(db, audit_id, result, thumbnails)
    except store.AuditGone:
        log.info("an audit was deleted while it ran; its work was dropped")
    except Exception as error:  # any failure must end as "failed", never "running"
        log.exception("audit failed: %s", type(error).__name__)
        record_failure(db, audit_id, error)


class StoreProgress:
    """Progress written straight into the store, as the embedded pool does.

    The Celery workers (backend/fleet/tasks.py) report the same calls as events instead: they
    never open the store. The terminal's `audit` shows them as they are written
    (commands.ShownProgress).
    """

    def __init__(self, db, audit_id):
        self.db, self.audit_id = db, audit_id

    def update(self, **fields):
        store.update_audit(self.db, self.audit_id, **fields)

    def profile(self, position, **fields):
        store.update_profile(self.db, self.audit_id, position, **fields)


def crawl_profiles(profiles, code, crawler, progress, local=None):
    """Crawl each profile in turn; return the images found, the crawled ones within the audit's
    memory budget. `local` (LocalPhotos) gives the photos of the profiles that came with the
    audit instead of a crawl: an export's ZIP, the extension's own-profile photos."""
    # The budget is enforced while the images download (here, and in the fleet's workers).
    crawler.budget = Budget(AUDIT_IMAGE_BUDGET_BYTES)
    images, budget, found_before, public = [], AUDIT_IMAGE_BUDGET_BYTES, 0, set()
    for position, profile in enumerate(profiles):
        def on_found(photos_found, _base=found_before):
            progress.update(photos_found=_base + photos_found)

        role = around.role(profile)
        crawled = local.read(profile) if local and role == around.OWN else None
        if crawled is None:
            # Only the reader's own profiles can prove they are theirs.
            # The platform the API identified goes with the link: the crawler need not guess it again.
            crawled = crawler.crawl(profile["url"], on_progress=on_found, platform=profile["platform"],
                                    look_for=code if role == around.OWN else None)
            if crawled["status"] == "ok" and role == around.OWN:
                public.add(crawled.get("platform") or profile["platform"])
        proven = role == around.OWN and around.proven(profile["url"], crawled, (EXPORT_SCHEME, OWN_SCHEME))
        kept = []
        for image in crawled["images"]:
            if "data" in image and len(image["data"]) > budget:
                continue
            budget -= len(image.get("data", b""))
            kept.append({**image, "profile_url": profile["url"], "role": role, "proven": proven})
        images.extend(kept)
        found_before += len(kept)
        left_out = crawled.get("other_images_left_out") or {}
        progress.profile(position, status=crawled["status"], message=crawled["message"],
                         photos_found=len(kept), verified=bool(crawled.get("code_found")),
                         other_accounts_left_out=left_out.get("other_accounts", 0),
                         site_images_left_out=left_out.get("site", 0),
                         left_out_reasons=json.dumps(left_out.get("reasons") or {}, sort_keys=True),
                         platform=crawled.get("platform") or profile["platform"])
        progress.update(profiles_done=position + 1, photos_found=found_before)
        log.info("profile crawled: platform=%s status=%s photos=%d",
                 crawled.get("platform"), crawled["status"], len(kept))
    _public_where_crawled(images, profiles, public)
    return images


class LazyCrawler:
    """The crawler, opened (a browser started) the first time a web profile needs it: an audit
    of an export alone starts no browser."""

    def __init__(self, factory):
        self.factory, self._stack, self._crawler = factory, contextlib.ExitStack(), None

    budget = None  # handed on to the crawler (crawl_profiles sets it)

    def crawl(self, url, **options):
        if self._crawler is None:
            self._crawler = self._stack.enter_context(self.factory())
        self._crawler.budget = self.budget
        return self._crawler.crawl(url, **options)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)


class LocalPhotos:
    """The photos of the profiles that came with the audit rather than from a crawl: the
    export's ZIP at `export_zip` (kept open in `stack` until the analysis ends) and the
    extension's own-profile photos `handed` over in memory."""

    def __init__(self, export_zip, handed, stack):
        self.export_zip, self.handed, self.stack = export_zip, handed, stack

    def read(self, profile):
        """A crawl-shaped result for an "export:" or "own:" profile, else None."""
        if profile["url"].startswith(EXPORT_SCHEME):
            return self._export(profile["platform"])
        if profile["url"].startswith(OWN_SCHEME):
            if self.handed is None:
                return _lost(profile["platform"], "The photos from your profile were lost when the server "
                                                  "stopped; check again.")
            return {"status": "ok", "platform": profile["platform"], "images": self.handed, "message": None}
        return None

    def _export(self, platform):
        if self.export_zip is None or not self.export_zip.is_file():
            return _lost(platform, "The export was deleted when the server stopped; upload it again.")
        try:
            export = self.stack.enter_context(open_export(self.export_zip))
        except ExportError as error:
            return _lost(platform, error.message)
        images = [{"read": (lambda photo=photo: export.read(photo)), "page_url": None, "image_url": None,
                   "kind": photo.kind, "taken_at": photo.taken_at, "archived": photo.archived,
                   "visibility": "public" if photo.kind in ALWAYS_PUBLIC_KINDS else "followers"}
                  for photo in export.photos]
        return {"status": "ok", "platform": export.platform, "images": images, "message": export_message(export)}


def export_message(export):
    """What the report says of an export beyond its photos: pictures its index files name that
    could not be read (never left unsaid), or that it holds none at all."""
    if export.unread:
        return (f"{export.unread:,} picture{'s' if export.unread != 1 else ''} this export lists could not be "
                "read: part of its layout is new to Exposure Check. The other photos were checked.")
    return None if export.photos else "The export holds no photos."


def _lost(platform, message):
    return {"status": "error", "platform": platform, "images": [], "message": message}


def _public_where_crawled(images, profiles, public):
    """An export's photos are public when a stranger could open a profile on the same platform
    in this audit (a crawl that ended "ok", its platforms in `public`): a public account
    shows every post."""
    exported = {p["url"]: p["platform"] for p in profiles if p["url"].startswith(EXPORT_SCHEME)}
    for image in images:
        if exported.get(image["profile_url"]) in public:
            image["visibility"] = "public"


def release_memory():
    """Hand the memory of an audit's images back to the system once the audit is over.

    Freed Python objects go back to glibc's heap, which keeps them: an idle server stayed
    at 1.5 GB after one large audit. malloc_trim returns the free pages to the kernel.
    """
    memory.trim()


def grade_images(images, analyze, progress, me=None, around_named=False, picked=None):
    """Grade the crawled images; return the result and the thumbnails (build_result).

    The photos of others' accounts (role "others") are not graded with the reader's own: the
    reader's face is looked for in them (backend.around), and nothing else of them is kept.
    around_named: the audit names accounts around the reader (then the result says what was found
    there even when they showed no photo). picked: where the reader's faces were when they last
    said who they are (around.picked_faces), else the report's guess is taken.
    """
    # One picture on several of the reader's profiles is one photo (backend/copies.py); the count
    # found is said again so that the analysis's progress can reach it.
    own = copies.one_per_picture([image for image in images if around.role(image) == around.OWN])
    others = [image for image in images if around.role(image) == around.OTHERS]
    progress.update(stage="analyzing", photos_found=len(own) + len(others))
    reference, options = [], {}
    proven_keys = {str(i) for i, image in enumerate(own) if image.get("proven")}
    if others and me is None and proven_keys:
        options["keep"] = lambda photos, identities: reference.extend(around.reader_reference(
            [photo | {key: own[int(photo["key"])].get(key) for key in ("kind", "image_url")} for photo in photos],
            proven_keys,
            lambda mine: _reader_ids(mine, identities, picked)))
    # The bytes move to the analysis (a generator: no list here holds them too), which lets each
    # photo go once it is graded instead of holding all of them (up to the budget) to the end.
    analysis = analyze(
        ((str(i), image.pop("data") if "data" in image else image["read"]) for i, image in enumerate(own)),
        thumbnail_size=THUMBNAIL_PX,
        on_progress=lambda done, total: progress.update(photos_analyzed=done), **options)
    result, thumbnails = build_result(own, analysis)
    if others or around_named:
        if me is not None:
            reference = around.me_reference(me)
        result["around"], found_thumbnails = check_around(others, reference, own, me is not None, progress)
        thumbnails |= found_thumbnails
    return result, thumbnails


def _picked(db, audit):
    """Where the reader's faces were when they last said who they are, in an audit of their own profiles."""
    if not around.named(audit["profiles"]):
        return None
    own = [p["url"] for p in audit["profiles"] if around.role(p) == around.OWN]
    return around.picked_faces(store.latest_reader_choice(db, audit["token_hash"], own))


def _reader_ids(photos, identities, picked=None):
    """The groups that are the reader among these photos: those they picked in "Which one is you?"
    when the same photos were checked before, else the report's guess."""
    from .report import reader_choice  # the report's one rule for who the reader is

    chosen = around.picked_ids(photos, picked) if picked is not None else None
    if chosen is not None:
        return sorted(chosen)

    return reader_choice({"photos": [photo | {"id": photo["key"]} for photo in photos],
                          "identities": identities})["identities"]


def check_around(others, reference, own, by_me, progress):
    """The reader's photos in others' accounts: compared only with a reference that is proven theirs."""
    if reference:
        done_before = len(own)
        found, thumbnails = around.check(others, reference, THUMBNAIL_PX,
                                         lambda done: progress.update(photos_analyzed=done_before + done))
        return around.summary(found, True, None), thumbnails
    proof = by_me or any(image.get("proven") for image in own)
    around.no_faces_compared(others)
    return around.summary([], False, around.NO_READER if proof else around.NO_PROOF), {}


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
            **{key: image[key] for key in ("kind", "taken_at", "archived", "also_on") if key in image},
            # Downloaded as a stranger gets it: a site that keeps GPS shows here.
            "body_visible": graded.get("body_visible"), "metadata": graded.get("metadata"),
        })
    result = {"photos": photos, "identities": analysis["identities"], "summary": analysis["summary"]}
    return result, thumbnails
