"""The one manifest that Chrome, Edge and Firefox all load: least privilege, no remote
code, a CSP, the two locales, and Mozilla's own linter (web-ext lint) on extension/."""
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers.extension_harness import EXTENSION, messages
from tests.helpers.extension_lint import EXPECTED_LINT_WARNINGS, lint

SOURCE = EXTENSION
# scripting: "check what my followers see" runs its content script on the user's own profile only
# when asked, with host access requested at that moment (optional_host_permissions); and the popup
# reads a pairing link's page it was opened over (activeTab).
ALLOWED_PERMISSIONS = {"storage", "activeTab", "contextMenus", "scripting"}


def manifest(folder):
    return json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))


def check_manifest(data, folder):
    """The schema the extension relies on in both browsers; returns a list of problems."""
    problems, files = [], []
    if data.get("manifest_version") != 3:
        problems.append("not Manifest V3")
    if not re.fullmatch(r"\d+(\.\d+){0,3}", str(data.get("version", ""))):
        problems.append("bad version")
    if set(data.get("permissions", [])) - ALLOWED_PERMISSIONS:
        problems.append(f"extra permissions {set(data['permissions']) - ALLOWED_PERMISSIONS}")
    if data.get("host_permissions") != ["http://127.0.0.1/*", "http://localhost/*"]:
        problems.append("host access beyond the local backend")
    # No content script in any page: the extension reads a tab only when the user opens it over
    # that tab (activeTab), e.g. a pairing link's page (lib/pairing.js).
    if data.get("content_scripts"):
        problems.append(f"content scripts {[c.get('matches') for c in data['content_scripts']]}")
    csp = data.get("content_security_policy", {}).get("extension_pages", "")
    if "script-src 'self'" not in csp or "unsafe" in csp or "object-src 'none'" not in csp:
        problems.append(f"weak CSP {csp!r}")
    if data.get("default_locale") != "en":
        problems.append("no default locale")
    files += [data["action"]["default_popup"], data["options_ui"]["page"], *data["icons"].values()]
    files += [data["storage"]["managed_schema"]] if "storage" in data else []
    background = data.get("background", {})
    files += background.get("scripts", []) + [background.get("service_worker")] * ("service_worker" in background)
    problems += [f"missing {name}" for name in files if not (Path(folder) / name).is_file()]
    return problems


def test_one_manifest_serves_chrome_and_firefox():
    data = manifest(EXTENSION)
    assert check_manifest(data, EXTENSION) == []
    # Chrome and Edge run the service worker; Firefox runs the same module as an event page.
    assert data["background"] == {"service_worker": "background.js", "scripts": ["background.js"], "type": "module"}
    assert data["browser_specific_settings"]["gecko"]["id"]


def test_the_schema_check_catches_a_broken_manifest():
    data = manifest(EXTENSION)
    data["permissions"].append("tabs")
    data["content_security_policy"]["extension_pages"] = "script-src 'self' 'unsafe-eval'"
    data["action"]["default_popup"] = "nowhere.html"
    assert len(check_manifest(data, EXTENSION)) == 3
    data = manifest(EXTENSION)
    data["content_scripts"] = [{"matches": ["<all_urls>"], "js": ["popup.js"]}]
    assert len(check_manifest(data, EXTENSION)) == 1


def test_no_remote_code_in_the_pages_or_scripts():
    for page in SOURCE.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for src in re.findall(r'<script[^>]*src="([^"]+)"', text):
            assert (SOURCE / src).is_file(), f"{page.name} loads {src}"
        assert not re.search(r"<script(?![^>]*src=)[^>]*>", text), f"inline script in {page.name}"
    for script in SOURCE.rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"\beval\(|new Function|importScripts\(|import\(\s*[\"']https?:", text), script


def test_both_locales_have_every_message_the_extension_uses():
    english, korean = messages("en"), messages("ko")
    assert set(english) == set(korean)
    assert all(korean.values()) and all(english.values())
    # Substitutions must match, or a Korean sentence would lose its number.
    for key in english:
        assert sorted(re.findall(r"\$\d", english[key])) == sorted(re.findall(r"\$\d", korean[key])), key
    code = "\n".join(p.read_text(encoding="utf-8") for p in [*SOURCE.glob("*.html"), *SOURCE.rglob("*.js")])
    used = set(re.findall(r'\bt\("(\w+)"', code)) | set(re.findall(r'data-i18n="(\w+)"', code))
    used |= set(re.findall(r":(\w+)\"", " ".join(re.findall(r'data-i18n-attr="[^"]+"', code))))
    used |= set(re.findall(r"__MSG_(\w+)__", (EXTENSION / "manifest.json").read_text()))
    assert used - set(english) == set()


@pytest.mark.slow
def test_web_ext_lint_passes_the_extension_and_fails_a_broken_copy(tmp_path):
    report = lint(EXTENSION)
    if report is None:  # no npm here: the schema checks above are the fallback
        assert check_manifest(manifest(EXTENSION), EXTENSION) == []
        return
    assert report["errors"] == [] and report["notices"] == [], report
    assert [(w["code"], w["message"]) for w in report["warnings"]] == EXPECTED_LINT_WARNINGS
    broken = shutil.copytree(EXTENSION, tmp_path / "broken")
    data = manifest(broken)
    data["background"] = {"scripts": "background.js"}
    del data["browser_specific_settings"]
    (broken / "manifest.json").write_text(json.dumps(data))
    assert lint(broken)["summary"]["errors"] > 0
