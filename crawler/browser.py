"""The browser's life: finding, launching, recycling and, when a page hangs it, killing the
Chromium that Playwright drives, and the guarded context each profile gets.

One `Browser` per Crawler (per worker thread); it is only touched from the thread that made it.
"""
import logging
import os
import shutil
import threading
import uuid
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from . import netguard
from .proxy import GuardProxy

log = logging.getLogger(__name__)

USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/124.0 Safari/537.36")
# Requests a photo crawl never needs; refusing them saves time and bytes.
SKIPPED_TYPES = {"media", "font", "websocket", "eventsource", "manifest", "texttrack", "ping"}
# Images keep their layout and natural size (all the crawler reads) but are never painted, so
# Chromium never decodes them in full: a 20000x20000 PNG bomb would take 1.6 GB in the renderer.
UNPAINTED_IMAGES = ("(() => { const sheet = new CSSStyleSheet(); "
                    "sheet.replaceSync('img, video, input[type=image] { visibility: hidden !important; }'); "
                    "document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; })()")
# One page per profile: a popup would be a second page (and renderer) holding images of its own.
NO_POPUPS = "window.open = () => null;"
NO_WEBRTC = "for (const k of ['RTCPeerConnection','webkitRTCPeerConnection','RTCDataChannel']) { try { delete window[k]; } catch (e) {} }"

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


class Browser:
    """One Chromium for one thread, every connection through the guard proxy, recycled after
    `profiles_per_browser` profiles and killed by `kill()` (a watchdog) when a page hangs it."""

    def __init__(self, page_timeout_s, profiles_per_browser):
        self.page_timeout_s, self.profiles_per_browser = page_timeout_s, profiles_per_browser
        self.chromium = None
        self.proxy = None
        self.hung = False  # set by kill(): the last page hung the browser
        self._playwright = None
        self._profiles = 0
        self._thread = None
        self._marker = uuid.uuid4().hex

    def new_context(self):
        """A fresh guarded context for one profile, starting (or recycling) the browser first.

        Raises RuntimeError when called from another thread than the first caller's."""
        chromium = self._ensure()
        context = chromium.new_context(service_workers="block", user_agent=USER_AGENT, accept_downloads=False,
                                       viewport={"width": 1280, "height": 900}, locale="en-US")
        guard_context(context)
        return context

    def warm(self):
        """Start the browser now rather than on the first profile (a queue worker warms up once)."""
        self._ensure()
        self._profiles = 0

    def in_own_thread(self):
        return self._thread == threading.get_ident()

    def close_browser(self):
        """Close Chromium (after a failure, or to recycle it); the next context starts a new one."""
        chromium, self.chromium = self.chromium, None
        if chromium is not None:
            try:
                chromium.close()
            except PlaywrightError:
                pass

    def close(self):
        """Close the browser, Playwright and the guard proxy."""
        self.close_browser()
        if self._playwright:
            _thread_playwright(-1)
            self._playwright = None
        if self.proxy:
            self.proxy.stop()
            self.proxy = None

    def kill(self):
        """End this browser's processes from any thread: the blocked Playwright call then returns."""
        self.hung = True
        log.warning("a page hung the browser past the time limit; ending it")
        kill_browser_processes(self._marker)

    def _ensure(self):
        if self._thread is None:
            self._thread = threading.get_ident()
        elif not self.in_own_thread():
            raise RuntimeError("a Crawler is used in the thread that created it")
        if self.chromium is not None and (self._profiles >= self.profiles_per_browser
                                          or not self.chromium.is_connected()):
            self.close_browser()
        if self.proxy is None:
            self.proxy = GuardProxy(idle_timeout_s=self.page_timeout_s).start()
        if self._playwright is None:
            self._playwright = _thread_playwright(+1)
        if self.chromium is None:
            self.chromium = self._playwright.chromium.launch(**launch_options(proxy=self.proxy.url,
                                                                              marker=self._marker))
            self._profiles = 0
        self._profiles += 1
        return self.chromium


_local = threading.local()


def _thread_playwright(change):
    """This thread's Playwright, shared by its Browsers (two sync Playwrights cannot run in one thread).

    `change` +1 takes a reference (starting Playwright if needed), -1 drops one
    (stopping it with the last).
    """
    users = getattr(_local, "users", 0) + change
    if change > 0 and users == 1:
        _local.playwright = sync_playwright().start()
    playwright = getattr(_local, "playwright", None)
    if users == 0 and playwright is not None:
        playwright.stop()
        _local.playwright = None
    _local.users = users
    return playwright


def guard_context(context):
    """Check every sub-request against the guard (the proxy checks again, per connection)."""
    allowed = {}

    def route(route):
        request = route.request
        if request.resource_type in SKIPPED_TYPES:
            return route.abort("blockedbyclient")
        host = request.url.split("/")[2] if "://" in request.url else ""
        if host not in allowed:
            try:
                netguard.check_url(request.url)
                allowed[host] = True
            except netguard.BlockedURL:
                allowed[host] = False
        return route.continue_() if allowed[host] else route.abort("blockedbyclient")

    context.route("**/*", route)
    context.route_web_socket("**/*", lambda ws: ws.close())
    context.add_init_script(NO_WEBRTC)
    context.add_init_script(NO_POPUPS)
    context.on("page", _close_popup)
    context.add_init_script(UNPAINTED_IMAGES)


def _close_popup(page):
    """Close a page the visited page opened itself (a link with target=_blank it clicked)."""
    if page.opener() is not None:
        try:
            page.close()
        except PlaywrightError:
            pass
