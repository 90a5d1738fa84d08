"""Mozilla's linter (web-ext lint) on an extension folder, installed from
tests/extension/package-lock.json when missing (a test tool, kept out of extension/)."""
import json
import shutil
import subprocess
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1] / "extension"  # package.json: web-ext
WEB_EXT = TOOLS / "node_modules" / ".bin" / "web-ext"
# Firefox ignores the Chrome-only key that the shared manifest carries; nothing else may warn.
EXPECTED_LINT_WARNINGS = [("MANIFEST_FIELD_UNSUPPORTED", '"/background/service_worker" is not supported.')]


def web_ext():
    """The web-ext command, installed from tests/extension/package-lock.json when missing;
    None when npm cannot install it here (then the schema checks above stand alone)."""
    if not WEB_EXT.exists() and shutil.which("npm"):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS,
                       capture_output=True, timeout=240, check=False)
    return str(WEB_EXT) if WEB_EXT.exists() else None


def lint(folder):
    command = web_ext()
    if command is None:
        return None
    result = subprocess.run([command, "lint", "--source-dir", str(folder), "--output", "json"],
                            capture_output=True, text=True, timeout=240, check=False)
    return json.loads(result.stdout[result.stdout.index("{"):])
