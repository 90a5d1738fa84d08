"""The student's pages on the server: the phone start page (GET /: a check with no install) and
the pairing link's page (GET /pair#CODE: the extension, opened over it, reads the server and
the code from its <meta> and pairs on one click; or the phone page takes the code). Both are
static HTML plus a script file: the code rides in the URL fragment and the token in the page's
own storage, so neither reaches a server log or a Referer header.
"""
import functools
import json
from pathlib import Path

from flask import Blueprint, render_template, request, send_file

from ..address import request_base
from ..report import pick_language
from .words import strings

bp = Blueprint("start", __name__, template_folder="templates", static_folder="static",
               static_url_path="/start/static")

# The pairing page tells the student what to click in the extension: its icon, name and button
# label come from the extension's own files, so the page and the extension never disagree.
EXTENSION = Path(__file__).resolve().parents[2] / "extension"
EXTENSION_ICON = EXTENSION / "icons" / "48.png"
# The report page's rules, plus this server's own script, style and API (nothing inline, nothing elsewhere).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


@bp.get("/")
def phone():
    return _page("start/phone.html")


@bp.get("/pair")
def pair():
    return _page("start/pair.html")


@bp.get("/start/extension-icon.png")
def extension_icon():
    return send_file(EXTENSION_ICON, mimetype="image/png", max_age=3600)


@functools.cache
def extension_words(lang):
    """The extension's name and the label of its pairing button in `lang` ("en" or "ko")."""
    path = EXTENSION / "_locales" / ("ko" if lang == "ko" else "en") / "messages.json"
    messages = json.loads(path.read_text(encoding="utf-8"))
    return {"name": messages["extName"]["message"], "button": messages["offerPair"]["message"]}


def _page(template):
    lang = pick_language(request.headers.get("Accept-Language"), request.args.get("lang"))
    text = strings(lang)
    html = render_template(template, lang=lang, text=text, base=request_base(),
                           other_lang="en" if lang == "ko" else "ko",
                           other_label=strings("en" if lang == "ko" else "ko")["language_name"],
                           extension=extension_words(lang))
    return html, 200, {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP,
                       "Cache-Control": "no-store", "X-Frame-Options": "DENY"}
