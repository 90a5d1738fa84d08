"""Audits: create (validated, rate-limited, queued by backend.audits), list, read with progress, delete."""
import secrets

from flask import Blueprint, current_app, g, jsonify, request, url_for

from .. import store
from ..audits import queue_audit, single_reader, validate_others, validate_profiles, validate_reader
from ..auth import token_required
from ..tokens import verification_code
from ..db import get_db
from ..errors import ApiError
from ..failures import with_unsaved_failure
from ..report import pick_language, reader_clear_count
from ..report.document import audit_document
from ..report.language import Translator
from .body import json_body
from .receipt import links, receipt, runner

bp = Blueprint("audits", __name__, url_prefix="/api/v1")


@bp.post("/audits")
@token_required
def create_audit():
    body = json_body()
    profiles = validate_profiles(body.get("profiles"), current_app.config["MAX_PROFILES"])
    profiles += validate_others(body.get("others"), profiles)
    audit = queue_audit(get_db(), runner(), current_app.config, g.token_hash, body.get("consent"), profiles)
    return receipt(audit)


@bp.get("/verification")
@token_required
def verification():
    """The caller's ownership code: put it in a profile's bio and the next audit marks it verified."""
    return jsonify({"code": verification_code(g.token_hash),
                    "how": "Add this code to your profile's bio or description, audit again, then remove it."})


@bp.get("/audits")
@token_required
def list_audits():
    db = get_db()
    audits = []
    for row in map(with_unsaved_failure, store.list_audits(db, g.token_hash)):
        row.pop("report_key")
        audits.append(row | {"status_url": url_for("audits.read_audit", audit_id=row["id"]),
                             "reader_clear_photos": _reader_clear_photos(db, row)})
    return jsonify({"audits": audits})


def _reader_clear_photos(db, row):
    """The clear photos of the reader (their choice, or the likeliest person), as the report counts
    them; None while the audit is not done."""
    if row["status"] != "done":
        return None
    audit = store.get_audit(db, row["id"])
    return reader_clear_count((audit["result"] or {}) | {"reader": audit.get("reader")})


@bp.get("/audits/<audit_id>")
@token_required
def read_audit(audit_id):
    db = get_db()
    audit = _owned_audit(db, audit_id)
    return jsonify(audit_document(db, audit, Translator(request_language()), links(audit)))


@bp.delete("/audits/<audit_id>")
@token_required
def delete_audit(audit_id):
    db = get_db()
    _owned_audit(db, audit_id)
    store.delete_audit(db, audit_id)
    return "", 204


@bp.get("/audits/<audit_id>/contents")
@token_required
def audit_contents(audit_id):
    """What deleting the audit would remove, so the reader can be told before and after."""
    db = get_db()
    _owned_audit(db, audit_id)
    return jsonify(store.audit_contents(db, audit_id))


@bp.post("/audits/<audit_id>/reader")
@token_required
def set_reader(audit_id):
    """"This is me": {"identities": every group of the audit that is the reader, "not_me": photos
    they are not in}; or, as before, {"identity": one group, "none", or null to forget the choice}."""
    db = get_db()
    audit = _owned_audit(db, audit_id)
    body = json_body()
    if "identities" in body or "not_me" in body:
        choice = validate_reader(audit, body.get("identities", []), body.get("not_me", []))
    else:
        choice = single_reader(audit, body.get("identity"))
    store.set_reader(db, audit_id, choice)
    return jsonify({"reader": store.get_audit(db, audit_id)["reader"]})


def _owned_audit(db, audit_id):
    audit = store.get_audit(db, audit_id) if len(audit_id) <= 64 else None
    if audit is None or not secrets.compare_digest(audit["token_hash"], g.token_hash):
        raise ApiError(404, "not_found", "No audit with that id.", "id")
    return audit


def request_language():
    """"en" or "ko": ?lang= first, then the browser's Accept-Language."""
    return pick_language(request.headers.get("Accept-Language"), request.args.get("lang"))

