"""POST /api/v1/own-profile: the photos of the user's own profile as they see it logged in,
sent by the extension → a queued audit whose photos are marked "followers" (or "public").

The extension proves on the page that the profile is the user's own (owner-only
controls, and the logged-in username equal to the profile's) before it sends
anything; only the image bytes, their kinds and the profile link come here: no
cookie, token or page HTML. The photos stay in memory, handed to the job runner, which
holds at most HANDED_BUDGET_BYTES of them, waiting or running: past that, 503 "busy".
"""
from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from crawler import identify_profile

from ..audits import ALWAYS_PUBLIC_KINDS, OWN_SCHEME, check_consent, queue_audit
from ..auth import token_required
from ..db import get_db
from ..errors import ApiError
from .analyze import MAX_UPLOAD_BYTES, count_analyses
from .receipt import local_runner, receipt

bp = Blueprint("own_profile", __name__, url_prefix="/api/v1")

MAX_PHOTOS = 60
BODY_MARGIN = 1024 * 1024  # room for the form's other fields and each part's headers
PLATFORMS = ("instagram", "x", "tiktok")  # the platforms the extension's own-profile check knows
KINDS = ("post_photo", "story_photo", "profile_photo", "cover_photo", "video_thumbnail")


@bp.get("/own-profile")
@token_required
def own_profile_limits():
    """What the extension needs to know before it reads a page (one source for the limits)."""
    return jsonify({"max_photos": MAX_PHOTOS, "max_photo_bytes": MAX_UPLOAD_BYTES,
                    "max_body_bytes": _max_body_bytes() - BODY_MARGIN, "platforms": list(PLATFORMS)})


def _max_body_bytes():
    """The server's one body cap (waitress refuses a larger body before the app sees it): a larger
    promise here made the extension build forms that ended in a connection reset."""
    return current_app.config["MAX_CONTENT_LENGTH"]


@bp.post("/own-profile")
@token_required
def upload_own_profile():
    audits = local_runner()
    form, photos = _read_form()
    consent = form.get("consent")
    check_consent(consent)
    try:
        profile = identify_profile(str(form.get("profile", "")).strip())
    except ValueError:
        raise ApiError(422, "invalid_url", "Send the link of your own profile in \"profile\".", "profile") from None
    if profile["platform"] not in PLATFORMS:
        raise ApiError(422, "unsupported_platform", "Checking what followers see works on Instagram, X and TikTok.",
                       "profile")
    kinds = form.getlist("kind")
    if not photos or len(kinds) != len(photos) or any(kind not in KINDS for kind in kinds):
        raise ApiError(422, "missing_photos", f'Send 1 to {MAX_PHOTOS} photos as "photo" fields, each with '
                       f'its "kind".', "photo")
    private = form.get("account_private") == "1"
    images = [{"data": data, "page_url": None, "image_url": None, "kind": kind,
               # A public account shows every post to strangers; a private one, its posts to followers.
               "visibility": "public" if kind in ALWAYS_PUBLIC_KINDS or not private else "followers"}
              for data, kind in zip(photos, kinds)]
    # Each photo is graded as /analyze grades one, and counts against the same hourly limit,
    # in the insert's transaction, so posts sent at once cannot all count the same earlier audits.
    audit = queue_audit(get_db(), audits, current_app.config, g.token_hash, consent,
                        [{"url": OWN_SCHEME + profile["url"], "platform": profile["platform"]}],
                        images=images, check=lambda locked_db: count_analyses(g.token_hash, len(images)))
    return receipt(audit, photos_found=len(images))


def _read_form():
    """The form fields and the photos' bytes (parsed into memory: backend/in_memory.py)."""
    try:
        form, files = request.form, request.files.getlist("photo")
    except RequestEntityTooLarge:
        raise ApiError(413, "body_too_large", f"At most {_max_body_bytes() // 1024 ** 2} MB of photos at once.",
                       "photo") from None
    if len(files) > MAX_PHOTOS:
        raise ApiError(422, "too_many_photos", f"At most {MAX_PHOTOS} photos at once.", "photo")
    photos = []
    for upload in files:
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "body_too_large", "A photo is larger than 15 MB.", "photo")
        photos.append(data)
    return form, photos
