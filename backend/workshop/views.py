"""The teacher's pages: create a workshop (from this machine only), the dashboard of class
totals with the join code, link and QR code, a printable handout for students, the printable
page and CSV, a new join code, and closing (deleting) the workshop.

Every workshop page needs the teacher key (in the URL, or in the form for actions); a wrong
key or a closed workshop is a plain 404, like a report link.
"""
import segno
from flask import Blueprint, current_app, redirect, render_template, request, url_for

from .. import store
from ..address import client_address, is_loopback_base, own_origins, pairing_link, relayed, request_base
from ..db import get_db
from ..report import pick_language
from ..when import local_time
from ..start import extension_words
from . import registry, sheet
from .aggregates import aggregate

bp = Blueprint("workshop", __name__, url_prefix="/workshops", template_folder="templates")

LOOPBACK = ("127.0.0.1", "::1")
# Forms post to this server only; nothing is loaded from anywhere else.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")


class PageError(Exception):
    """A refusal shown as a page in the teacher's language: (status, label key)."""

    def __init__(self, status, key):
        super().__init__(key)
        self.status, self.key = status, key


@bp.errorhandler(PageError)
def _page_error(error):
    return _page("workshop/error.html", status=error.status, message_key=error.key)


@bp.get("/new")
def new():
    _refuse_unless_local()
    return _page("workshop/new.html", error=None)


@bp.post("")
def create():
    _refuse_unless_local()
    try:
        created = registry.create_workshop(get_db(), request.form.get("name", ""),
                                           request.form.get("join_days", registry.DEFAULT_JOIN_DAYS),
                                           request.form.get("class_size", registry.DEFAULT_CLASS_SIZE))
    except registry.FormError as error:
        return _page("workshop/new.html", error=f"err_{error.field}", status=422)
    # To the dashboard (a reload does not create a second workshop); its link is the only way back in.
    return redirect(url_for(".dashboard", workshop_id=created["id"], key=created["teacher_key"],
                            lang=_language(), new=1), 303)


@bp.get("/<workshop_id>")
def dashboard(workshop_id):
    workshop = _teacher_workshop(workshop_id)
    return _page("workshop/dashboard.html", **_sheet(workshop), **_joining(workshop), printable=False,
                 just_created=request.args.get("new") == "1")


@bp.get("/<workshop_id>/print")
def printable(workshop_id):
    return _page("workshop/dashboard.html", **_sheet(_teacher_workshop(workshop_id)), printable=True)


@bp.get("/<workshop_id>/handout")
def handout(workshop_id):
    workshop = _teacher_workshop(workshop_id)
    # The extension's own name and button label, as the pairing page shows them.
    return _page("workshop/handout.html", workshop=workshop, key=request.args.get("key"),
                 extension=extension_words(_language()), **_joining(workshop))


@bp.get("/<workshop_id>/export.csv")
def export_csv(workshop_id):
    workshop = _teacher_workshop(workshop_id)
    text = sheet.to_csv(workshop, *_class_figures(workshop), _language())
    # A BOM so that spreadsheet programs read the Korean labels as UTF-8.
    return "\ufeff" + text, 200, {
        "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store",
        "Content-Disposition": f'attachment; filename="workshop-{workshop["id"]}.csv"'}


@bp.post("/<workshop_id>/join-code")
def join_code(workshop_id):
    key = request.form.get("key")
    workshop = _teacher_workshop(workshop_id, key)
    registry.renew_join_code(get_db(), workshop["id"], teacher_key=key)
    workshop = store.get_workshop(get_db(), workshop["id"])
    return _page("workshop/dashboard.html", **_sheet(workshop, key), **_joining(workshop, key),
                 printable=False, renewed=True)


@bp.post("/<workshop_id>/close")
def close(workshop_id):
    workshop = _teacher_workshop(workshop_id, request.form.get("key"))
    if request.form.get("confirm") != "yes":
        raise PageError(400, "err_confirm")
    deleted = registry.close_workshop(get_db(), workshop["id"])
    return _page("workshop/closed.html", deleted=deleted or 0)


def _teacher_workshop(workshop_id, key=None):
    workshop = registry.find_workshop(get_db(), workshop_id, key if key is not None else request.args.get("key"))
    if workshop is None:
        raise PageError(404, "err_not_found")
    return workshop


def _joining(workshop, key=None):
    """The join code (when it can be unsealed), the link that pairs with it, its QR code, the count."""
    key = key if key is not None else request.args.get("key")
    code = registry.join_code_of(workshop, key)
    link = pairing_link(request_base(), code) if code else None
    return {"join_code": code, "join_link": link,
            # Inline SVG with a viewBox and no size: the page's CSS makes it as large as the room needs.
            "qr_svg": segno.make(link, error="m").svg_inline(scale=1, omitsize=True, border=2) if link else None,
            # A link on 127.0.0.1 opens on no student's device: the pages say so to the teacher.
            "loopback": bool(link) and is_loopback_base(link),
            "joined": store.count_workshop_participants(get_db(), workshop["id"]),
            "class_size": workshop.get("class_size"), "join_pairings": workshop.get("join_pairings") or 0}


def _class_figures(workshop):
    """(students who joined, aggregates) of the workshop, in the page's language."""
    db = get_db()
    return (store.count_workshop_participants(db, workshop["id"]),
            aggregate(store.workshop_audits(db, workshop["id"]), _language()))


def _sheet(workshop, key=None):
    key = key if key is not None else request.args.get("key")
    return {"workshop": workshop, "key": key, "sections": sheet.sections(*_class_figures(workshop), _language()),
            "join_open": workshop["join_expires_at"] >= store.now()}


def _page(template, status=200, **context):
    lang = _language()
    html = render_template(template, lang=lang, text=sheet.labels(lang), display=sheet.display,
                           when=lambda iso, **kind: local_time(iso, lang, **kind),
                           switch_lang="en" if lang == "ko" else "ko", **context)
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP,
               "Cache-Control": "no-store"}
    if template == "workshop/new.html":
        # Under no-referrer Chromium sends this form's Origin as "null"; same-origin sends the real
        # one, and the page has no link to anywhere else. Pages with the teacher key keep no-referrer.
        headers["Referrer-Policy"] = "same-origin"
    return html, status, headers


def _language():
    return pick_language(request.headers.get("Accept-Language"), request.values.get("lang"))


def _refuse_unless_local():
    """Creating workshops is for whoever runs the server: from this machine, from this server's own page."""
    # A request a proxy relayed did not start on this machine, even when the proxy runs here and
    # so arrives from 127.0.0.1: behind a proxy only a trusted one's word on the client counts.
    local = client_address() in LOOPBACK
    if not local or (relayed() and request.remote_addr not in current_app.config["TRUSTED_PROXIES"]):
        raise PageError(403, "err_not_local")
    if request.method == "POST" and not _sent_from_own_page():
        raise PageError(403, "err_other_origin")


def _sent_from_own_page():
    """True when the browser says the form came from a page of this server (the Host check covers
    DNS rebinding). Sec-Fetch-Site is set by the browser alone; Origin is the older signal."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site != "same-origin":
        return False
    origin = request.headers.get("Origin")
    if origin is None or origin in own_origins():
        return True
    # "null": an opaque origin; trusted only when the browser also says same-origin.
    return origin == "null" and site == "same-origin"
