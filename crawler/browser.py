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


def launch_options(headless=True, proxy=None, marker=None):
    """Keyword arguments for Playwright's `chromium.launch` on this machine.

    `proxy` is the guarded proxy's URL (crawler/proxy.py); with it every
    connection the browser makes, loopback included, goes through the guard.
    `marker` is an inert switch that names the browser's processes.
    """
    args = list(CHROMIUM_ARGS) + (["--exposure-crawler=" + marker] if marker else [])
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


def kill_browser_processes(marker):
    """Kill the Chromium processes whose command line carries `marker` (Linux /proc).

    Used when a page hangs the browser: Playwright's sync objects cannot be
    touched from a watchdog thread, but the processes can be ended, which makes
    the blocked call return with an error. The marker is a harmless extra switch
    given at launch, so only this Crawler's browser is hit.
    """
    killed = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker.encode() in cmdline.read_bytes():
                os.kill(int(cmdline.parent.name), 9)
                killed += 1
        except (OSError, ValueError):
            continue
    return killed
