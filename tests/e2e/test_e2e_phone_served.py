"""The phone page says what the server serves: the stage of a running check by the names
GET /api/v1/limits gives (not a list of its own), and as many links as one check takes.

In a real Chromium against the real server, through the real join form, at 375 and 1280 px, in
English and Korean. Screenshots go to $EXPOSURE_SCREENSHOT_DIR when set, else to tmp.
"""
import pytest
from playwright.sync_api import expect

from backend.start import strings
from tests.helpers.live import new_pairing_code
from tests.helpers.profile_site import ProfileSite

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def server(live_backend):
    return live_backend


@pytest.fixture(scope="module")
def site():
    with ProfileSite(slow_delay_s=1.0) as running:
        yield running


def add(page, text, typed):
    page.fill("#add-url", typed)
    page.click("#add-form button[type=submit]")


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_stage_is_said_by_its_served_name_and_one_link_too_many_is_refused(
        browser, server, site, shots, lang, width):
    text = strings(lang)
    limits = server.request("GET", "/api/v1/limits", auth=False)[1]
    context = browser.new_context(locale=lang, viewport={"width": width, "height": 812},
                                  is_mobile=width < 600, has_touch=width < 600)
    try:
        page = context.new_page()
        page.goto(f"{server.base_url}/?lang={lang}")
        page.wait_for_selector("body[data-ready]")
        page.fill("#code", new_pairing_code(server))
        page.click("#join-button")
        expect(page.locator("#session")).to_be_visible()

        # A slow blog (a website, confirmed as the page asks): its check is seen crawling.
        add(page, text, site.url("/slow-blog/"))
        page.locator("#pick-buttons button.primary").click()
        expect(page.locator("#links li")).to_have_count(1)
        page.locator('input[name="consent"][value="self"]').check()
        page.click("#start")
        expect(page.locator("#stage")).to_have_text(text["stage_crawling"], timeout=120_000)
        assert "crawling" in limits["stages"]
        page.screenshot(path=str(shots / f"phone-stage-{width}-{lang}.png"), full_page=True)
        expect(page.locator("#result")).to_be_visible(timeout=240_000)
        assert page.locator("#audit").get_attribute("data-status") == "done"

        # Links up to the server's number are kept; one more is refused in the page's words.
        for n in range(limits["max_profiles"] - 1):
            add(page, text, f"https://www.instagram.com/served_{n}/")
            expect(page.locator("#links li")).to_have_count(n + 2)
        add(page, text, "https://www.instagram.com/one_too_many/")
        expect(page.locator("#error")).to_have_text(text["err_too_many"])
        expect(page.locator("#links li")).to_have_count(limits["max_profiles"])
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(shots / f"phone-too-many-{width}-{lang}.png"), full_page=True)
    finally:
        context.close()
