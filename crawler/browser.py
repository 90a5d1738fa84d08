"""Finding and launching the Chromium that Playwright drives (DESIGN.md, "Browser")."""
import os
import shutil
from pathlib import Path

# Calmer headless runs on a machine without network; --no-sandbox is needed as root.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
]
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def find_chromium():
    """Return the path of a Chromium binary to use, or None for Playwright's own.

    Order: Playwright's installed browser, EXPOSURE_CHROMIUM, then a system
    Chromium or Chrome on the PATH.
    """
    if _playwright_chromium_installed():
        return None
    configured = os.environ.get("EXPOSURE_CHROMIUM")
    if configured:
        return configured
    for name in SYSTEM_BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "No Chromium found: install one (apt-get install -y chromium) "
        "or set EXPOSURE_CHROMIUM to a Chromium or Chrome binary."
    )


def launch_options(headless=True):
    """Keyword arguments for Playwright's `chromium.launch` on this machine."""
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    options = {"headless": headless, "args": args}
    executable = find_chromium()
    if executable:
        options["executable_path"] = executable
    return options


def _playwright_chromium_installed():
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    return any(root.glob("chromium-*/chrome-linux*/chrome"))
