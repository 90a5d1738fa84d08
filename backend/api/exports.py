"""Uploading the user's platform data export (a ZIP) in parts, then auditing it.

    POST /api/v1/exports?consent=self         → 201 {"id", "part_bytes", "max_bytes", "part_url", "finish_url"}
    PUT  /api/v1/exports/<id>?offset=N        → the next part (the raw bytes) → {"received"}
    POST /api/v1/exports/<id>/audit           → checked, recognised and queued → 202 (an audit, with
                                                "photos_found" and "photos_unread": pictures it lists
                                                that could not be read)

Each part is one request under the server's body cap, so no route ever accepts a
body of gigabytes. The parts are appended to the upload's private folder while the
disk, and the data folder's quota (EXPOSURE_MAX_DB_MB, the store and the uploads
together), keep room for audits' results; the finished ZIP is checked as a hostile
archive before its audit is queued (its index files parsed in a separate process,
backend/export/isolated.py, so this thread only waits). The folder is removed when the
audit ends, when the finish fails, when the upload sits idle past UPLOAD_IDLE_S, and at
the next start.
"""
import secrets
import shutil
import time
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from ..audits import EXPORT_SCHEME, check_consent, check_rate_limits, queue_audit, store_headroom
from ..auth import token_required
from ..db import get_db
from ..errors import ApiError
from ..export import ExportError, open_export, uploads
from .receipt import local_runner, receipt

bp = Blueprint("exports", __name__, url_prefix="/api/v1")
MAX_OPEN_UPLOADS = 2  # per token: an abandoned upload cannot fill the disk


@bp.post("/exports")
@token_required
def start_upload():
    consent = request.args.get("consent")
    check_consent(consent)
    local_runner()
    check_rate_limits(get_db(), g.token_hash, [], current_app.config)
    open_uploads = _uploads()
    expire_idle_uploads(current_app)
    if sum(1 for owner, *_ in open_uploads.values() if owner == g.token_hash) >= MAX_OPEN_UPLOADS:
        raise ApiError(429, "too_many_uploads", "Finish or wait for your other export uploads first.")
    upload_id = secrets.token_urlsafe(9)
    uploads.start(current_app.config["DATA_DIR"], upload_id)
    open_uploads[upload_id] = [g.token_hash, consent, time.monotonic()]
    return jsonify({"id": upload_id, "part_bytes": uploads.PART_BYTES, "max_bytes": uploads.MAX_UPLOAD_BYTES,
                    "part_url": url_for("exports.upload_part", upload_id=upload_id),
                    "finish_url": url_for("exports.finish_upload", upload_id=upload_id)}), 201


@bp.put("/exports/<upload_id>")
@token_required
def upload_part(upload_id):
    _owned(upload_id)
    try:
        offset = int(request.args.get("offset", ""))
    except ValueError:
        raise ApiError(422, "invalid_offset", "Say where the part starts: ?offset=<bytes sent so far>.",
                       "offset") from None
    # One byte over: under a server that ends the input itself (waitress sets wsgi.input_terminated),
    # werkzeug's capped stream refuses the read that finds the end of a body of exactly the cap, so
    # every full part was refused. append() holds each part to PART_BYTES exactly.
    request.max_content_length = uploads.PART_BYTES + 1
    data_dir = current_app.config["DATA_DIR"]
    try:
        received = uploads.append(data_dir, upload_id, offset, request.stream, room=_room_for_parts,
                                  declared=request.content_length)
    except RequestEntityTooLarge:
        raise ApiError(413, "part_too_large", f"A part is at most {uploads.PART_BYTES // 1024 ** 2} MB.",
                       "export") from None
    except uploads.NoRoom as error:  # it cannot be finished: its parts give their room back now
        _forget(data_dir, upload_id)
        raise ApiError(507, error.code, error.message, "export") from None
    except ExportError as error:
        raise ApiError(413 if error.code in ("export_too_large", "part_too_large") else 422,
                       error.code, error.message, "export") from None
    except FileNotFoundError:  # expired while this part arrived
        raise ApiError(404, "not_found", "That export upload has expired: upload it again.", "id") from None
    return jsonify({"received": received})


@bp.post("/exports/<upload_id>/audit")
@token_required
def finish_upload(upload_id):
    consent = _owned(upload_id)
    audits, data_dir = local_runner(), current_app.config["DATA_DIR"]
    _uploads().pop(upload_id, None)
    try:
        platform, photos, unread = _check_export(data_dir, upload_id)
        audit = queue_audit(get_db(), audits, current_app.config, g.token_hash, consent,
                            [{"url": EXPORT_SCHEME + platform, "platform": platform}], audit_id=upload_id)
    except BaseException:  # an export that will not be audited is not kept, whatever went wrong
        uploads.discard(data_dir, upload_id)
        raise
    return receipt(audit, platform=platform, photos_found=photos, photos_unread=unread)


def _check_export(data_dir, upload_id):
    """(platform, photos found, pictures listed but unreadable) of the finished upload, or a 422
    saying what is wrong with it."""
    path = uploads.export_path(data_dir, upload_id)
    if not path.stat().st_size:
        raise ApiError(422, "missing_export", "No part of the export was sent.", "export")
    try:
        with open_export(path) as export:
            return export.platform, len(export.photos), export.unread
    except ExportError as error:
        raise ApiError(422, error.code, error.message, "export") from None


def _room_for_parts():
    """Bytes the uploads may still add: the disk's free space, and under a quota (EXPOSURE_MAX_DB_MB)
    what the store and the uploads under way leave of it, less the room kept for audits' results."""
    config, data_dir = current_app.config, current_app.config["DATA_DIR"]
    room = shutil.disk_usage(uploads.uploads_root(data_dir)).free
    if config.get("MAX_DB_MB"):
        database = Path(config["DATABASE"])
        used = uploads.stored_bytes(data_dir) + sum(
            path.stat().st_size for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"))
            if path.exists())
        room = min(room, config["MAX_DB_MB"] * 1024 * 1024 - used)
    return room - store_headroom(config)


def expire_idle_uploads(app):
    """Remove the uploads that received nothing for UPLOAD_IDLE_S: an abandoned upload keeps
    neither its parts on disk nor its owner's upload slot."""
    cutoff = time.monotonic() - app.config["UPLOAD_IDLE_S"]
    open_uploads = app.extensions.setdefault("exposure_uploads", {})
    for upload_id, (_, _, last_seen) in list(open_uploads.items()):
        if last_seen < cutoff:
            _forget(app.config["DATA_DIR"], upload_id, open_uploads)


def _forget(data_dir, upload_id, open_uploads=None):
    (open_uploads if open_uploads is not None else _uploads()).pop(upload_id, None)
    uploads.discard(data_dir, upload_id)


def _uploads():
    """{upload id: [owner's token hash, consent, when it last received a part (monotonic)]} of the
    uploads under way in this process."""
    return current_app.extensions.setdefault("exposure_uploads", {})


def _owned(upload_id):
    """The consent of the caller's own upload under way, or 404."""
    owner = _uploads().get(upload_id)
    if owner is None or not secrets.compare_digest(owner[0], g.token_hash):
        raise ApiError(404, "not_found", "No export upload with that id (or it was already finished, "
                       "or it expired).", "id")
    owner[2] = time.monotonic()
    return owner[1]
