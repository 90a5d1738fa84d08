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
    # WebRTC would open UDP sockets around the guarded proxy.
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--disable-features=NetworkPrediction,PreloadMediaEngagementData,MediaRouter",
    "--mute-audio",
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


def launch_options(headless=True, proxy=None):
    """Keyword arguments for Playwright's `chromium.launch` on this machine.

    `proxy` is the guarded proxy's URL (crawler/proxy.py); with it every
    connection the browser makes, loopback included, goes through the guard.
    """
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    options = {"headless": headless, "args": args}
    if proxy:
        # "<-loopback>" removes Chromium's implicit bypass, so 127.0.0.1 is guarded too.
        options["proxy"] = {"server": proxy, "bypass": "<-loopback>"}
    executable = find_chromium()
    if executable:
        options["executable_path"] = executable
    return options


def _playwright_chromium_installed():
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    return any(root.glob("chromium-*/chrome-linux*/chrome"))


def kill_browser_processes(parent_pid):
    """Kill the Chromium processes started under `parent_pid` (Linux /proc); used when a page hangs the browser.

    Playwright's sync objects cannot be touched from a watchdog thread, but the
    processes can be ended, which makes the blocked call return with an error.
    """
    proc = Path("/proc")
    children = {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    pending, killed = list(children.get(parent_pid, [])), 0
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        try:
            os.kill(pid, 9)
            killed += 1
        except OSError:
            pass
    return killed
