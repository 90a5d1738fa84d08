"""The report's two languages: choosing one, and the words in it.

The wording lives in gettext catalogs (backend/report/translations/<lang>/LC_MESSAGES/
messages.po): English is the source text in the code and templates, Korean its
translation. We use Babel's catalogs directly rather than Flask-Babel because the
report is also rendered outside a request (the CLI's `audit --out`) and always in a
language chosen for it, not one picked per request; the .po files and the
`pybabel extract/update` tooling translators know are the same (`make messages`).
"""
import functools
import io
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "ko")
TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def pick_language(accept_language, requested):
    """"ko" or "en": the one asked for by name, else the browser's preference, else "en"."""
    asked = _base(requested)
    if asked in LANGUAGES:
        return asked
    best, best_q = "en", 0.0
    for part in str(accept_language or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        q = _quality(params)
        if _base(tag) in LANGUAGES and q > best_q:
            best, best_q = _base(tag), q
    return best


def switch_links(switch_url, current):
    """[{"lang", "label", "href", "current"}] for the language switch, or [] without a URL."""
    if not switch_url:
        return []
    parts = urlsplit(switch_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return [{"lang": lang, "label": language_name(lang), "current": lang == current,
             "href": urlunsplit(parts._replace(query=urlencode(query + [("lang", lang)])))}
            for lang in LANGUAGES]


def language_name(lang):
    """A language's name in itself, as a switch to it shows it."""
    return {"en": "English", "ko": "한국어"}[lang]    # an endonym: the same in every language


def catalog_path(lang):
    return TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po"


@functools.lru_cache(maxsize=None)
def translations(lang):
    """gettext translations for `lang`; English needs none (its words are the source).

    The .po file is compiled in memory, so there is no build step and no binary in git."""
    if lang not in LANGUAGES or lang == "en":
        return NullTranslations()
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return Translations(mo)


class Translator:
    """The words of one language: t("Hello %(name)s", name=…), t.n("%(num)s photo", "%(num)s photos", 3)."""

    def __init__(self, lang):
        self.lang = lang if lang in LANGUAGES else "en"
        self.translations = translations(self.lang)

    def __call__(self, message, **values):
        text = self.translations.gettext(message)
        return text % values if values else text

    def n(self, singular, plural, num, **values):
        return self.translations.ngettext(singular, plural, num) % {"num": num, **values}


def N_(message):  # noqa: N802 - gettext's name for the marker, which extraction looks for
    """Marks a message for extraction where it is translated later (tables of wording)."""
    return message


def Nn_(singular, plural):  # noqa: N802 - N_ for a message with a plural (extracted as Nn_:1,2)
    """Marks a message and its plural for extraction, for t.n(*pair, num) later."""
    return singular, plural


def _base(tag):
    return str(tag or "").strip().lower().split("-")[0].split("_")[0]


def _quality(params):
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0
