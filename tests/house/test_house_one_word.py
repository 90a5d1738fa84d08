"""One way to say a word: a term said in two places is said the same way in both.

The words live in four homes: the gettext catalogs (the report, the teachers' pages, the API's
sentences, and the phone page's words in backend/start/words.py), the extension's _locales (the
browser reads them itself, so they stay there), and the tips' data. The phone page's words are
the catalogs' (words.py is their English, extracted by `make messages`). For the others the
check is this: one English text has one Korean text wherever it appears, and a key the phone
page and the extension share names the same words.
"""
import json
import re
from pathlib import Path

from babel.messages.pofile import read_po

from backend.report.language import catalog_path
from backend.start.words import WORDS, strings

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
EXTENSION_PLACEHOLDER = re.compile(r"\$\d+|\$\w+\$")


def catalog():
    """{English msgid: Korean msgstr} of the catalog (singular messages)."""
    with catalog_path("ko").open("rb") as po:
        return {m.id: m.string for m in read_po(po, locale="ko") if isinstance(m.id, str) and m.id}


def extension(lang):
    path = ROOT / "extension" / "_locales" / lang / "messages.json"
    return {key: value["message"] for key, value in json.loads(path.read_text(encoding="utf-8")).items()}


def tip_pairs(node, where):
    """(English, Korean, file) for every {"en": …, "ko": …} in a tips file (lists line by line)."""
    if isinstance(node, list):
        for item in node:
            yield from tip_pairs(item, where)
    elif isinstance(node, dict):
        en, ko = node.get("en"), node.get("ko")
        if isinstance(en, str) and isinstance(ko, str):
            yield en, ko, where
        elif isinstance(en, list) and isinstance(ko, list) and len(en) == len(ko):
            yield from ((a, b, where) for a, b in zip(en, ko) if isinstance(a, str) and isinstance(b, str))
        for key, value in node.items():
            if key not in ("en", "ko"):
                yield from tip_pairs(value, where)


def sayings():
    """{English text: {Korean text: [where it is said]}} over every home."""
    said = {}

    def add(en, ko, where):
        said.setdefault(en, {}).setdefault(ko, []).append(where)

    for en, ko in catalog().items():
        add(en, ko, "catalog")
    korean = strings("ko")
    for key, en in WORDS.items():
        add(en, korean[key], f"phone page {key}")
    en_messages, ko_messages = extension("en"), extension("ko")
    for key, en in en_messages.items():
        add(en, ko_messages.get(key), f"extension {key}")
    for path in sorted((ROOT / "backend" / "tips").rglob("*.json")):
        for en, ko, where in tip_pairs(json.loads(path.read_text(encoding="utf-8")), f"tips {path.name}"):
            add(en, ko, where)
    return said


def test_one_english_text_has_one_korean_text_in_every_home():
    differing = {en: kos for en, kos in sayings().items() if len(kos) > 1}
    assert not differing, f"one term, two translations: {differing}"


def test_the_homes_share_terms_so_the_check_has_something_to_compare():
    shared = [en for en, kos in sayings().items()
              if len({where.split(" ")[0] for places in kos.values() for where in places}) > 1]
    assert len(shared) >= 50, shared


def test_every_phone_page_word_is_translated_in_the_catalog():
    translated = catalog()
    assert not [key for key, en in WORDS.items() if not translated.get(en)]


def test_the_phone_page_and_the_extension_say_a_shared_key_the_same():
    en, ko = extension("en"), extension("ko")
    shared = set(WORDS) & set(en)
    assert shared, "the stage words, add and remove are named the same in both"
    for lang, theirs in (("en", en), ("ko", ko)):
        ours = strings(lang)
        assert {key: ours[key] for key in shared} == {key: theirs[key] for key in shared}, lang


def test_translations_keep_their_placeholders():
    korean = strings("ko")
    assert [key for key, en in WORDS.items()
            if set(PLACEHOLDER.findall(en)) != set(PLACEHOLDER.findall(korean[key]))] == []
    en, ko = extension("en"), extension("ko")
    assert en.keys() == ko.keys()
    assert [key for key in en if sorted(EXTENSION_PLACEHOLDER.findall(en[key]))
            != sorted(EXTENSION_PLACEHOLDER.findall(ko[key]))] == []


def test_the_check_sees_a_term_said_two_ways(monkeypatch):
    # The same English in the extension with another Korean than the catalog's is caught.
    real = extension

    def drifted(lang):
        messages = real(lang)
        return messages | {"stage_done": "끝"} if lang == "ko" else messages

    monkeypatch.setitem(globals(), "extension", drifted)
    assert "Done" in {en for en, kos in sayings().items() if len(kos) > 1}
