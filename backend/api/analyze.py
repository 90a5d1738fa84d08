"""POST /api/v1/analyze: one uploaded photo → its faces and grade; nothing is kept."""
import threading
import time

from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..analysis import analyze_images
from ..auth import token_required
from ..errors import ApiError
from ..report.document import localised_faces, localised_metadata
from .audits import request_language

bp = Blueprint("analyze", __name__, url_prefix="/api/v1")

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
# Photos analysed at once, and uploads that may wait for them: each holds up to 15 MB, and
# 8 uploads at once took 2 GB and slowed every other request to 5.7 s. Past that: 503, retry.
AT_ONCE = 2
WAITING = 4
WAIT_S = 120
_admitted = threading.BoundedSemaphore(AT_ONCE + WAITING)
_running = threading.BoundedSemaphore(AT_ONCE)
_recent_lock = threading.Lock()


@bp.post("/analyze")
@token_required
def analyze():
    count_analyses(g.token_hash)
    data = _uploaded_image()
    with _Queued():
        photo = analyze_images([("upload", data)])["photos"][0]
    if photo["skipped"]:
        raise ApiError(422, "unreadable_image", f"That photo could not be read: {photo['skipped']}.", "image")
    lang = request_language()
    faces = [{k: v for k, v in face.items() if k != "identity"}
             for face in localised_faces(photo["faces"], lang)]
    return jsonify({"width": photo["width"], "height": photo["height"], "risk": photo["risk"],
                    "skipped": None, "faces": faces, "body_visible": photo["body_visible"],
                    "metadata": localised_metadata(photo["metadata"], lang)})


def _uploaded_image():
    try:
        upload = request.files.get("image")
    except RequestEntityTooLarge:
        # Werkzeug raises the same error for a body over the cap and for a form of more than
        # MAX_FORM_PARTS parts: only the size tells them apart.
        if (request.content_length or 0) <= current_app.config["MAX_CONTENT_LENGTH"]:
            raise ApiError(413, "too_many_parts", f"The form has more than {request.max_form_parts} parts: "
                           'send only the photo, in a field named "image".', "image") from None
        raise ApiError(413, "body_too_large", "The photo is larger than 15 MB.", "image") from None
    if upload is None:
        raise ApiError(422, "missing_image", 'Send the photo as a multipart form field named "image".', "image")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "body_too_large", "The photo is larger than 15 MB.", "image")
    if not data:
        raise ApiError(422, "unreadable_image", "That photo is empty (0 bytes).", "image")
    return data


class _Queued:
    """A place among the photos analysed or waiting, or a 503 when the small queue is full."""

    def __enter__(self):
        if not _admitted.acquire(blocking=False):
            raise ApiError(503, "busy", f"The server is analysing {AT_ONCE + WAITING} photos already: "
                           "try again in a minute.")
        if not _running.acquire(timeout=WAIT_S):
            _admitted.release()
            raise ApiError(503, "busy", "The server is too busy to analyse this photo now: try again in a minute.")
        return self

    def __exit__(self, *exc):
        _running.release()
        _admitted.release()


def count_analyses(token_hash, photos=1):
    """Count `photos` graded for the token, or refuse (429) past ANALYSES_PER_HOUR in the last hour:
    /analyze's photos and those of an own-profile check alike (kept in memory: nothing is stored)."""
    per_hour = current_app.config["ANALYSES_PER_HOUR"]
    with _recent_lock:
        recent = current_app.extensions.setdefault("exposure_analyses", {})
        cutoff = time.monotonic() - 3600
        times = [t for t in recent.get(token_hash, ()) if t > cutoff]
        if len(times) + photos > per_hour:
            raise ApiError(429, "rate_limited", f"At most {per_hour} photos an hour can be checked: "
                           "try again later.")
        recent[token_hash] = times + [time.monotonic()] * photos
        if len(recent) > 10_000:  # forget the longest-idle tokens rather than grow without end
            recent.pop(next(iter(recent)))
