"""The report's two languages: choosing one, and the strings in it."""
import functools
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

LANGUAGES = ("en", "ko")
STRINGS_PATH = Path(__file__).parent / "strings.json"
REASONS_PATH = Path(__file__).parent / "reasons.json"


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
    labels = {"en": "English", "ko": "한국어"}
    return [{"lang": lang, "label": labels[lang], "current": lang == current,
             "href": urlunsplit(parts._replace(query=urlencode(query + [("lang", lang)])))}
            for lang in LANGUAGES]


@functools.lru_cache(maxsize=1)
def load_strings():
    """The report's strings: {key: {"en": text | {"one", "other"} | [texts], "ko": ...}}."""
    return json.loads(STRINGS_PATH.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def reason_patterns():
    """[(compiled pattern of an English reason, Korean template)], from reasons.json's templates."""
    rows = json.loads(REASONS_PATH.read_text(encoding="utf-8"))
    return [(re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>-?\\d+)", re.escape(row["en"])) + "$"), row["ko"])
            for row in rows]


def translate_reason(text, lang):
    """A grade reason from the analysis (English) in the report's language; unknown ones stay as they are."""
    if lang != "ko":
        return text
    for pattern, template in reason_patterns():
        match = pattern.match(text)
        if match:
            return template.format(**match.groupdict())
    return text


class Translator:
    """t("key", n=3, platform="Instagram") → the string in one language, filled in."""

    def __init__(self, lang):
        self.lang = lang if lang in LANGUAGES else "en"
        self.strings = load_strings()

    def __call__(self, key, n=None, **values):
        text = self.strings[key][self.lang]
        if isinstance(text, dict):
            text = text["one" if n == 1 else "other"]
        if isinstance(text, list):
            return text
        return text.format(n=n, **values)

    def reason(self, text):
        """One grade reason in this language."""
        return translate_reason(text, self.lang)


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
