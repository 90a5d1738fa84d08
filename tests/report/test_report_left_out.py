"""The report's one line per profile on the other accounts' pictures that were left out, and why."""
import pytest

from backend.report import render_report
from backend.report.language import Translator
from backend.report.left_out import left_out_line, read_reasons

YT = "https://www.youtube.com/@minji.k"


def test_each_reason_is_said_with_its_count_most_first():
    line = left_out_line({"suggested": 2, "posts": 34, "reposts": 1}, "youtube", Translator("en"))
    assert line == ("Left out as other accounts' pictures: 34 from other channels' videos, "
                    "2 of suggested or related profiles, 1 from a repost of another account's post.")


@pytest.mark.parametrize("platform, words", [("youtube", "다른 채널의 영상 34장"), ("tiktok", "다른 계정의 영상 34장"),
                                             ("instagram", "다른 계정의 게시물 34장")])
def test_korean_names_the_platform_s_own_posts(platform, words):
    line = left_out_line({"posts": 34, "activity": 3}, platform, Translator("ko"))
    assert line == f"다른 계정의 사진이라 빼고 점검했어요: {words}, 이 계정이 좋아요나 댓글을 남긴 다른 계정의 게시물 3장."


@pytest.mark.parametrize("stored", [None, "", "not json", "[1, 2]", '{"posts": "34"}', '{"posts": -1}', '{"posts": true}',
                                    '{"<script>": 3}', '{"posts": 10000000}'])
def test_a_stored_value_that_is_not_a_count_of_known_reasons_says_nothing(stored):
    assert read_reasons(stored) == {}
    assert left_out_line(stored, "x", Translator("en")) == ""


def _with_reasons(audit):
    audit["profiles"].append({"url": YT, "platform": "youtube", "status": "ok", "message": None, "photos_found": 0,
                              "other_images_left_out": {"other_accounts": 40, "site": 1,
                                                        "reasons": {"posts": 34, "suggested": 6}}})
    audit["profiles"][0]["other_images_left_out"] = {"other_accounts": 5, "site": 0,
                                                     "reasons": {"suggested": 3, "tagged": 1, "quotes": 1}}
    return audit


LINES = {
    "en": ["Left out as other accounts' pictures: 34 from other channels' videos, 6 of suggested or related profiles.",
           "Left out as other accounts' pictures: 3 of suggested or related profiles, 1 from a quoted post, "
           "1 from another account's post this account is tagged in."],
    "ko": ["다른 계정의 사진이라 빼고 점검했어요: 다른 채널의 영상 34장, 추천·관련 프로필 6장.",
           "다른 계정의 사진이라 빼고 점검했어요: 추천·관련 프로필 3장, 인용한 게시물 1장, 이 계정이 태그된 다른 계정의 게시물 1장."],
}


@pytest.mark.slow
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_line_shows_under_each_profile_in_chromium(browser, shots, done_audit, thumbnails, lang, width):
    html = render_report(_with_reasons(done_audit), lang=lang, thumbnails=thumbnails)
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.set_content(html, wait_until="load")
    lines = page.locator(".left-out")
    assert sorted(lines.all_inner_texts()) == sorted(LINES[lang])
    for box in (lines.nth(i).bounding_box() for i in range(lines.count())):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # wraps inside the page
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    if lang == "ko":
        assert lines.first.evaluate("e => getComputedStyle(e).wordBreak") == "keep-all"
    lines.last.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / f"left-out-{lang}-{width}.png"), full_page=True)
    page.close()
