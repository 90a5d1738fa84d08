"""`make extension`: the store zip (Chrome Web Store, Edge Add-ons, addons.mozilla.org) holds the
manifest at its root and every file the extension uses, nothing else, and passes web-ext lint."""
import importlib.machinery
import importlib.util
import json
import re
import zipfile

import pytest

from tests.helpers.extension_harness import EXTENSION, ROOT
from tests.helpers.extension_lint import EXPECTED_LINT_WARNINGS, lint

loader = importlib.machinery.SourceFileLoader("build_extension", str(ROOT / "scripts" / "build-extension"))
build_extension = importlib.util.module_from_spec(importlib.util.spec_from_loader("build_extension", loader))
loader.exec_module(build_extension)


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    return build_extension.build(tmp_path_factory.mktemp("dist"))


def referenced_files(manifest):
    """Every file the manifest names, and every file a page or script of the extension loads."""
    names = {manifest["action"]["default_popup"], manifest["options_ui"]["page"], manifest["background"]["service_worker"],
             manifest["storage"]["managed_schema"], *manifest["icons"].values()}
    names |= {js for script in manifest.get("content_scripts", []) for js in script["js"]}
    for page in EXTENSION.glob("*.html"):
        names |= set(re.findall(r'(?:src|href)="([^":#]+)"', page.read_text(encoding="utf-8")))
    for script in EXTENSION.rglob("*.js"):
        for imported in re.findall(r'from "(\./[^"]+)"', script.read_text(encoding="utf-8")):
            names.add((script.parent / imported).resolve().relative_to(EXTENSION.resolve()).as_posix())
    return names


def test_the_zip_has_the_manifest_at_its_root_and_every_file_the_extension_uses(package):
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert package.name == f"exposure-check-{manifest['version']}.zip"
    assert referenced_files(manifest) - names == set()
    assert {"_locales/en/messages.json", "_locales/ko/messages.json"} <= names
    assert not [n for n in names if n.endswith(".md") or "/." in "/" + n or "node_modules" in n]
    assert not [n for n in names if n.startswith("/") or ".." in n.split("/")]


def test_the_same_source_gives_the_same_zip(package, tmp_path):
    assert build_extension.build(tmp_path).read_bytes() == package.read_bytes()


@pytest.mark.slow
def test_web_ext_lint_passes_the_packaged_zip(package, tmp_path):
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "unpacked")
    report = lint(tmp_path / "unpacked")
    if report is None:
        pytest.skip("npm is not here to install web-ext (the manifest schema test still runs)")
    assert report["errors"] == [] and report["notices"] == [], report
    assert [(w["code"], w["message"]) for w in report["warnings"]] == EXPECTED_LINT_WARNINGS
