"""The tests' own house: what they share is in one package, tests/helpers/, imported one way.

Helpers scattered beside the tests (18 modules in 8 folders), reached through `sys.path` edits
or relative imports, and tests that imported bench/ or another test module made each test's
imports a puzzle. Now: a file under tests/ is a test module, a conftest (fixtures) or a helper
in tests/helpers/; imports of test code are `from tests.helpers.<module> import …`; nothing in
tests/ edits sys.path or imports bench/ (bench imports tests/helpers/ where it shares code).
"""
import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
HELPERS = TESTS / "helpers"


def python_files():
    return sorted(p for p in TESTS.rglob("*.py") if "node_modules" not in p.parts)


def imported(path):
    """(module name, level) of every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level


def test_every_file_outside_the_helper_package_is_a_test_or_a_conftest():
    stray = [p.relative_to(TESTS).as_posix() for p in python_files()
             if HELPERS not in p.parents and not p.name.startswith("test_") and p.name != "conftest.py"]
    assert stray == [], "a helper belongs in tests/helpers/"
    assert (HELPERS / "__init__.py").exists()


def test_test_code_is_imported_one_way_from_the_helper_package():
    test_modules = {p.stem for p in python_files() if p.name.startswith("test_")} | {"conftest"}
    helpers = {p.stem for p in HELPERS.glob("*.py")}
    wrong = {}
    for path in python_files():
        for module, level in imported(path):
            top = module.split(".")[0]
            if (level or top in test_modules | helpers | {"bench"}
                    or (top == "tests" and not (module == "tests.helpers" or module.startswith("tests.helpers.")))):
                wrong.setdefault(path.relative_to(TESTS).as_posix(), []).append("." * level + module)
    assert wrong == {}, "import test code as tests.helpers.<module>; no relative, bare, bench or test-module imports"


def test_no_test_edits_the_import_path():
    edits = [p.relative_to(TESTS).as_posix() for p in python_files()
             if "sys.path" in p.read_text(encoding="utf-8") and p != Path(__file__)]
    assert edits == []


def test_the_check_sees_a_stray_import(tmp_path):
    bad = tmp_path / "test_bad.py"
    bad.write_text("from .conftest import x\nfrom bench.hard import y\nfrom tests.e2e.live_server import z\n")
    assert list(imported(bad)) == [("conftest", 1), ("bench.hard", 0), ("tests.e2e.live_server", 0)]


# A module named in a string (a child process's `-c` code, `-m` arguments) is an import too.
NAMED_MODULE = re.compile(r"\btests\.(?!helpers\b)[a-z_0-9]+")


def test_no_string_names_a_test_module_outside_the_helper_package():
    named = {p.relative_to(TESTS).as_posix(): NAMED_MODULE.findall(p.read_text(encoding="utf-8"))
             for p in python_files() if p != Path(__file__)}
    assert {path: found for path, found in named.items() if found} == {}
    assert NAMED_MODULE.findall('"-m", "tests.workshop.lan_client"; from tests.sites import x') == [
        "tests.workshop", "tests.sites"] and not NAMED_MODULE.findall("tests.helpers.lan_client")
