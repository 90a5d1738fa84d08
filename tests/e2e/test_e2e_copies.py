"""The same profile picture on two platforms, end to end: the real server crawls a student's
Instagram and X pages (real Playwright, real analysis, real SQLite) that show one avatar at two
sizes and encodings; the audit counts it once and the report, opened in Chromium as the reader
opens its link, shows it once and says it is also on the other platform, in English and Korean,
on a phone and a desktop."""
import pytest

from crawler.browser import launch_options
from tests.helpers.copies_site import INSTAGRAM, X, CopiesHandler
from tests.helpers.live_server import LiveServer
from tests.helpers.sites import base_url, serving

pytestmark = pytest.mark.slow

LINES = {"en": "Also on Instagram", "ko": "인스타그램에도 있어요"}
HERE = {"en": "1 photo here is also on X (Twitter): this report shows it there, once.",
        "ko": "여기 사진 1장은 X(트위터)에도 있어요. 보고서에는 그쪽에 한 번만 보여요."}


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """One audit of the two profiles, finished; yields (audit, report URL, the two profile links)."""
    with serving(CopiesHandler) as site:
        server = LiveServer(tmp_path_factory.mktemp("copies"), extra_env={"EXPOSURE_TEST_HOST_MAP": "1"})
        server.start()
        try:
            links = [base_url(site) + INSTAGRAM, base_url(site) + X]
            status, created = server.request("POST", "/api/v1/audits", {"profiles": links, "consent": "self"})
            assert status == 202, created
            audit, _ = server.wait_for(created["id"], lambda a: a["status"] in ("done", "failed"))
            yield audit, server.base_url + created["report_url"], links
        finally:
            server.stop()


def test_the_avatar_on_both_profiles_is_one_photo_that_names_the_other_profile(audited):
    audit, _, (instagram, x) = audited
    assert audit["status"] == "done", audit["error"]
    # Each profile showed its avatar and one post: four pictures seen, three photos.
    assert [(p["platform"], p["status"], p["photos_found"]) for p in audit["profiles"]] == [
        ("instagram", "ok", 2), ("x", "ok", 2)]
    assert len(audit["photos"]) == 3
    assert audit["progress"]["photos_analyzed"] == audit["progress"]["photos_found"] == 3  # the bar ends full
    (shared,) = [p for p in audit["photos"] if p.get("also_on")]
    # The larger copy (X's 400 px) is the one graded; Instagram's 320 px copy is named.
    assert (shared["profile_url"], shared["also_on"], shared["width"]) == (x, [instagram], 400)
    assert shared["faces"] and shared["faces"][0]["identity"]
    # The first steps: each platform's step hides the one avatar there, none counts it twice.
    assert sorted((step["platform"], step["photos_affected"]) for step in audit["first_steps"]) == [
        ("Instagram", 1), ("X (Twitter)", 1)]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_report_shows_the_avatar_once_and_says_where_else_it_is(audited, shots, lang, width):
    from playwright.sync_api import sync_playwright
    audit, report_url, _ = audited
    (shared,) = [p for p in audit["photos"] if p.get("also_on")]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(report_url + f"&lang={lang}")
        figures = page.locator(".profile figure.photo")  # each profile's photos, each photo once
        assert figures.count() == 3
        line = page.locator(f".profile #photo-{shared['id']} .also-on")
        assert line.inner_text() == LINES[lang]
        assert page.locator(".also-on").all_inner_texts() and set(page.locator(".also-on").all_inner_texts()) == {
            LINES[lang]}
        assert page.locator(".also-here").all_inner_texts() == [HERE[lang]]  # under Instagram
        assert page.locator(".profile").first.locator(".also-here").count() == 1
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        line.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / f"e2e-copies-{lang}-{width}.png"), full_page=True)
        browser.close()
