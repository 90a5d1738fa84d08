"""One page visit: opening a profile, reading its state, scrolling it and gathering the candidate
pictures of every frame. Every failure becomes `status` and a plain `message`; nothing raises.
"""
import time

from playwright.sync_api import Error as PlaywrightError

from . import extract, hostmap, platforms, provenance

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
