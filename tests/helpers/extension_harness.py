"""Helpers for driving the real extension in a real Chromium (Privacy Badger style):
load the unpacked extension, find its id, open its pages, set state through messages."""
import base64
import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from crawler.browser import CHROMIUM_ARGS, find_chromium

ROOT = Path(__file__).resolve().parents[2]

EXTENSION = ROOT / "extension"
FACES = ROOT / "tests" / "fixtures" / "faces"


def launch(playwright, user_data_dir, lang="en", ext_dir=EXTENSION, extra_args=(), executable=None):
    """A persistent Chromium context with the extension loaded; returns (context, extension_id).

    Extensions need a persistent profile and a non-headless launch; Chromium's
    "new" headless mode runs them without a display. --enable-unsafe-extension-debugging lets a
    test press the extension's icon (press_icon).
    """
    args = [a for a in CHROMIUM_ARGS if a != "--disable-default-apps"] + [
        "--headless=new",
        f"--disable-extensions-except={ext_dir}",
        f"--load-extension={ext_dir}",
        f"--lang={lang}",
        "--enable-unsafe-extension-debugging",
        *extra_args,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    options = {"headless": False, "args": args, "locale": lang,
               # Chromium on Linux takes its UI language (and so the extension's) from LANGUAGE.
               "env": dict(os.environ, LANGUAGE=lang)}
    executable = executable or find_chromium()
    if executable:
        options["executable_path"] = executable
    context = playwright.chromium.launch_persistent_context(str(user_data_dir), **options)
    worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
    return context, worker.url.split("/")[2]


def _tab_target(session, page):
    page.bring_to_front()
    tabs = session.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
    return next(t for t in tabs if t["url"] == page.url and t["embedderData"]["tabActive"])


def tab_index(context, page):
    """The index of `page`'s tab in the window (what chrome.tabs.query({index}) finds)."""
    session = context.browser.new_browser_cdp_session()
    try:
        return _tab_target(session, page)["embedderData"]["tabStripIndex"]
    finally:
        session.detach()


def press_icon(context, extension_id, page):
    """Click the extension's icon over `page`, as a user does: Chromium opens the real popup and
    grants the extension activeTab for that tab (CDP Extensions.triggerAction, which needs the
    pipe Playwright talks over). Returns (the tab's index, the real popup's target)."""
    session = context.browser.new_browser_cdp_session()
    try:
        tab = _tab_target(session, page)
        session.send("Extensions.triggerAction", {"id": extension_id, "targetId": tab["targetId"]})
        popup = f"chrome-extension://{extension_id}/popup.html"
        deadline = time.monotonic() + 10
        while not (found := [t for t in session.send("Target.getTargets")["targetInfos"] if t["url"] == popup]):
            assert time.monotonic() < deadline, "the extension's popup did not open"
            time.sleep(0.1)
        return tab["embedderData"]["tabStripIndex"], found[0]
    finally:
        session.detach()


class RealPopup:
    """The extension's real popup, opened by press_icon: Playwright does not list it among its
    pages, so the test speaks CDP to it (read, click with real mouse events, screenshot)."""

    def __init__(self, context, target):
        self.session = context.browser.new_browser_cdp_session()
        self.answers, self.next_id = {}, 0
        self.session.on("Target.receivedMessageFromTarget", self._receive)
        self.sid = self.session.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": False})["sessionId"]

    def _receive(self, event):
        if event["sessionId"] == self.sid:
            message = json.loads(event["message"])
            if "id" in message:
                self.answers[message["id"]] = message

    def send(self, method, params=None, timeout=30):
        self.next_id += 1
        ask = {"id": self.next_id, "method": method, "params": params or {}}
        self.session.send("Target.sendMessageToTarget", {"sessionId": self.sid, "message": json.dumps(ask)})
        deadline = time.monotonic() + timeout
        while self.next_id not in self.answers:
            assert time.monotonic() < deadline, f"the popup did not answer {method}"
            self.session.send("Target.getTargets")  # lets the session deliver its events
            time.sleep(0.05)
        answer = self.answers.pop(self.next_id)
        assert "error" not in answer, answer
        return answer["result"]

    def evaluate(self, expression):
        """The value of a JavaScript expression (awaited) in the popup."""
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def wait_for(self, condition, timeout=30):
        """Wait until the JavaScript `condition` holds in the popup."""
        holds = f"(() => {{ try {{ return Boolean({condition}); }} catch {{ return false; }} }})()"  # still loading: not yet
        return self.evaluate(f"new Promise((ok, no) => {{ const end = Date.now() + {timeout * 1000};"
                             f" const f = () => {holds} ? ok(true) : Date.now() > end ? no(new Error('timeout: ' + {json.dumps(condition)}))"
                             f" : setTimeout(f, 100); f(); }})")

    def text(self, selector):
        return self.evaluate(f"document.querySelector({json.dumps(selector)}).innerText")

    def visible(self, selector):
        return self.evaluate(f"(e => !!e && !e.closest('[hidden]') && e.getClientRects().length > 0)"
                             f"(document.querySelector({json.dumps(selector)}))")

    def click(self, selector):
        """A real mouse click (the browser counts it as the user's gesture)."""
        x, y = self.evaluate(f"(r => [r.x + r.width / 2, r.y + r.height / 2])"
                             f"(document.querySelector({json.dumps(selector)}).getBoundingClientRect())")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def screenshot(self, path):
        Path(path).write_bytes(base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"]))

    def close(self):
        self.session.detach()


def tab_id(context, extension_id, index):
    """The chrome.tabs id of the tab at `index` (tab ids are the extension's, not CDP's)."""
    helper = open_page(context, extension_id, "options.html", wait_ready=False)
    try:
        return helper.evaluate("async (i) => (await chrome.tabs.query({index: i}))[0].id", index)
    finally:
        helper.close()


def popup_over(context, extension_id, page, width=375):
    """The popup over `page` after a click on the icon, opened as a page of its own
    (popup.html?tab=<id>, as Privacy Badger's tests do) so that a test can click in it."""
    index, _ = press_icon(context, extension_id, page)
    popup = context.new_page()
    popup.set_viewport_size({"width": width, "height": 800})
    popup.goto(f"chrome-extension://{extension_id}/popup.html?tab={tab_id(context, extension_id, index)}")
    popup.wait_for_selector("body[data-ready]")
    return popup


def extension_id_of(folder):
    """The id Chromium gives an unpacked extension: the SHA-256 of its absolute path, its first
    16 bytes in hex, written with the letters a-p instead of 0-f."""
    digest = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


def open_page(context, extension_id, name, wait_ready=True):
    """Open one of the extension's pages (popup.html, options.html, check.html) in a tab."""
    page = context.new_page()
    page.goto(f"chrome-extension://{extension_id}/{name}")
    if wait_ready:
        page.wait_for_selector("body[data-ready]")
    return page


def send(page, what, **details):
    """Send a message to the service worker's dispatcher from an extension page; returns its answer."""
    return page.evaluate("(m) => chrome.runtime.sendMessage(m)", dict(details, what=what))


def set_storage(page, items):
    """Write extension storage directly (state the test is not about)."""
    page.evaluate("(items) => chrome.storage.local.set(items)", items)


def get_storage(page):
    """Everything in extension storage."""
    return page.evaluate("() => chrome.storage.local.get(null)")


def messages(lang):
    """The extension's messages for `lang` as {key: text}."""
    path = EXTENSION / "_locales" / lang / "messages.json"
    return {k: v["message"] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}




def start_check(page, links, listed):
    """Add `links` and start a check of one's own accounts: on the popup or on the phone page,
    which share these controls. `listed` selects the list items the links appear as."""
    from playwright.sync_api import expect

    for i, link in enumerate(links):
        page.fill("#add-url", link)
        page.click("#add-link")
        # A link that is no platform's profile is a website: added once the reader confirms it.
        page.wait_for_function("([sel, n]) => !document.getElementById('pick').hidden"
                               " || document.querySelectorAll(sel).length > n", arg=[listed, i])
        if page.locator("#pick").is_visible():
            page.click("#pick-buttons .primary")
        expect(page.locator(listed)).to_have_count(i + 1)
    page.check('input[name="consent"][value="self"]')
    page.click("#start")


@contextlib.contextmanager
def browser_in(lang, user_data_dir, **options):
    """A Chromium with the extension in `lang`, for a module's own fixture: (context, extension_id)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context, extension_id = launch(playwright, user_data_dir, lang=lang, **options)
        try:
            yield context, extension_id
        finally:
            context.close()
