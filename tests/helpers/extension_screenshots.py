"""The popup after a finished check (from the fake API, so the picture is the same every
time), for the tests that look at it. `make screenshots` (tests/helpers/screenshots.py) makes the
README's pictures from the real backend."""
import tempfile

from tests.helpers.extension_fakebackend import TOKEN, FakeBackend
from tests.helpers.extension_harness import launch, open_page, send, set_storage

PROFILES = ["https://www.instagram.com/minji.example/", "https://www.tiktok.com/@missing.account"]


def capture(playwright, lang, path):
    """Save the popup, in `lang`, after a finished check, to `path`; returns the popup page's text."""
    server = FakeBackend()
    with tempfile.TemporaryDirectory() as profile:
        context, extension_id = launch(playwright, profile, lang=lang)
        try:
            page = open_page(context, extension_id, "options.html")
            set_storage(page, {"backend": server.url, "token": TOKEN, "profiles": PROFILES, "consent": "self"})
            send(page, "startAudit")
            popup = open_page(context, extension_id, "popup.html")
            popup.set_viewport_size({"width": 400, "height": 600})
            popup.wait_for_selector("#summary:not([hidden])")
            popup.wait_for_selector("#history li")
            popup.locator("body").screenshot(path=str(path), animations="disabled")
            return popup.inner_text("body")
        finally:
            context.close()
            server.stop()

