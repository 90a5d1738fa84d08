"""The human report page: one self-contained HTML file, in Korean or English.

    render_report(document, *, lang="en", previous=None, thumbnails=None, switch_url=None,
                  me_url=None, me_key=None) -> str
    render_view(report, t, around, thumbnails, ...) -> str   (a view built once: report.document.read_audit)
    pick_language(accept_language, requested) -> "ko" | "en"

No external resources: styles are inline, thumbnails are data: URIs, and a
Content-Security-Policy forbids everything else (scripts included). The only
form ("this is me") posts back to the report's own address.
"""
import functools
from pathlib import Path

import jinja2

from backend.report import view
from backend.report.language import N_, Translator, pick_language, switch_links, translations

TEMPLATES = Path(__file__).parent / "templates"

__all__ = ["render_report", "render_view", "render_notice", "pick_language", "reader_summary", "summary",
           "reader_clear_count", "reader_choice"]

# Tables of wording the templates look up by a value; English here, other languages in their catalog.
WORDS = {
    "risk_words": view.RISK_WORDS,
    "status_words": {
        "ok": (N_("Open"), N_("Anyone can open this profile without logging in.")),
        "login_wall": (N_("Login wall"), N_("A stranger is asked to log in. Whatever shows before the login box "
                                            "is still public.")),
        "private": (N_("Private"), N_("The account is private: a stranger sees the profile photo and name only.")),
        "not_found": (N_("Not found"), N_("This profile doesn't exist, or the link is wrong.")),
        "blocked": (N_("Blocked"), N_("The site refused our visit, so this profile wasn't checked. "
                                      "Try again later.")),
        "error": (N_("Error"), N_("Something went wrong, so this profile wasn't checked.")),
        "pending": (N_("Not checked yet"), N_("This profile hasn't been checked yet.")),
        "followers": (N_("Followers"), N_("What your followers see, read from your data export or from your "
                                          "profile while you were logged in. A stranger sees these photos only "
                                          "if your account is public.")),
    },
    "meaning_words": {
        "high": N_("Large, sharp and clear: one photo is enough for a face-swap app."),
        "medium": N_("Usable with some effort, or together with other photos of the same person."),
        "low": N_("Too small, blurred, dark or turned away to be of much use."),
        "none": N_("No face clear enough to use was found in the photo."),
    },
    "link_words": {
        "help": N_("Website"), "note": N_("Read more"),
        "platform": N_("Open the setting or help page"), "general": N_("Open the setting or help page"),
    },
}


@functools.lru_cache(maxsize=None)
def environment(lang):
    """The Jinja2 environment of one language; autoescape on, since profile URLs and messages come
    from the web."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.globals.update(WORDS)
    return env


def render_report(audit, *, lang="en", previous=None, thumbnails=None, switch_url=None, me_url=None, me_key=None,
                  record_url=None):
    """The report page for `audit` (the audit document: docs/design.md shape plus "created_at", "consent"
    and "reader"), for a caller that has no view built yet (the tests, a saved file).

    previous: an earlier audit of the same profiles, for "what changed".
    thumbnails: {photo_id: JPEG bytes}; a photo without one gets a placeholder.
    """
    t = Translator(lang)
    return render_view(view.build(audit, t, previous=previous, thumbnails=thumbnails), t, audit.get("around"),
                       thumbnails, switch_url=switch_url, me_url=me_url, me_key=me_key, record_url=record_url)


def render_view(report, t, around=None, thumbnails=None, *, switch_url=None, me_url=None, me_key=None,
                record_url=None):
    """The report page for a view already built (view.build, once a request).

    around: the document's photos of the reader in others' accounts.
    switch_url: the report's own URL; the language switch adds lang=en|ko to it.
    me_url, me_key: where the "this is me" form posts, and the report key it carries;
    without them the people are shown without the buttons (a saved file, the CLI).
    record_url(photo_id): where a photo of the reader found around them gets its record without the image.
    """
    return environment(t.lang).get_template("report.html").render(
        report=report, lang=t.lang, switch=switch_links(switch_url, t.lang), me_url=me_url, me_key=me_key,
        around=around_shown(around, thumbnails or {}, record_url))


def around_shown(around, thumbnails, record_url=None):
    """The photos of the reader in others' accounts with their thumbnails and safe links (None: no such account)."""
    if not around:
        return None
    return around | {"photos": [photo | {"src": photo.get("thumbnail") or view.thumbnail_src(thumbnails.get(photo["id"])),
                                         "href": view.safe_link(photo.get("page_url") or photo.get("image_url")),
                                         "record": record_url(photo["id"]) if record_url else None}
                                for photo in around["photos"]]}


def reader_summary(audit, lang="en"):
    """The report's first screen as data, for the popup (summary), from an audit document."""
    t = Translator(lang)
    return summary(view.build(audit, t), t)


def summary(report, t):
    """The first screen of a built view as data: {"verdict": {"sentence", "grade", "audience", "unread",
    "label"}, "first_steps": [{"id", "platform", "title", "photos_affected"}], "reader_photos": n}."""
    return {"verdict": {"sentence": report["verdict"]["sentence"], "grade": report["verdict"]["grade"],
                        "audience": report["verdict"].get("audience"), "unread": report["verdict"].get("unread"),
                        "label": t(view.RISK_WORDS[report["verdict"]["grade"]])},
            "first_steps": [{"id": tip["id"], "platform": tip.get("platform_label"), "title": tip["title"],
                             "photos_affected": tip.get("photos_affected", 0)} for tip in report["first_steps"]],
            "reader_photos": len(report["reader"]["clear_ids"]) + len(report["reader"]["other_risky_ids"])}


def render_notice(kind, lang="en"):
    """A short page instead of a report: "deleted", "not_found", "bad_choice" or "forbidden"."""
    lang = "ko" if lang == "ko" else "en"
    return environment(lang).get_template("notice.html").render(kind=kind, lang=lang, me_url=None)


def reader_clear_count(audit):
    """How many photos show the reader clearly (the report's first number): public ones, and
    with an export or the own-profile check also those only followers see."""
    return len(_reader(audit)["clear_ids"])


def reader_choice(audit):
    """Who the report takes the reader to be now, as a choice to change: {"identities", "not_me"}
    (the guess, while they have not said)."""
    reader = _reader(audit)
    return {"identities": list(reader["ids"]), "not_me": list(reader["not_me"])}


def _reader(audit):
    return view.choose_reader(audit, view.find_people(audit, {}))
