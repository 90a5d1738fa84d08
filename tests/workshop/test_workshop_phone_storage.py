"""The phone page keeps its token, links and report key for the tab only, unless the student chooses
"Remember me on this device" (#27 finding 13). Before, everything stayed in localStorage for the
token's 90 days: on a shared school computer the next student found the session.

In a real Chromium against the real server, through the real join form, at 375 and 1280 px, in
English and Korean. Screenshots go to $EXPOSURE_SCREENSHOT_DIR when set, else to tmp.
"""
import pytest
from playwright.sync_api import expect

from backend.start import strings
from tests.helpers.live import new_pairing_code
from tests.helpers.live_server import LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]
KEY = "exposure-check"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("phone-storage")).start()
    yield server
    server.stop()


def open_phone(context, server, lang):
    page = context.new_page()
    page.goto(f"{server.base_url}/?lang={lang}")
    page.wait_for_selector("body[data-ready]")
    return page


def stored(page):
    return page.evaluate(f"() => [localStorage.getItem('{KEY}'), sessionStorage.getItem('{KEY}')]")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_phone_page_forgets_the_session_with_its_tab_unless_asked_to_remember(
        browser, server, shots, lang, width):
    text = strings(lang)
    context = browser.new_context(locale=lang, viewport={"width": width, "height": 812},
                                  is_mobile=width < 600, has_touch=width < 600)
    try:
        page = open_phone(context, server, lang)
        remember = page.get_by_label(text["remember_label"])
        expect(remember).not_to_be_checked()  # off unless the student turns it on
        expect(page.locator("#remember-help")).to_have_text(text["remember_help"])
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(shots / f"phone-join-{width}-{lang}.png"), full_page=True)

        # A shared computer: joined without "remember", the session lives in this tab only.
        page.fill("#code", new_pairing_code(server))
        page.click("#join-button")
        expect(page.locator("#session")).to_be_visible()
        local, session = stored(page)
        assert local is None and '"token"' in session
        page.reload()
        expect(page.locator("#session")).to_be_visible()  # a reload keeps the tab's session
        other = open_phone(context, server, lang)  # the next student opens the page in a new tab
        expect(other.locator("#join")).to_be_visible()
        expect(other.locator("#session")).to_be_hidden()
        assert stored(other) == [None, None]
        other.close()
        page.close()

        # Their own phone: "remember" keeps the session for the next visit too.
        page = open_phone(context, server, lang)
        page.get_by_label(text["remember_label"]).check()
        page.fill("#code", new_pairing_code(server))
        page.click("#join-button")
        expect(page.locator("#session")).to_be_visible()
        local, session = stored(page)
        assert '"token"' in local and session is None
        later = open_phone(context, server, lang)
        expect(later.locator("#session")).to_be_visible()
        later.click("#forget")
        expect(later.locator("#join")).to_be_visible()
        assert stored(later) == [None, None]
    finally:
        context.close()
