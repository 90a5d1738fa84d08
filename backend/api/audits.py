"""Audits: create (validated, rate-limited, queued), list, read with progress, delete."""
import secrets
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, request, url_for

from crawler import BlockedURL, check_url, identify_profile

from .. import around, store
from ..auth import token_required
from ..tokens import verification_code
from ..db import get_db
from ..errors import ApiError
from ..jobs import with_unsaved_failure
from ..report import pick_language, reader_clear_count
from ..report.document import audit_document
from .body import json_body

bp = Blueprint("audits", __name__, url_prefix="/api/v1")

CONSENTS = ("self", "guardian")
RELATIONS = ("friend", "school")
MAX_URL_LENGTH = 2048
# Room an audit's result needs in the store (progress, grades, ~10 KB thumbnails); with a small
# quota (EXPOSURE_MAX_DB_MB) a quarter of it.
STORE_HEADROOM_BYTES = 2 * 1024 * 1024


@bp.post("/audits")
@token_required
def create_audit():
    body = json_body()
    profiles = validate_profiles(body.get("profiles"), current_app.config["MAX_PROFILES"])
    profiles += validate_others(body.get("others"), profiles)
    consent = body.get("consent")
    if consent not in CONSENTS:
        raise ApiError(422, "invalid_consent",
                       'Say whose accounts these are: "self" (my own) or "guardian" '
                       "(a parent or guardian with their child).", "consent")
    db = get_db()
    _refuse_if_store_full(db)
    audit_id = secrets.token_urlsafe(9)
    report_key = secrets.token_urlsafe(24)
    store.add_audit(db, audit_id, g.token_hash, consent, report_key, profiles,
                    check=lambda locked_db: _check_rate_limits(locked_db, g.token_hash, profiles))
    current_app.extensions["exposure_jobs"].submit(audit_id)
    audit = store.get_audit(db, audit_id)
    return jsonify(_links(audit) | {"id": audit_id, "status": "queued",
                                    "queue_position": store.queue_position(db, audit)}), 202


def validate_others(others, own):
    """The accounts around the reader ("others": links, or {"url", "relation": "friend" | "school"}),
    each {"url", "platform", "role": "others", "relation"}; crawled like the reader's own (backend.around)."""
    if others is None:
        return []
    if not isinstance(others, list):
        raise ApiError(422, "invalid_profiles", "Send the accounts around you as a list of links in \"others\".",
                       "others")
    relations = []
    for i, item in enumerate(others):
        relation = item.get("relation", "friend") if isinstance(item, dict) else "friend"
        if relation not in RELATIONS:
            raise ApiError(422, "invalid_relation", 'Say whose account it is: "friend" or "school" '
                           "(a school's or club's).", f"others[{i}].relation")
        relations.append(relation)
    urls = [item.get("url") if isinstance(item, dict) else item for item in others]
    if not urls:
        return []
    result = validate_profiles(urls, around.MAX_OTHERS, field="others")
    mine = {p["url"] for p in own}
    for i, profile in enumerate(result):
        if profile["url"] in mine:
            raise ApiError(422, "invalid_url", "That is one of your own profiles.", f"others[{i}]")
    by_url = dict(zip((_canonical(url) for url in urls), relations))
    return [p | {"role": around.OTHERS, "relation": by_url.get(p["url"], "friend")} for p in result]


def _canonical(url):
    try:
        return identify_profile(url.strip())["url"]
    except (ValueError, AttributeError):
        return None


def validate_profiles(profiles, limit, field="profiles"):
    """Canonical {"url", "platform"} for each profile link, or a 422 naming the bad one."""
    name = field
    if not isinstance(profiles, list) or not profiles:
        raise ApiError(422, "invalid_profiles", f"Send a list of your profile links in \"{name}\".", name)
    if len(profiles) > limit:
        raise ApiError(422, "too_many_profiles", f"At most {limit} profiles in one audit.", name)
    seen, result = set(), []
    for i, url in enumerate(profiles):
        field = f"{name}[{i}]"
        if not isinstance(url, str) or not url.strip():
            raise ApiError(422, "invalid_url", "Each profile must be a link (text).", field)
        if len(url) > MAX_URL_LENGTH:
            raise ApiError(422, "invalid_url", f"That link is longer than {MAX_URL_LENGTH} characters.", field)
        try:
            profile = identify_profile(url.strip())
            check_url(profile["url"])
        except BlockedURL as error:
            if error.unresolved:  # a typo or a site down now: the crawl will say so for this profile
                profile = identify_profile(url.strip())
            else:
                raise ApiError(422, "blocked_url", f"That link cannot be audited: {error.reason}.",
                               field) from None
        except ValueError as error:
            raise ApiError(422, "invalid_url", f"That is not a profile link: {error}.", field) from None
        if profile["url"] not in seen:
            seen.add(profile["url"])
            result.append(profile)
    return result


def store_headroom():
    """The room kept free for audits' results: 2 MB, or a quarter of a smaller quota."""
    quota_mb = current_app.config.get("MAX_DB_MB") or 0
    return min(STORE_HEADROOM_BYTES, int(quota_mb * 1024 * 1024) // 4) if quota_mb else STORE_HEADROOM_BYTES


def _refuse_if_store_full(db):
    if store.room_left(db, Path(current_app.config["DATABASE"]).parent) < store_headroom():
        raise ApiError(503, "storage_unavailable", "The server's storage is full, so it cannot keep a new audit. "
                       "Delete audits you no longer need, or ask whoever runs the server to free space.")


def _check_rate_limits(db, token_hash, profiles):
    config = current_app.config
    if store.count_recent_audits(db, token_hash) >= config["AUDITS_PER_HOUR"]:
        raise ApiError(429, "rate_limited", f"At most {config['AUDITS_PER_HOUR']} audits an hour: "
                       "try again later.")
    known = store.recent_profile_urls(db, token_hash)
    if len(known | {p["url"] for p in profiles}) > config["PROFILES_PER_DAY"]:
        raise ApiError(429, "rate_limited", f"At most {config['PROFILES_PER_DAY']} different profiles a day: "
                       "this tool is for your own accounts.", "profiles")


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
    return jsonify(audit_document(db, audit, request_language(), _links(audit)))


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


def single_reader(audit, identity):
    """The choice of one group, of "none" (no group is the reader) or None (forget the choice)."""
    if identity is None:
        return None
    return validate_reader(audit, [] if identity == "none" else [identity], [], field="identity")


def validate_reader(audit, identities, not_me, field=None):
    """{"identities", "not_me"}: lists of the audit's own group ids and photo ids, each once; else a 422."""
    result = audit["result"] or {}
    groups = {str(i.get("id")) for i in result.get("identities", [])}
    photos = {str(p.get("id")) for p in result.get("photos", [])}
    if not _ids_of(identities, groups):
        raise ApiError(422, "invalid_identity", "Choose among the people found in this check (a list of their ids), "
                       "or \"none\".", field or "identities")
    if not _ids_of(not_me, photos):
        raise ApiError(422, "invalid_photo", "Name photos of this check (a list of their ids).", field or "not_me")
    return {"identities": list(dict.fromkeys(identities)), "not_me": list(dict.fromkeys(not_me))}


def _ids_of(value, known):
    return isinstance(value, list) and all(isinstance(v, str) and v in known for v in value)


def _owned_audit(db, audit_id):
    audit = store.get_audit(db, audit_id) if len(audit_id) <= 64 else None
    if audit is None or not secrets.compare_digest(audit["token_hash"], g.token_hash):
        raise ApiError(404, "not_found", "No audit with that id.", "id")
    return audit


def _links(audit):
    return {"status_url": url_for("audits.read_audit", audit_id=audit["id"]),
            "report_url": url_for("pages.report", audit_id=audit["id"], key=audit["report_key"])}


def request_language():
    """"en" or "ko": ?lang= first, then the browser's Accept-Language."""
    return pick_language(request.headers.get("Accept-Language"), request.args.get("lang"))

