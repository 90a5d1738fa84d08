"""What was left out, end to end: the real server crawls two pages around an owner (real Playwright,
real SQLite) and the report, opened in Chromium as the reader opens its link, says per profile which
other accounts' pictures were left out and why, in English and Korean, on a phone and a desktop."""

import pytest

from crawler.browser import launch_options
from tests.helpers.live_server import LiveServer
from tests.helpers.real_pages import serve_real_pages

pytestmark = pytest.mark.slow

YOUTUBE, BLUESKY = "/h/www.youtube.com/@JaneShelves", "/h/bsky.app/profile/jane-reposts.bsky.social"
LINES = {
    "en": {"Left out as other accounts' pictures: 4 from other channels' videos, 2 of suggested or related profiles.",
           "Left out as other accounts' pictures: 6 from reposts of other accounts' posts."},
    "ko": {"다른 계정의 사진이라 빼고 점검했어요: 다른 채널의 영상 4장, 추천·관련 프로필 2장.",
           "다른 계정의 사진이라 빼고 점검했어요: 재게시한 다른 계정의 게시물 6장."},
}


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """One audit of the two pages, finished; yields (server, audit, report URL)."""
    with serve_real_pages() as pages:
        server = LiveServer(tmp_path_factory.mktemp("left-out"), extra_env={"EXPOSURE_TEST_HOST_MAP": "1"})
        server.start()
        try:
            status, created = server.request("POST", "/api/v1/audits", {
                "profiles": [pages + YOUTUBE, pages + BLUESKY], "consent": "self"})
            assert status == 202, created
            audit, _ = server.wait_for(created["id"], lambda a: a["status"] in ("done", "failed"))
            yield server, audit, server.base_url + created["report_url"]
        finally:
            server.stop()


def test_the_audit_keeps_the_owners_photos_and_counts_the_others_by_reason(audited):
    _, audit, _ = audited
    assert audit["status"] == "done", audit["error"]
    left = {p["url"].split("/h/", 1)[1]: p["other_images_left_out"] for p in audit["profiles"]}
    assert left == {"www.youtube.com/@JaneShelves": {"other_accounts": 6, "site": 0,
                                                     "reasons": {"posts": 4, "suggested": 2}},
                    "bsky.app/profile/jane-reposts.bsky.social": {"other_accounts": 6, "site": 0,
                                                                  "reasons": {"reposts": 6}}}
    assert [p["photos_found"] for p in audit["profiles"]] == [5, 6]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_report_says_what_was_left_out_and_why(audited, shots, lang, width):
    from playwright.sync_api import sync_playwright
    _, _, report_url = audited
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(report_url + f"&lang={lang}")
        lines = page.locator(".left-out")
        assert set(lines.all_inner_texts()) == LINES[lang]
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        lines.first.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"e2e-left-out-{lang}-{width}.png"), full_page=True)
        browser.close()
