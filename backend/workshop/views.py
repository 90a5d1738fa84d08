"""The teacher's pages: create a workshop (from this machine only), the dashboard of class
totals, its printable page and CSV, a new join code, and closing (deleting) the workshop.

Every workshop page needs the teacher key (in the URL, or in the form for actions); a wrong
key or a closed workshop is a plain 404, like a report link.
"""
from flask import Blueprint, abort, render_template, request, url_for

from .. import store
from ..db import get_db
from ..report import pick_language
from . import registry, sheet
from .aggregates import aggregate

bp = Blueprint("workshop", __name__, url_prefix="/workshops", template_folder="templates")

LOOPBACK = ("127.0.0.1", "::1")
# Forms post to this server only; nothing is loaded from anywhere else.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")


@bp.get("/new")
def new():
    _refuse_unless_local()
    return _page("workshop/new.html", error=None)


@bp.post("")
def create():
    _refuse_unless_local()
    try:
        created = registry.create_workshop(get_db(), request.form.get("name", ""),
                                           request.form.get("join_days", registry.DEFAULT_JOIN_DAYS))
    except ValueError as error:
        return _page("workshop/new.html", error=str(error), status=422)
    return _page("workshop/created.html", created=created,
                 dashboard_url=url_for(".dashboard", workshop_id=created["id"], key=created["teacher_key"]))


@bp.get("/<workshop_id>")
def dashboard(workshop_id):
    return _page("workshop/dashboard.html", **_sheet(_teacher_workshop(workshop_id)), printable=False)


@bp.get("/<workshop_id>/print")
def printable(workshop_id):
    return _page("workshop/dashboard.html", **_sheet(_teacher_workshop(workshop_id)), printable=True)


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
    workshop = _teacher_workshop(workshop_id, request.form.get("key"))
    renewed = registry.renew_join_code(get_db(), workshop["id"])
    return _page("workshop/dashboard.html", **_sheet(workshop, request.form.get("key")),
                 printable=False, renewed=renewed)


@bp.post("/<workshop_id>/close")
def close(workshop_id):
    workshop = _teacher_workshop(workshop_id, request.form.get("key"))
    if request.form.get("confirm") != "yes":
        abort(400, "Tick the box to confirm that everything in the workshop is deleted.")
    deleted = registry.close_workshop(get_db(), workshop["id"])
    return _page("workshop/closed.html", deleted=deleted or 0)


def _teacher_workshop(workshop_id, key=None):
    workshop = registry.find_workshop(get_db(), workshop_id, key if key is not None else request.args.get("key"))
    if workshop is None:
        abort(404, "No workshop here: the link is wrong, or the workshop was closed.")
    return workshop


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
                           switch_lang="en" if lang == "ko" else "ko", **context)
    return html, status, {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP,
                          "Cache-Control": "no-store"}


def _language():
    return pick_language(request.headers.get("Accept-Language"), request.values.get("lang"))


def _refuse_unless_local():
    """Creating workshops is for whoever runs the server: from this machine, from this server's own page."""
    if request.remote_addr not in LOOPBACK:
        abort(403, "Workshops are created on the machine that runs the server "
                   "(or with `python -m backend workshop create NAME`).")
    origin = request.headers.get("Origin")
    # A page elsewhere cannot post this form into the server (the Host check covers DNS rebinding).
    if request.method == "POST" and origin is not None and origin != request.host_url.rstrip("/"):
        abort(403, "This form can only be sent from the server's own page.")
