"""POST /api/v1/exports: the user's platform data export (a ZIP) → a queued audit of it.

The body is the ZIP itself (not a multipart form, which would be spooled to a shared
temp folder): it is streamed to the audit's private upload folder, checked as a
hostile archive, recognised, and queued. The folder is removed when the audit ends.
"""
import secrets

from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from .. import store
from ..auth import token_required
from ..db import get_db
from ..errors import ApiError
from ..export import ExportError, open_export, uploads
from ..jobs import EXPORT_SCHEME, JobRunner
from .audits import CONSENTS, _check_rate_limits, _links

bp = Blueprint("exports", __name__, url_prefix="/api/v1")


@bp.post("/exports")
@token_required
def upload_export():
    consent = request.args.get("consent")
    if consent not in CONSENTS:
        raise ApiError(422, "invalid_consent",
                       'Say whose export this is: ?consent=self (my own) or ?consent=guardian '
                       "(a parent or guardian with their child).", "consent")
    if request.mimetype.startswith("multipart/"):
        raise ApiError(422, "missing_export", "Send the ZIP file itself as the request body "
                       "(Content-Type: application/zip), not a form.", "export")
    runner = local_runner()
    db = get_db()
    _check_rate_limits(db, g.token_hash, [])
    audit_id, data_dir = secrets.token_urlsafe(9), current_app.config["DATA_DIR"]
    request.max_content_length = uploads.MAX_UPLOAD_BYTES
    try:
        path = uploads.receive(request.stream, data_dir, audit_id)
        with open_export(path) as export:
            platform, photos = export.platform, len(export.photos)
    except RequestEntityTooLarge:
        uploads.discard(data_dir, audit_id)
        raise ApiError(413, "export_too_large", f"The export is larger than "
                       f"{uploads.MAX_UPLOAD_BYTES // 1024 ** 3} GB.", "export") from None
    except ExportError as error:
        uploads.discard(data_dir, audit_id)
        status = 413 if error.code == "export_too_large" else 422
        raise ApiError(status, error.code, error.message, "export") from None
    except BaseException:
        uploads.discard(data_dir, audit_id)
        raise
    report_key = secrets.token_urlsafe(24)
    store.add_audit(db, audit_id, g.token_hash, consent, report_key,
                    [{"url": EXPORT_SCHEME + platform, "platform": platform}])
    runner.submit(audit_id)
    audit = store.get_audit(db, audit_id)
    return jsonify(_links(audit) | {"id": audit_id, "status": "queued", "platform": platform,
                                    "photos_found": photos,
                                    "queue_position": store.queue_position(db, audit)}), 202


def local_runner():
    """The embedded job runner: photos that come with an audit (an export on this server's disk,
    the extension's photos in its memory) cannot be handed to a fleet's workers yet."""
    runner = current_app.extensions["exposure_jobs"]
    if not isinstance(runner, JobRunner):
        raise ApiError(503, "not_with_fleet", "This server hands audits to a worker fleet, which cannot read "
                       "exports or photos sent from your profile yet. Use the command line or a single server.")
    return runner
