"""One home for the words: no Korean in the backend's Python, only in the catalogs and the tips' data.

A Korean sentence written into a module is a second source beside the catalogs: it escapes
`make messages` and the careful reading the catalogs get. The few modules allowed Korean hold
what a platform's export or page writes (to read it), not words shown to a person.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# What exports and pages write, read by the parsers; and a language's own name on its switch.
READ_NOT_SAID = {
    "backend/export/languages.py": "album titles and month names as exports write them",
    "backend/export/index.py": "dates as exports write them",
    "backend/export/facebook.py": "a docstring's example of Facebook's mangled UTF-8",
    "backend/report/language.py": "한국어, the language's own name on the switch",
}


def korean_lines():
    """{path: [line numbers]} of the backend's Python lines that hold Korean."""
    found = {}
    for path in sorted((ROOT / "backend").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if HANGUL.search(line)]
        if lines:
            found[name] = lines
    return found


def test_no_korean_words_in_the_backends_python():
    said = {name: lines for name, lines in korean_lines().items() if name not in READ_NOT_SAID}
    assert not said, ("Korean in Python: put the words in the catalogs (N_ / _, make messages) "
                      f"or the tips' data: {said}")


def test_the_allowed_modules_still_need_it():
    # An allowance whose module no longer holds Korean is one to take out.
    assert set(READ_NOT_SAID) <= set(korean_lines())


def test_the_check_sees_korean():
    assert HANGUL.search('x = "점검"') and not HANGUL.search('x = "check"')
