"""A page's pictures as families, and one download per family.

A family is one picture under all its URLs (extract.family: a CDN's sizes, crops and formats);
each gets one verdict of whose picture it is. The owner's families are fetched, largest variant
first, and the same picture fetched twice (same bytes, or the same look: likeness.py) is kept once.
"""
import hashlib
import io
import time
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from . import extract, fetch, likeness, netguard, provenance
from .browser import USER_AGENT

def group_families(candidates, adapter):
    """Merge candidates that are one picture (same CDN family); rank each family's URLs, largest first.

    Each family gets one verdict (provenance.settle): whose picture it is.
    """
    entries, by_family = [], {}
    for candidate in candidates:
        keys = [extract.family(u) for u, _ in candidate["urls"]]
        entry = next((by_family[k] for k in keys if k in by_family), None)
        if entry is None:
            entry = {"urls": [], "page_url": candidate["page_url"], "verdicts": []}
            entries.append(entry)
        entry["verdicts"].append(candidate.get("verdict", (provenance.OWNER, 0, "")))
        for (url, declared), key in zip(candidate["urls"], keys):
            by_family[key] = entry
            if url not in [u for _, u in entry["urls"]]:
                entry["urls"].append((max(declared, extract.size_hint(url)), url))
    for entry in entries:
        ranked = [u for _, u in sorted(entry["urls"], key=lambda pair: -pair[0])]
        entry["urls"] = [bigger for u in ranked[:1] for bigger in adapter.larger(u)] + ranked
        entry["verdict"], entry["reason"] = provenance.settle(entry.pop("verdicts"))
    return entries


def count_left_out(families):
    """{"other_accounts": n, "site": m, "reasons": {reason: k}}: the pictures on the page that are not
    the owner's, and why each of another account's is there (provenance.REASONS)."""
    counts = {kind: sum(1 for entry in families if entry["verdict"] == kind) for kind in provenance.LEFT_OUT}
    reasons = {}
    for entry in families:
        if entry["verdict"] == provenance.OTHER:
            reason = entry.get("reason") or provenance.POSTS
            reasons[reason] = reasons.get(reason, 0) + 1
    return counts | {"reasons": reasons}


def collect_images(families, limits, deadline, on_progress=None, budget=None):
    """Fetch one image per family, largest variant first; drop tiny ones and duplicates.

    A duplicate is the same bytes, or the same picture at another size under a
    URL no CDN family knows (an API URL beside the CDN's): the largest copy is kept.
    With a fetch.Budget, downloads stop once the audit's images fill it.
    """
    images, hashes, looks = [], set(), []
    with ThreadPoolExecutor(max_workers=limits.fetch_workers) as pool:
        jobs = [pool.submit(_fetch_first, entry, limits, deadline, budget) for entry in families]
        for job in jobs:
            image = job.result()
            if image is None:
                continue
            digest = hashlib.sha256(image["data"]).hexdigest()
            if digest in hashes or len(images) >= limits.max_images:
                if budget is not None:
                    budget.give_back(len(image["data"]))
                continue
            hashes.add(digest)
            look = likeness.look(image)
            twin = next((i for i, seen in enumerate(looks) if likeness.same_picture(look, seen)), None)
            if twin is not None:
                dropped = image
                if image["width"] * image["height"] > images[twin]["width"] * images[twin]["height"]:
                    dropped, images[twin], looks[twin] = images[twin], image, look
                if budget is not None:
                    budget.give_back(len(dropped["data"]))
                continue
            images.append(image)
            looks.append(look)
            if on_progress:
                on_progress(len(images))
        for job in jobs:
            job.cancel()
    return images


def _fetch_first(entry, limits, deadline, budget=None):
    """The first URL of a family that gives a real photo, as a result image, or None."""
    for url in entry["urls"][:4]:
        if time.monotonic() >= deadline:
            return None
        try:
            got = fetch.fetch_image(url, limits.max_image_bytes, min(deadline, time.monotonic() + limits.image_timeout_s),
                                    limits.max_redirects, headers={"User-Agent": USER_AGENT, "Referer": entry["page_url"]},
                                    budget=budget)
        except (netguard.BlockedURL, fetch.FetchError):
            continue
        size = image_size(got["data"])
        if (size is None or min(size) < limits.min_image_side * 0.5 or max(size) < limits.min_image_side) and budget is not None:
            budget.give_back(len(got["data"]))
        if size is None:
            continue
        if min(size) < limits.min_image_side * 0.5 or max(size) < limits.min_image_side:
            return None
        return {"image_url": url, "page_url": entry["page_url"], "data": got["data"],
                "content_type": got["content_type"], "width": size[0], "height": size[1]}
    return None


def image_size(data):
    """(width, height) from an image header, or None when the bytes are no raster image Pillow knows."""
    _register_heif()
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:  # noqa: BLE001 - any undecodable header: not a photo we can use
        return None


def _register_heif():
    """Let Pillow read HEIC/HEIF headers (iPhone photos) when pillow-heif is installed."""
    if getattr(_register_heif, "done", False):
        return
    _register_heif.done = True
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()
