"""The human report page: GET /audits/<id>/report?key=… (the key is unguessable),
and its one form, "which one is you?", which posts back with the same key."""
import secrets
from urllib.parse import quote, urlsplit

from flask import Blueprint, redirect, request, url_for

from . import store
from .audits import Refused, validate_reader
from .db import get_db
from .report import pick_language, reader_choice, render_notice, render_view
from .report.document import earlier, read_audit
from .report.language import Translator

bp = Blueprint("pages", __name__)

# The page loads nothing from anywhere: only inline styles and data: images; its one form posts to itself.
REPORT_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'")


@bp.get("/audits/<audit_id>/report")
def report(audit_id):
    db = get_db()
    lang = pick_language(request.headers.get("Accept-Language"), request.args.get("lang"))
    key = request.args.get("key", "")
    audit = _keyed_audit(db, audit_id, key, lang)
    if not isinstance(audit, dict):
        return audit
    previous = store.previous_audit(db, audit)
    thumbnails = store.get_thumbnails(db, audit_id)
    t = Translator(lang)
    # One view a request: the document's summary and the page come from the same build.
    document, report = read_audit(db, audit, t, previous=earlier(previous) if previous else None,
                                  thumbnails=thumbnails)
    html = render_view(
        report, t, document["around"], thumbnails,
        switch_url=f"?key={key}&lang=" + ("en" if lang == "ko" else "ko"),
        me_url=url_for("pages.choose_reader", audit_id=audit_id, lang=lang),
        me_key=key,
        record_url=lambda photo_id: url_for("pages.record", audit_id=audit_id, photo_id=photo_id, key=key, lang=lang),
    )
    return html, 200, _headers()


@bp.get("/audits/<audit_id>/record/<photo_id>")
def record(audit_id, photo_id):
    """A record without the image of a photo of the reader found in an account around them:
    a printable page, or with ?format=text a text file (backend/report/record.py)."""
    from .report.record import record as make_record, render_record_html, render_record_text

    db = get_db()
    lang = pick_language(request.headers.get("Accept-Language"), request.args.get("lang"))
    audit = _keyed_audit(db, audit_id, request.args.get("key", ""), lang)
    if not isinstance(audit, dict):
        return audit
    data = make_record(audit, photo_id, lang)
    if data is None:
        return render_notice("not_found", lang), 404, _headers()
    if request.args.get("format") == "text":
        return render_record_text(data, lang), 200, {
            "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store",
            "Content-Disposition": f'attachment; filename="record-{quote(photo_id, safe="")}.txt"'}
    return render_record_html(data, lang), 200, _headers()


@bp.post("/audits/<audit_id>/report/reader")
def choose_reader(audit_id):
    """"Which one is you?" from the report's buttons: the report key proves the reader may change it."""
    db = get_db()
    lang = pick_language(request.headers.get("Accept-Language"), request.args.get("lang"))
    if not _same_origin():
        return render_notice("forbidden", lang), 403, _headers()
    key = request.form.get("key", "")
    audit = _keyed_audit(db, audit_id, key, lang)
    if not isinstance(audit, dict):
        return audit
    try:
        choice, anchor = _changed_choice(audit, request.form)
    except Refused:
        return render_notice("bad_choice", lang), 422, _headers()
    store.set_reader(db, audit_id, choice)
    return redirect(url_for("pages.report", audit_id=audit_id, key=key, lang=lang) + anchor, 303)


def _changed_choice(audit, form):
    """The reader's choice after one button of the report: a person is me too ("add") or not
    ("remove"), none of them is ("identity": "none"; a single id from an older page), I am not
    in this photo ("not_me") or I am after all ("put_back"). The choice, and where to go back to."""
    if form.get("identity") == "":
        return None, "#people"  # forget the choice: the report guesses again
    now = reader_choice((audit["result"] or {}) | {"reader": audit["reader"]})
    identities, not_me = now["identities"], now["not_me"]
    if "identity" in form:
        identities = [] if form["identity"] == "none" else [form["identity"]]
    elif "add" in form:
        identities = [*identities, form["add"]]
    elif "remove" in form:
        identities = [i for i in identities if i != form["remove"]]
    elif "not_me" in form:
        not_me = [*not_me, form["not_me"]]
    elif "put_back" in form:
        not_me = [p for p in not_me if p != form["put_back"]]
    choice = validate_reader(audit, identities, not_me)
    photo = form.get("not_me") or form.get("put_back")
    return choice, f"#photo-{quote(photo, safe='')}" if photo else "#people"


def _keyed_audit(db, audit_id, key, lang):
    """The audit when the key matches, else the page that says why not (deleted, or a wrong link)."""
    audit = store.get_audit(db, audit_id) if len(audit_id) <= 64 else None
    if audit is not None and secrets.compare_digest(audit["report_key"].encode(), key.encode()):
        return audit
    if audit is None and len(audit_id) <= 64 and store.was_deleted(db, audit_id):
        return render_notice("deleted", lang), 410, _headers()
    return render_notice("not_found", lang), 404, _headers()


def _same_origin():
    """A form post from the report itself. The report sends no referrer, so Chromium's Origin
    is "null" there: Sec-Fetch-Site says where the post came from; without it (older
    browsers) a real Origin must be this server's own. The report key is needed anyway."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    return origin in (None, "null") or urlsplit(origin).netloc == request.host


def _headers():
    return {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": REPORT_CSP,
            "Cache-Control": "no-store"}
