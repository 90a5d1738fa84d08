"""One picture on several profiles of one audit counts once.

A student who uses one avatar on Instagram and on X has one photo out there, not two: the
report, its counts and its first steps take it once, shown under one profile and saying on
which others it also is (`also_on`, their profile links). Copies are found the way the crawler
finds them on one profile (crawler/likeness.py): the same bytes, or the same look (a resized,
recompressed or re-encoded copy). Each image is opened by the safe decoder at a small size;
the looks live in this call's memory only and are never stored. Two copies on one profile stay
two: the crawler already keeps a page's copies once, and an export may hold a photo twice.
"""
import hashlib

from crawler import likeness

from .analysis.decode import UnreadableImage, open_working_image

LOOK_PIXELS = 128 * 128  # decoded at about this size: a difference hash reads 9x8 pixels


def one_per_picture(images):
    """The images with each picture once across profiles, in the order first seen.

    images: [{"profile_url", "data" or "read", "width"?, "height"?, "visibility"?, "proven"?}].
    The largest copy stays; it gets `also_on` (the other copies' profile links, in order), the
    most open visibility of its copies and `proven` if any copy's profile is proven. A dropped
    copy's bytes are let go at once.
    """
    if len({image["profile_url"] for image in images}) < 2:
        return images  # one profile: nothing to compare, nothing decoded or read twice
    kept, seen = [], []  # seen[i]: the look, bytes digest and pixels of kept[i]
    # Indices of kept by the profile each is shown under: an image is compared with the other
    # profiles' pictures only, so an export of thousands beside a profile of fifty costs
    # thousands times fifty comparisons, not thousands squared.
    shown_under = {}
    for image in images:
        look = _look(image)
        url = image["profile_url"]
        twin = next((i for other_url, indices in shown_under.items() if other_url != url for i in indices
                     if url not in _profiles(kept[i]) and _same(look, seen[i])), None)
        if twin is None:
            shown_under.setdefault(url, []).append(len(kept))
            kept.append(image)
            seen.append(look)
            continue
        before = kept[twin]["profile_url"]
        kept[twin], seen[twin] = _merged(kept[twin], seen[twin], image, look)
        if kept[twin]["profile_url"] != before:  # the larger copy, now shown, is the new one's
            shown_under[before].remove(twin)
            shown_under.setdefault(kept[twin]["profile_url"], []).append(twin)
    return kept


def _merged(first, first_look, second, second_look):
    """One image for two copies of a picture: the larger one, naming the other's profiles."""
    keep, keep_look, drop = first, first_look, second
    if second_look["pixels"] > first_look["pixels"]:
        keep, keep_look, drop = second, second_look, first
    profiles = [url for url in _profiles(first) + _profiles(second) if url != keep["profile_url"]]
    merged = {**keep, "also_on": list(dict.fromkeys(profiles)),
              "proven": bool(first.get("proven") or second.get("proven"))}
    if "public" in (first.get("visibility", "public"), second.get("visibility", "public")):
        merged["visibility"] = "public"  # anyone sees it on one of the profiles
    drop.pop("data", None)
    return merged, keep_look


def _profiles(image):
    return [image["profile_url"], *image.get("also_on", ())]


def _same(a, b):
    return (a["digest"] is not None and a["digest"] == b["digest"]) or likeness.same_picture(a["look"], b["look"])


def _look(image):
    """{"digest", "look", "pixels"} of an image; nothing (None) where its bytes cannot be read."""
    data = image.get("data")
    if data is None and callable(image.get("read")):
        data = image["read"]()  # an export's photo, read again by the analysis
    width, height = image.get("width") or 0, image.get("height") or 0
    if not data:
        return {"digest": None, "look": None, "pixels": width * height}
    digest, look = hashlib.sha256(data).digest(), None
    try:
        picture, _, (width, height) = open_working_image(data, LOOK_PIXELS)
        look = likeness.look_of(picture, width, height)
    except UnreadableImage:
        pass  # compared by its bytes only
    return {"digest": digest, "look": look, "pixels": width * height}
