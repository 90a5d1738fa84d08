"""POST /api/v1/analyze: one uploaded photo → its faces and grade; nothing is kept."""
from flask import Blueprint, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..analysis import analyze_images
from ..auth import token_required
from ..errors import ApiError
from .audits import localised_faces, localised_metadata, request_language

bp = Blueprint("analyze", __name__, url_prefix="/api/v1")

MAX_UPLOAD_BYTES = 15 * 1024 * 1024


@bp.post("/analyze")
@token_required
def analyze():
    data = _uploaded_image()
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
        raise ApiError(413, "body_too_large", "The photo is larger than 15 MB.", "image") from None
    if upload is None:
        raise ApiError(422, "missing_image", 'Send the photo as a multipart form field named "image".', "image")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "body_too_large", "The photo is larger than 15 MB.", "image")
    if not data:
        raise ApiError(422, "unreadable_image", "That photo is empty (0 bytes).", "image")
    return data
