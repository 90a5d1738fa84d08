"""The human report page: GET /audits/<id>/report?key=… (the key is unguessable)."""
import secrets

from flask import Blueprint, abort, request

from . import store
from .api.audits import audit_document
from .db import get_db
from .report import pick_language, render_report

bp = Blueprint("pages", __name__)


@bp.get("/audits/<audit_id>/report")
def report(audit_id):
    db = get_db()
    audit = store.get_audit(db, audit_id) if len(audit_id) <= 64 else None
    key = request.args.get("key", "")
    if audit is None or not secrets.compare_digest(audit["report_key"].encode(), key.encode()):
        abort(404, "No report here: the link is wrong, or the audit was deleted.")
    lang = pick_language(request.headers.get("Accept-Language"), request.args.get("lang"))
    previous = store.previous_audit(db, audit)
    html = render_report(
        audit_document(db, audit, lang),
        lang=lang,
        previous=audit_document(db, previous, lang) if previous else None,
        thumbnails=store.get_thumbnails(db, audit_id),
        switch_url=f"?key={key}&lang=" + ("en" if lang == "ko" else "ko"),
    )
    return html, 200, {
        "Content-Type": "text/html; charset=utf-8",
        # The page loads nothing from anywhere: only inline styles and data: images.
        "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                                   "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        "Cache-Control": "no-store",
    }
