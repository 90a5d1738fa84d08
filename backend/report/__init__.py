"""The human report page: one self-contained HTML file, in Korean or English.

    render_report(audit, *, lang="en", previous=None, thumbnails=None, switch_url=None) -> str
    pick_language(accept_language, requested) -> "ko" | "en"

No external resources: styles are inline, thumbnails are data: URIs, and a
Content-Security-Policy forbids everything else (scripts included).
"""
import functools
from pathlib import Path

import jinja2

from backend.report import view
from backend.report.language import Translator, pick_language, switch_links

TEMPLATES = Path(__file__).parent / "templates"

__all__ = ["render_report", "pick_language"]


@functools.lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment; autoescape on, since profile URLs and messages come from the web."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(audit, *, lang="en", previous=None, thumbnails=None, switch_url=None):
    """The report page for `audit` (DESIGN.md shape plus "created_at" and "consent").

    previous: an earlier audit of the same profiles, for "what changed".
    thumbnails: {photo_id: JPEG bytes}; a photo without one gets a placeholder.
    switch_url: the report's own URL; the language switch adds lang=en|ko to it.
    """
    lang = "ko" if lang == "ko" else "en"
    t = Translator(lang)
    report = view.build(audit, t, lang, previous=previous, thumbnails=thumbnails)
    return environment().get_template("report.html").render(
        report=report, t=t, lang=lang, switch=switch_links(switch_url, lang))
