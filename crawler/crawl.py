"""Crawling one profile as a logged-out stranger: open it, scroll it, collect and fetch its photos.

One browser per Crawler (per worker thread), a fresh context per profile, the
browser recycled after `Limits.profiles_per_browser` profiles. Every failure
becomes a status and a plain message; nothing here raises for a bad page, and no
log line or message carries a profile or image URL.
"""
import hashlib
import io
import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from . import extract, fetch, hostmap, netguard, platforms, provenance
from .browser import kill_browser_processes, launch_options
from .proxy import GuardProxy
from .standin import StandIns

log = logging.getLogger(__name__)

USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/124.0 Safari/537.36")
# Requests a photo crawl never needs; refusing them saves time and bytes.
SKIPPED_TYPES = {"media", "font", "websocket", "eventsource", "manifest", "texttrack", "ping"}
MORE_BUTTONS = r"^\s*(load more|show more|see more|more posts|view more|더보기|더 보기|もっと見る)\s*$"
# Only buttons that stay on the page: never a form's button, never a link elsewhere.
CLICK_MORE = """(pattern) => {
  const re = new RegExp(pattern, 'i');
  let clicked = 0;
  for (const el of document.querySelectorAll('button, [role=button], a:not([href]), a[href="#"]')) {
    if (el.closest('form') || (el.type || '').toLowerCase() === 'submit') continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.height && re.test(el.innerText || '') && !el.disabled && clicked < 3) { el.click(); clicked++; }
  }
  return clicked;
}"""
# Back up one screen first, so observers that watch the end of a feed see it arrive again.
SCROLL_DOWN = """async () => {
  const step = Math.max(200, window.innerHeight * 0.9);
  const end = document.documentElement.scrollHeight;
  for (let y = Math.max(0, window.scrollY - window.innerHeight); y < end; y += step) {
    window.scrollTo(0, y);
    await new Promise(r => setTimeout(r, 40));
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
}"""
# Images keep their layout and natural size (all the crawler reads) but are never painted, so
# Chromium never decodes them in full: a 20000x20000 PNG bomb would take 1.6 GB in the renderer.
UNPAINTED_IMAGES = ("(() => { const sheet = new CSSStyleSheet(); "
                    "sheet.replaceSync('img, video, input[type=image] { visibility: hidden !important; }'); "
                    "document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; })()")
# One page per profile: a popup would be a second page (and renderer) holding images of its own.
NO_POPUPS = "window.open = () => null;"
NO_WEBRTC = "for (const k of ['RTCPeerConnection','webkitRTCPeerConnection','RTCDataChannel']) { try { delete window[k]; } catch (e) {} }"
MAX_HTML = 2_000_000
# What a bot check is read from, without serialising a page that may be huge: its title,
# its meta refresh and its first inline scripts.
BOT_PAGE_PARTS = """() => {
  const refresh = [...document.querySelectorAll('meta[http-equiv]')].filter(m => /refresh/i.test(m.httpEquiv));
  const scripts = [...document.scripts].filter(s => !s.src).slice(0, 10).map(s => s.text.slice(0, 20000));
  return {title: document.title, html: refresh.map(m => m.outerHTML).join('') +
          scripts.map(t => '<script>' + t + '</' + 'script>').join('')};
}"""
QUIET_ROUNDS = 3  # rounds without anything new before a feed counts as finished
VISIBLE_TEXT = "() => (document.body ? document.body.innerText : '').slice(0, 50000)"
ORIGINAL_SIZE = 4000


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
        self._playwright = None
        self._browser = None
        self._proxy = None
        self._profiles = 0
        self._thread = None
        self._marker = uuid.uuid4().hex
        # A fetch.Budget shared by every profile this Crawler crawls (one audit), or None.
        self.budget = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def warm(self):
        """Start the browser now rather than on the first profile (a queue worker warms up once)."""
        self._ensure_browser()
        self._profiles = 0

    def close(self):
        """Close the browser, Playwright and the guard proxy."""
        self._close_browser()
        if self._playwright:
            _thread_playwright(-1)
            self._playwright = None
        if self._proxy:
            self._proxy.stop()
            self._proxy = None

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
            if self._thread == threading.get_ident():  # a browser is only touched from its own thread
                self._close_browser()
        log.info("crawled a %s profile: %s, %d images", result["platform"], result["status"], len(result["images"]))
        return result

    def _run(self, result, adapter, owner, on_progress, look_for=None):
        limits = self.limits
        deadline = time.monotonic() + limits.profile_timeout_s
        browser = self._ensure_browser()
        context = browser.new_context(service_workers="block", user_agent=USER_AGENT, accept_downloads=False,
                                      viewport={"width": 1280, "height": 900}, locale="en-US")
        # Kill the browser if a page hangs it past the profile's time (a busy-looping script).
        watchdog = threading.Timer(limits.profile_timeout_s + limits.hang_grace_s, self._kill_browser)
        watchdog.daemon = True
        self._hung = False
        watchdog.start()
        candidates = None
        try:
            _guard_context(context)
            page = context.new_page()
            StandIns(context, page).start()
            page.set_default_timeout(limits.page_timeout_s * 1000)
            visit = Visit(page, adapter, limits, deadline, self._proxy)
            visit.open(result["url"])
            if visit.status in ("blocked", "error") and not visit.groups_seen:
                result.update(status=visit.status, message=visit.message)
                return
            visit.explore(owner)
            result["status"], result["message"] = visit.status, visit.message
            if look_for:
                result["code_found"] = look_for.lower() in visit.seen_text.lower()
            families = group_families(visit.candidates(owner), adapter)
            if visit.status in ("not_found", "blocked"):
                for entry in families:
                    entry["verdict"] = provenance.without_profile(entry["verdict"])
            result["other_images_left_out"] = count_left_out(families)
            candidates = [entry for entry in families if entry["verdict"] == provenance.OWNER]
        finally:
            watchdog.cancel()
            try:
                context.close()
            except PlaywrightError:
                self._close_browser()
        if candidates is not None:
            # Downloaded once the page is closed: its renderer's copies of the photos (never painted,
            # but held) are gone before ours arrive, so the two never add up.
            result["images"] = collect_images(candidates, limits, deadline, on_progress, budget=self.budget)
            if self._hung:
                result.update(status="error", message="the page stopped responding within the time limit")

    def _ensure_browser(self):
        if self._thread is None:
            self._thread = threading.get_ident()
        elif self._thread != threading.get_ident():
            raise RuntimeError("a Crawler is used in the thread that created it")
        if self._browser is not None and (self._profiles >= self.limits.profiles_per_browser
                                          or not self._browser.is_connected()):
            self._close_browser()
        if self._proxy is None:
            self._proxy = GuardProxy(idle_timeout_s=self.limits.page_timeout_s).start()
        if self._playwright is None:
            self._playwright = _thread_playwright(+1)
        if self._browser is None:
            self._browser = self._playwright.chromium.launch(**launch_options(proxy=self._proxy.url,
                                                                              marker=self._marker))
            self._profiles = 0
        self._profiles += 1
        return self._browser

    def _close_browser(self):
        browser, self._browser = self._browser, None
        if browser is not None:
            try:
                browser.close()
            except PlaywrightError:
                pass

    def _kill_browser(self):
        self._hung = True
        log.warning("a page hung the browser past the time limit; ending it")
        kill_browser_processes(self._marker)


_local = threading.local()


def _thread_playwright(change):
    """This thread's Playwright, shared by its Crawlers (two sync Playwrights cannot run in one thread).

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


def crawl_profile(url, limits=None, on_progress=None):
    """Crawl one profile with a Crawler of its own (convenience for one-off use)."""
    with Crawler(limits=limits) as crawler:
        return crawler.crawl(url, on_progress=on_progress)


def _guard_context(context):
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


class Visit:
    """One page visit: opening it, reading its state, scrolling it and gathering candidates."""

    def __init__(self, page, adapter, limits, deadline, proxy):
        self.page, self.adapter, self.limits, self.deadline, self.proxy = page, adapter, limits, deadline, proxy
        self.status, self.message = "ok", platforms.MESSAGES["ok"]
        self.http_status = None
        self.seen_text = ""
        self.groups = {}
        self.groups_seen = 0
        self.static = []
        self.inflight = 0
        page.on("request", lambda request: self._count(+1))
        page.on("requestfinished", lambda request: self._count(-1))
        page.on("requestfailed", lambda request: self._count(-1))

    def _count(self, change):
        self.inflight = max(0, self.inflight + change)

    def open(self, url):
        """Navigate, within the page timeout; sets the status for a refused or failed navigation."""
        refused_before = self.proxy.refused
        try:
            response = self.page.goto(url, wait_until="domcontentloaded", timeout=self._ms(self.limits.page_timeout_s))
        except PlaywrightError as failure:
            self._navigation_failed(str(failure), refused_before)
            return
        if response is not None:
            self.http_status = response.status
            if response.headers.get("x-exposure-guard") == "refused":
                self.status, self.message = "blocked", "a redirect led to an address that is not allowed"
                return
            hops, request = 0, response.request
            while request.redirected_from is not None:
                hops, request = hops + 1, request.redirected_from
            if hops > self.limits.max_redirects:
                self.status, self.message = "error", "too many redirects"
                return
        self._check_bot_page()
        if self.status == "ok":
            self._wait("load", 5)

    def _check_bot_page(self):
        """End at once on a bot check: its meta refresh or script redirect is read, not waited for."""
        found = self._evaluate(BOT_PAGE_PARTS) or {}
        if platforms.is_bot_check(found.get("title", "x"), found.get("html", ""), self.page.url):
            self.status, self.message = "blocked", platforms.MESSAGES["bot_check"]

    def _navigation_failed(self, text, refused_before):
        if "Timeout" in text:
            self.status, self.message = "error", "the page did not finish loading within the time limit"
            self.gather()  # what arrived before the timeout is still what a stranger sees
        elif self.proxy.refused > refused_before or "ERR_TUNNEL_CONNECTION_FAILED" in text:
            self.status, self.message = "blocked", "a redirect led to an address that is not allowed"
        elif "ERR_TOO_MANY_REDIRECTS" in text:
            self.status, self.message = "error", "too many redirects"
        else:
            self.status, self.message = "error", "the page could not be opened"

    def explore(self, owner):
        """Read the state (flags count in the owner's own records only), then scroll and press "load more" until nothing new appears or a limit is hit."""
        self.gather()
        quiet_rounds, last = 0, self._signature()
        for _ in range(self.limits.scroll_rounds):
            if self._left() < self.limits.profile_timeout_s * 0.4 or len(self.groups) >= self.limits.max_images * 2:
                break
            self._evaluate(CLICK_MORE, MORE_BUTTONS)
            self._evaluate(SCROLL_DOWN)
            self._settle()
            self.gather()
            signature = self._signature()
            quiet_rounds = quiet_rounds + 1 if signature == last else 0
            last = signature
            if quiet_rounds >= QUIET_ROUNDS:
                break
        pages = self.gather_static()
        if self.status == "ok":
            self.read_state(pages, owner)

    def gather(self):
        """Add the live DOM's candidate groups of every frame (virtualised lists drop old nodes)."""
        for frame in self.page.frames:
            found = self._evaluate(extract.DOM_SCRIPT, {"maxNodes": self.limits.max_dom_nodes,
                                                        "profileLink": self.adapter.profile_link}, frame=frame)
            for group in (found or {}).get("groups", []):
                seen = self.groups.setdefault(group["urls"][0][0], dict(group, page_url=frame.url))
                # Lazy images grow once loaded: keep the largest layout seen.
                for size in ("w", "h", "nw", "nh"):
                    seen[size] = max(seen[size], group[size])
        self.groups_seen = len(self.groups)

    def gather_static(self):
        """Add meta tags, JSON-LD and embedded data of every frame; returns [(frame, html)]."""
        pages = []
        for frame in self.page.frames:
            try:
                html = frame.content()[:MAX_HTML]
            except PlaywrightError:
                continue
            pages.append((frame, html))
            self.static += [dict(item, page_url=frame.url) for item in extract.static_candidates(html, frame.url)]
        return pages

    def read_state(self, pages, owner):
        """Set status and message from what the page and its frames say (title, visible text, markup,
        the owner's own JSON records)."""
        if not pages:
            return
        names = owner.names | self.adapter.owner_names(hostmap.seen_as(self.page.url))
        texts = [self._evaluate(VISIBLE_TEXT, frame=frame) or "" for frame, _ in pages[:5]]
        # Visible text and markup (meta descriptions hold a profile's bio); kept only for this visit.
        self.seen_text = "\n".join(texts + [html for _, html in pages[:5]])
        title = extract.page_title(pages[0][1])
        self.status, self.message = platforms.read_state(
            self.adapter, self.http_status, self.page.url, title, "\n".join(texts),
            "\n".join(html for _, html in pages[:5]),
            [record for _, html in pages[:5] for record in extract.owner_records(html, names)])

    def candidates(self, owner):
        """All candidates, DOM groups first (page order), then static ones, each with whose picture it is."""
        # The page a profile link ended on names its owner too (a short link, a renamed account).
        owner.names |= self.adapter.owner_names(hostmap.seen_as(self.page.url))
        for item in self.static:  # the owner's own records and picture name the ids the owner goes by
            if item["kind"] == "meta" and self.adapter.account_in(hostmap.seen_as(item["url"])):
                owner.names.add(self.adapter.account_in(hostmap.seen_as(item["url"])))
        owner.learn([item["names"] for item in self.static if item["names"]])
        found = []
        for group in self.groups.values():
            if _is_decoration(group, self.limits):
                continue
            urls = [pair for pair in group["urls"] if extract.is_photo_url(pair[0])]
            if urls:
                verdict = provenance.judge_dom(group, owner, self.adapter, group["page_url"])
                found.append({"urls": urls, "page_url": group["page_url"], "verdict": verdict})
        renditions = {}  # one record's renditions of one picture are one candidate (one family)
        for item in self.static:
            # A data URL without any size in it is most often the original upload.
            hint = item["hint"] or extract.size_hint(item["url"]) or ORIGINAL_SIZE
            same = renditions.get(item.get("rendition")) if item.get("rendition") else None
            if same is not None:
                same["urls"].append([item["url"], hint])
                continue
            found.append({"urls": [[item["url"], hint]], "page_url": item["page_url"],
                          "verdict": provenance.judge_data(item, owner, self.adapter)})
            if item.get("rendition"):
                renditions[item["rendition"]] = found[-1]
        return found

    def _signature(self):
        height = self._evaluate("() => document.documentElement.scrollHeight") or 0
        return height, len(self.groups)

    def _evaluate(self, script, arg=None, frame=None):
        target = frame or self.page
        try:
            return target.evaluate(script, arg)
        except PlaywrightError:
            return None

    def _wait(self, state, seconds):
        try:
            self.page.wait_for_load_state(state, timeout=self._ms(seconds))
        except PlaywrightError:
            pass

    def _settle(self):
        """Wait until the requests a scroll started have finished (at most five settle times)."""
        end = time.monotonic() + min(self.limits.settle_ms * 5 / 1000, max(0.0, self._left()))
        self.page.wait_for_timeout(self.limits.settle_ms / 4)
        while self.inflight and time.monotonic() < end:
            self.page.wait_for_timeout(50)

    def _left(self):
        return self.deadline - time.monotonic()

    def _ms(self, seconds):
        return max(1, min(seconds, self._left())) * 1000


def _is_decoration(group, limits):
    """Icons, tiny images and other people's avatars beside comments, judged by layout."""
    w, h, nw, nh = group["w"], group["h"], group["nw"], group["nh"]
    declared = max(u[1] for u in group["urls"])
    if group.get("comment") and 0 < max(w, h) < 120:
        return True
    if (0 < w < 40 and 0 < h < 40) or (0 < min(w, h) < 24 and max(w, h) < limits.min_image_side):
        return declared < limits.min_image_side
    return 0 < nw < 50 and 0 < nh < 50 and max(w, h) < limits.min_image_side and declared < limits.min_image_side


def collect_images(families, limits, deadline, on_progress=None, budget=None):
    """Fetch one image per family, largest variant first; drop tiny ones and duplicates.

    A duplicate is the same bytes, or the same picture at another size under a
    URL no CDN family knows (an API URL beside the CDN's): the largest copy is kept.
    With a fetch.Budget, downloads stop once the audit's images fill it.
    """
    images, hashes, looks = [], set(), []
    with ThreadPoolExecutor(max_workers=limits.fetch_workers) as pool:
        jobs = [pool.submit(_fetch_first, entry, limits, deadline, budget) for entry in families]
        for job in jobs:
            image = job.result()
            if image is None:
                continue
            digest = hashlib.sha256(image["data"]).hexdigest()
            if digest in hashes or len(images) >= limits.max_images:
                if budget is not None:
                    budget.give_back(len(image["data"]))
                continue
            hashes.add(digest)
            look = _look(image)
            twin = next((i for i, seen in enumerate(looks) if _same_picture(look, seen)), None)
            if twin is not None:
                dropped = image
                if image["width"] * image["height"] > images[twin]["width"] * images[twin]["height"]:
                    dropped, images[twin], looks[twin] = images[twin], image, look
                if budget is not None:
                    budget.give_back(len(dropped["data"]))
                continue
            images.append(image)
            looks.append(look)
            if on_progress:
                on_progress(len(images))
        for job in jobs:
            job.cancel()
    return images


def group_families(candidates, adapter):
    """Merge candidates that are one picture (same CDN family); rank each family's URLs, largest first.

    Each family gets one verdict (provenance.settle): whose picture it is.
    """
    entries, by_family = [], {}
    for candidate in candidates:
        keys = [extract.family(u) for u, _ in candidate["urls"]]
        entry = next((by_family[k] for k in keys if k in by_family), None)
        if entry is None:
            entry = {"urls": [], "page_url": candidate["page_url"], "verdicts": []}
            entries.append(entry)
        entry["verdicts"].append(candidate.get("verdict", (provenance.OWNER, 0, "")))
        for (url, declared), key in zip(candidate["urls"], keys):
            by_family[key] = entry
            if url not in [u for _, u in entry["urls"]]:
                entry["urls"].append((max(declared, extract.size_hint(url)), url))
    for entry in entries:
        ranked = [u for _, u in sorted(entry["urls"], key=lambda pair: -pair[0])]
        entry["urls"] = [bigger for u in ranked[:1] for bigger in adapter.larger(u)] + ranked
        entry["verdict"], entry["reason"] = provenance.settle(entry.pop("verdicts"))
    return entries


def count_left_out(families):
    """{"other_accounts": n, "site": m, "reasons": {reason: k}}: the pictures on the page that are not
    the owner's, and why each of another account's is there (provenance.REASONS)."""
    counts = {kind: sum(1 for entry in families if entry["verdict"] == kind) for kind in provenance.LEFT_OUT}
    reasons = {}
    for entry in families:
        if entry["verdict"] == provenance.OTHER:
            reason = entry.get("reason") or provenance.POSTS
            reasons[reason] = reasons.get(reason, 0) + 1
    return counts | {"reasons": reasons}


def _fetch_first(entry, limits, deadline, budget=None):
    """The first URL of a family that gives a real photo, as a result image, or None."""
    for url in entry["urls"][:4]:
        if time.monotonic() >= deadline:
            return None
        try:
            got = fetch.fetch_image(url, limits.max_image_bytes, min(deadline, time.monotonic() + limits.image_timeout_s),
                                    limits.max_redirects, headers={"User-Agent": USER_AGENT, "Referer": entry["page_url"]},
                                    budget=budget)
        except (netguard.BlockedURL, fetch.FetchError):
            continue
        size = _image_size(got["data"])
        if (size is None or min(size) < limits.min_image_side * 0.5 or max(size) < limits.min_image_side) and budget is not None:
            budget.give_back(len(got["data"]))
        if size is None:
            continue
        if min(size) < limits.min_image_side * 0.5 or max(size) < limits.min_image_side:
            return None
        return {"image_url": url, "page_url": entry["page_url"], "data": got["data"],
                "content_type": got["content_type"], "width": size[0], "height": size[1]}
    return None


LOOK_MAX_PIXELS = 40_000_000  # larger images are not decoded here: they are never compared
LOOK_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # the safe decoder's photo formats; no other decoder is run here
LOOK_DISTANCE = 5  # of 64 bits: a rescaled or recompressed copy differs by 0-3, another photo by ~20 or more
LOOK_MIN_SPREAD = 8  # grey levels across the 9x8 thumbnail; a picture flatter than this has no hash


def _look(image):
    """A 64-bit difference hash of the picture and its aspect ratio, or None (not decodable here).

    Only photo formats are opened, JPEGs at a reduced scale (draft), only the
    first frame is read, and Pillow's bomb limit stays on.
    """
    width, height = image["width"], image["height"]
    if width * height > LOOK_MAX_PIXELS:
        return None
    try:
        with Image.open(io.BytesIO(image["data"]), formats=LOOK_FORMATS) as picture:
            picture.draft("L", (64, 64))
            small = picture.convert("L").resize((9, 8))
    except Exception:  # noqa: BLE001 - any undecodable image is compared by its bytes only
        return None
    pixels = small.tobytes()  # 8-bit grey: one byte a pixel
    if max(pixels) - min(pixels) < LOOK_MIN_SPREAD:
        return None  # a flat picture hashes to 0 like every other flat one: compare it by its bytes only
    bits = [pixels[row * 9 + col] > pixels[row * 9 + col + 1] for row in range(8) for col in range(8)]
    return sum(1 << i for i, bit in enumerate(bits) if bit), width / height


def _same_picture(a, b):
    """True when two looks are one picture: nearly the same hash and the same shape."""
    if a is None or b is None:
        return False
    return bin(a[0] ^ b[0]).count("1") <= LOOK_DISTANCE and abs(a[1] - b[1]) <= 0.05 * max(a[1], b[1])


def _image_size(data):
    """(width, height) from an image header, or None when the bytes are no raster image Pillow knows."""
    _register_heif()
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:  # noqa: BLE001 - any undecodable header: not a photo we can use
        return None


def _register_heif():
    """Let Pillow read HEIC/HEIF headers (iPhone photos) when pillow-heif is installed."""
    if getattr(_register_heif, "done", False):
        return
    _register_heif.done = True
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return
    register_heif_opener()
