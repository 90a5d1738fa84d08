"""Accounts around me: photos of the reader that other people posted (a school's, a club's, a friend's).

An audit's profile has a role: "own" (the reader's, the default) or "others" (up to
MAX_OTHERS accounts the reader names). Others' accounts are crawled like the reader's
own, but only the reader's own face is looked for in them, and only with proof that
the face is theirs: the reference faces come from photos of an own profile that
carries the reader's code, of their own profile checked logged in through the
extension, or of their data export (`proven`), and within those from the person the
reader is taken to be ("Which one is you?"); the terminal's user may hand photos of
themselves instead (`--me`). Without proof no face in others' accounts is compared.

Every face found in another account is compared with the reference and, unless it is
the reader's, dropped there and then: it is never counted, kept, graded or shown, and
in the thumbnail of a photo of the reader every other face is pixelated before the
thumbnail exists. Encodings live in memory only.
"""
import hashlib
from datetime import datetime, timezone

from PIL import Image

from .analysis import boxes, decode, grade, identity, pool

OWN, OTHERS = "own", "others"
ROLES = (OWN, OTHERS)
MAX_OTHERS = 10
# Another person's face in a thumbnail of the reader's photo becomes blocks this many pixels
# across at most: nothing of it can be recognised or lifted.
PIXELATE_BLOCKS = 4
# Why no face was compared in the accounts around the reader (the report and the API say it in words).
NO_PROOF = "no_proof"
NO_READER = "no_reader"


def role(profile):
    return profile.get("role") or OWN


def named(profiles):
    """Whether the audit names any account around the reader."""
    return any(role(profile) == OTHERS for profile in profiles)


def proven(url, crawled, schemes):
    """Whether an own profile's photos are shown to be the reader's: its bio carried their code,
    or the photos came from the reader's own hands (an export, the logged-in own profile)."""
    return bool(crawled.get("code_found")) or url.startswith(schemes)


def picked_faces(earlier):
    """Where the reader's faces were in the audit where they last said who they are ("Which one is
    you?"): {"faces": [(image address, box)]}, or None when they never said. Addresses and boxes
    only: they find the same faces in this audit's photos of the same profiles."""
    if earlier is None or not earlier.get("reader"):
        return None
    choice = earlier["reader"]
    faces = [(photo["image_url"], face["box"]) for photo in (earlier["result"] or {}).get("photos", [])
             if photo.get("image_url") and str(photo.get("id")) not in choice.get("not_me", [])
             for face in photo.get("faces", []) if face.get("identity") in choice.get("identities", [])]
    return {"faces": faces}


def picked_ids(photos, picked):
    """The identity groups of this analysis that hold a face the reader picked earlier (the same
    photo address, the boxes overlapping by half); None when nothing of the earlier pick is here."""
    addresses = {address for address, _ in picked["faces"]}
    ids, seen = set(), False
    for photo in photos:
        if photo.get("image_url") not in addresses:
            continue
        seen = True
        for face in photo["faces"]:
            if face.get("identity") and any(address == photo["image_url"] and boxes.overlap(box, face["box"]) >= 0.5
                                            for address, box in picked["faces"]):
                ids.add(face["identity"])
    return ids if seen or not picked["faces"] else None


def reader_reference(photos, proven_keys, choose):
    """The encodings of the reader's faces in proven photos, taken from the analysis before its
    encodings are dropped. choose(photos) gives the identity ids the reader is: what they picked
    in "Which one is you?", else the report's guess."""
    mine = [photo for photo in photos if photo["key"] in proven_keys]
    ids = set(choose(mine)) if mine else set()
    return [face["encoding"] for photo in mine for face in photo["faces"]
            if face.get("identity") in ids and face.get("encoding") is not None]


def selfie_reference(photos):
    """The encoding of the largest face of each photo the terminal's user gave of themselves."""
    found = []
    for photo in photos:
        encoded = [face for face in photo["faces"] if face.get("encoding") is not None]
        if encoded:
            found.append(max(encoded, key=lambda face: face["quality"]["inter_eye_px"])["encoding"])
    return found


def is_reader(reference, encoding):
    """The face is the reader's: on average nearer their faces than identity.TOLERANCE, the limit
    calibrated for few false matches (THRESHOLDS.md)."""
    if encoding is None or not reference:
        return False
    return identity.closest_group(reference, [0] * len(reference), encoding) == 0


def check(images, reference, thumbnail_px, on_progress=None):
    """Look for the reader's face in others' photos: (photos of the reader, their thumbnails).

    images: [{"profile_url", "page_url", "image_url", "data" or "read"}]. Each photo is graded
    like the reader's own; each face is compared, then kept only if it is the reader's.
    """
    sources = [image.pop("data") if "data" in image else image["read"] for image in images]

    def read(index):
        source = sources[index]
        return source() if callable(source) else source

    results = pool.run(len(images), lambda index: (read(index), "all", None),
                       on_progress and (lambda done: on_progress(min(done, len(images)))),
                       precheck=decode.check_bytes)
    found, thumbnails = [], {}
    for index, (image, graded) in enumerate(zip(images, results)):
        faces = graded["faces"]
        yours = [face for face in faces if is_reader(reference, face.get("encoding"))]
        if not yours:
            continue  # nobody here is the reader: nothing of the photo is kept
        photo_id = f"around{len(found) + 1}"
        data = read(index)
        thumbnail = reader_thumbnail(data, faces, yours, thumbnail_px)
        if thumbnail:
            thumbnails[photo_id] = thumbnail
        body = any(face.get("body_visible") for face in yours)
        found.append({
            "id": photo_id, "profile_url": image["profile_url"], "page_url": image.get("page_url"),
            "image_url": image.get("image_url"), "width": graded["width"], "height": graded["height"],
            "risk": grade.with_body(grade.worst(face["risk"] for face in yours), body),
            "faces": [{key: face[key] for key in ("box", "risk", "reasons") if key in face} for face in yours],
            # For a record without the image (backend/report/record.py), should the photo be misused.
            "sha256": hashlib.sha256(data).hexdigest() if isinstance(data, (bytes, bytearray)) else None,
            "seen_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        })
    for face_list in (graded["faces"] for graded in results):
        face_list.clear()  # the encodings and boxes of everyone else go with the comparison
    sources.clear()
    return found, thumbnails


def reader_thumbnail(data, faces, yours, size):
    """The photo at `size` px with the reader's faces boxed and every other face pixelated, as a
    JPEG of pixels alone; None when it cannot be read again."""
    try:
        rgb = decode.decode_image(data)
    except decode.UnreadableImage:
        return None
    image = Image.fromarray(rgb)
    full_width = image.width
    scale = min(1.0, size / max(image.size))
    image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.LANCZOS)
    for face in faces:
        if not any(face is mine for mine in yours):
            _pixelate(image, face["box"], scale)
    from .analysis.worker import draw_boxes  # the same boxes as the reader's own thumbnails

    return draw_boxes(image, yours, full_width)


def _pixelate(image, box, scale):
    left, top, right, bottom = boxes.edges(box)
    margin = 0.25 * (bottom - top)
    area = tuple(round(v * scale) for v in (left - margin, top - margin, right + margin, bottom + margin))
    area = (max(0, area[0]), max(0, area[1]), min(image.width, area[2]), min(image.height, area[3]))
    if area[2] <= area[0] or area[3] <= area[1]:
        return
    region = image.crop(area)
    blocks = region.resize((PIXELATE_BLOCKS, PIXELATE_BLOCKS), Image.BILINEAR)
    image.paste(blocks.resize(region.size, Image.NEAREST), area[:2])


def no_faces_compared(images):
    """Others' photos when nothing proves which face is the reader's: counted, never opened."""
    for image in images:
        image.pop("data", None)
    return [], {}


def summary(found, compared, why):
    """What the result keeps about the accounts around the reader: the photos of the reader found,
    whether faces were compared at all, and why not when they were not."""
    return {"compared": compared, "why_not": None if compared else why, "photos": found}


def photos_of_you(around, url):
    """How many photos of an others profile show the reader; None when no face was compared."""
    if not around or not around.get("compared"):
        return None
    return sum(1 for photo in around["photos"] if photo["profile_url"] == url)


def me_reference(photos):
    """The reference from photos of the reader the terminal's user gave (bytes, in memory)."""
    if not photos:
        return []
    return selfie_reference(pool.run(len(photos), lambda index: (photos[index], "all", None),
                                     precheck=decode.check_bytes))
