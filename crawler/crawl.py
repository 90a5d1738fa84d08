"""Crawling one profile as a logged-out stranger: the Crawler that ties the three jobs together.

The browser's life is browser.py, one page visit is visit.py, the pictures' families and their
downloads are families.py. One browser per Crawler (per worker thread), a fresh context per
profile. Every failure becomes a status and a plain message; nothing here raises for a bad
page, and no log line or message carries a profile or image URL.
"""
import logging
import threading
import time
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError

from . import hostmap, netguard, platforms, provenance
from .browser import Browser
from .families import collect_images, count_left_out, group_families
from .standin import StandIns
from .visit import Visit

log = logging.getLogger(__name__)


@dataclass
class Limits:
    """Every bound of one crawl; the defaults suit a real profile on a slow link."""

    page_timeout_s: float = 20.0
    profile_timeout_s: float = 90.0
    scroll_rounds: int = 25
    max_images: int = 200
    max_image_bytes: int = 15_000_000
    max_redirects: int = 10
    image_timeout_s: float = 20.0
    max_dom_nodes: int = 30_000
    settle_ms: int = 400
    min_image_side: int = 100
    profiles_per_browser: int = 20
    fetch_workers: int = 4
    hang_grace_s: float = 15.0


class Crawler:
    """One browser for one thread; `crawl(url)` per profile. Use as a context manager."""

    def __init__(self, limits=None):
        self.limits = limits or Limits()
        self.browser = Browser(self.limits.page_timeout_s, self.limits.profiles_per_browser)
        # A fetch.Budget shared by every profile this Crawler crawls (one audit), or None.
        self.budget = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def warm(self):
        """Start the browser now rather than on the first profile (a queue worker warms up once)."""
        self.browser.warm()

    def close(self):
        """Close the browser, Playwright and the guard proxy."""
        self.browser.close()

    def crawl(self, url, on_progress=None, platform=None, look_for=None):
        """Crawl one profile; returns the result dict (see crawler/__init__.py). Never raises for a bad page.

        `platform` forces an adapter for a URL that is not on the platform's own
        host (local fixture copies of a platform's pages). `look_for`: a short code
        the owner put in their bio; `result["code_found"]` says whether the page
        shows it (the page's text itself is not returned).
        """
        result = {"url": url, "platform": platform or "generic", "status": "error", "message": "", "images": [],
                  "other_images_left_out": {kind: 0 for kind in provenance.LEFT_OUT} | {"reasons": {}},
                  "code_found": False if look_for else None}
        try:
            seen = hostmap.seen_as(url)  # test fixtures only: the real URL a local copy stands for
            identity = platforms.identify_profile(seen)
            result["platform"] = platform or identity["platform"]
            result["url"] = url if (platform or seen != url) else identity["url"]
            netguard.check_url(result["url"])
            adapter = platforms.adapter_named(result["platform"])
            owner = provenance.Owner(adapter.owner_names(identity["url"]))
            self._run(result, adapter, owner, on_progress, look_for)
        except netguard.BlockedURL as refused:
            result.update(status="error" if refused.unresolved else "blocked", message=refused.reason)
        except ValueError as bad:
            result.update(status="blocked", message=str(bad))
        except Exception as failure:  # noqa: BLE001 - the crawler must turn every failure into a status
            log.warning("crawl failed on a %s profile: %s", result["platform"], type(failure).__name__)
            result.update(status="error", message=f"the crawl failed ({type(failure).__name__})")
            if self.browser.in_own_thread():  # a browser is only touched from its own thread
                self.browser.close_browser()
        log.info("crawled a %s profile: %s, %d images", result["platform"], result["status"], len(result["images"]))
        return result

    def _run(self, result, adapter, owner, on_progress, look_for=None):
        limits = self.limits
        deadline = time.monotonic() + limits.profile_timeout_s
        context = self.browser.new_context()
        # Kill the browser if a page hangs it past the profile's time (a busy-looping script).
        watchdog = threading.Timer(limits.profile_timeout_s + limits.hang_grace_s, self.browser.kill)
        watchdog.daemon = True
        self.browser.hung = False
        watchdog.start()
        candidates = None
        try:
            candidates = self._visit(context, result, adapter, owner, deadline, look_for)
        finally:
            watchdog.cancel()
            try:
                context.close()
            except PlaywrightError:
                self.browser.close_browser()
        if candidates is not None:
            # Downloaded once the page is closed: its renderer's copies of the photos (never painted,
            # but held) are gone before ours arrive, so the two never add up.
            result["images"] = collect_images(candidates, limits, deadline, on_progress, budget=self.budget)
            if self.browser.hung:
                result.update(status="error", message="the page stopped responding within the time limit")

    def _visit(self, context, result, adapter, owner, deadline, look_for):
        """Visit the page; set the result's state; return the owner's families (None when the page
        could not be read at all)."""
        page = context.new_page()
        StandIns(context, page).start()
        page.set_default_timeout(self.limits.page_timeout_s * 1000)
        visit = Visit(page, adapter, self.limits, deadline, self.browser.proxy)
        visit.open(result["url"])
        if visit.status in ("blocked", "error") and not visit.groups_seen:
            result.update(status=visit.status, message=visit.message)
            return None
        visit.explore(owner)
        result["status"], result["message"] = visit.status, visit.message
        if look_for:
            result["code_found"] = look_for.lower() in visit.seen_text.lower()
        families = group_families(visit.candidates(owner), adapter)
        if visit.status in ("not_found", "blocked"):
            for entry in families:
                entry["verdict"] = provenance.without_profile(entry["verdict"])
        result["other_images_left_out"] = count_left_out(families)
        return [entry for entry in families if entry["verdict"] == provenance.OWNER]


def crawl_profile(url, limits=None, on_progress=None):
    """Crawl one profile with a Crawler of its own (convenience for one-off use)."""
    with Crawler(limits=limits) as crawler:
        return crawler.crawl(url, on_progress=on_progress)
