"""Finding and launching the Chromium that Playwright drives (docs/design.md, "Browser")."""
import os
import shutil
from pathlib import Path

# Chromium's own background services, which would reach Google during a crawl (seen: accounts,
# update, clients2, optimizationguide): component updates, sign-in, optimisation hints,
# safe-browsing and phishing pings, network time, variations, translate, domain reliability.
# Chromium keeps only the last --disable-features switch, so this one list must also carry the
# features Playwright's own switch turns off (ours, coming later, replaces it).
DISABLED_FEATURES = [
    # Playwright's list (chromiumSwitches.ts), which ours replaces.
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "OptimizationHints",
    "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch",
    # Background services that reach the network.
    "OptimizationHintsFetching", "OptimizationGuideModelDownloading", "OptimizationTargetPrediction",
    "OptimizationGuideOnDeviceModel", "AutofillServerCommunication", "CertificateTransparencyComponentUpdater",
    "Translate", "TranslateUI", "InterestFeedContentSuggestions", "DialMediaRouteProvider",
    "SafeBrowsingRealTimeUrlLookup", "ClientSidePhishingDetection",
    # Guesses and preloads that would fetch beyond the page.
    "NetworkPrediction", "PreloadMediaEngagementData", "Prerender2", "SpeculationRulesPrefetchProxy",
]
# Where the services that no switch turns off are sent instead: the discard port on loopback,
# which the guard refuses in production and nothing answers in tests.
NOWHERE = "http://127.0.0.1:9"
CHROMIUM_ARGS = [
    "--disable-background-networking",
    # The component updater still checked update.googleapis.com, and sign-in called
    # accounts.google.com (ListAccounts), with the switches above alone.
    f"--component-updater=url-source={NOWHERE}",
    f"--gaia-url={NOWHERE}",
    f"--google-apis-url={NOWHERE}",
    f"--lso-url={NOWHERE}",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-client-side-phishing-detection",
    "--safebrowsing-disable-auto-update",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--no-pings",
    "--no-first-run",
    "--disable-quic",
    "--disable-gpu",
    # WebRTC would open UDP sockets around the guarded proxy.
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--disable-features=" + ",".join(DISABLED_FEATURES),
    "--mute-audio",
]
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome")
GOOGLE_KEYS = ("GOOGLE_API_KEY", "GOOGLE_DEFAULT_CLIENT_ID", "GOOGLE_DEFAULT_CLIENT_SECRET")


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
        options["executable_path"] = unwrapped(executable)
    # Without API keys Chromium has no Google sign-in or other keyed services to call.
    options["env"] = {k: v for k, v in os.environ.items() if not k.startswith(GOOGLE_KEYS)}
    return options


def unwrapped(executable):
    """The browser binary itself when `executable` is a distribution's launcher script.

    Debian's /usr/bin/chromium is a shell script that exports Google API keys and adds
    --enable-remote-extensions before starting /usr/lib/chromium/chromium: with the keys the
    crawl browser contacted accounts.google.com. The binary is run directly instead.
    """
    path = Path(executable)
    try:
        if path.read_bytes()[:2] != b"#!":
            return executable
    except OSError:
        return executable
    for binary in (Path("/usr/lib") / path.name / path.name, Path("/usr/lib64") / path.name / path.name):
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return executable


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
