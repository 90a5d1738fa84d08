"""The report marks followers-only photos, and its steps turn to followers."""
import os
import re
from pathlib import Path

import pytest

from backend.report import render_report
from backend.tips import choose_tips
from tests.helpers.followers_audits import IG, audit, photo


def document(lang):
    audited = audit([photo("ph1", IG, "public"), photo("ph2", "export:instagram", "followers")])
    audited |= {"id": "a1", "status": "done", "consent": "self", "created_at": "2026-11-28T10:00:00+00:00",
                "profiles": [{"url": IG, "platform": "instagram", "status": "ok", "message": None,
                              "photos_found": 1},
                             {"url": "export:instagram", "platform": "instagram", "status": "ok",
                              "message": None, "photos_found": 1}],
                "summary": {"photos": 2, "photos_with_faces": 2, "high_risk_photos": 2,
                            "largest_identity_kit": 0}}
    audited["tips"] = choose_tips(audited, lang=lang)
    return audited


@pytest.mark.parametrize("lang, marker, step, source", [
    ("en", "Followers only", "Remove followers you don", "Your data export"),
    ("ko", "팔로워만 공개", "직접 알지 못하는 팔로워 삭제하기", "내 데이터 파일")])
def test_followers_only_photos_are_marked_and_their_steps_shown(lang, marker, step, source):
    html = render_report(document(lang), lang=lang)
    assert source in html and "export:instagram" not in html  # the export is not shown as a public profile
    assert 'class="profile status-followers"' in html
    assert len(re.findall(r'class="visibility followers"', html)) == 1  # the export's photo, not the public one
    assert marker in html
    assert step in html


def headline(audited, lang):
    """The report's first sentence and the line under it (who can see the counted photos)."""
    html = render_report(audited, lang=lang)
    sentence = re.search(r'<h1 id="verdict">(.*?)</h1>', html, re.S).group(1)
    found = re.search(r'<p class="audience" id="audience">(.*?)</p>', html, re.S)
    return sentence, found.group(1) if found else None


@pytest.mark.parametrize("lang, public, mixed", [
    ("en", "public photo", "1 of them only your followers can see; the rest are public."),
    ("ko", "공개", "그중 1장은 팔로워만 볼 수 있고, 나머지는 공개된 사진이라 누구나 볼 수 있어요.")])
def test_the_headline_counts_photos_not_public_photos_when_followers_see_some(lang, public, mixed):
    sentence, seen_by = headline(document(lang), lang)
    assert public not in sentence and "2" in sentence   # both photos, the public one and the follower's
    assert seen_by == mixed


@pytest.mark.parametrize("lang, only", [("en", "Only your followers can see them."),
                                         ("ko", "팔로워만 볼 수 있는 사진이에요.")])
def test_an_export_alone_says_only_followers_see_the_photos(lang, only):
    audited = document(lang)
    audited["photos"] = [p for p in audited["photos"] if p["visibility"] == "followers"]
    audited["photos"].append(photo("ph3", "export:instagram", "followers"))
    audited["profiles"] = audited["profiles"][1:]
    sentence, seen_by = headline(audited, lang)
    assert "public" not in sentence and "공개" not in sentence
    assert seen_by == only


@pytest.mark.parametrize("lang, public", [("en", "2 public photos show you clearly"),
                                           ("ko", "공개된 사진 2장에")])
def test_a_public_check_keeps_its_public_headline_and_no_audience_line(lang, public):
    audited = document(lang)
    audited["photos"] = [photo("ph1", IG, "public"), photo("ph2", IG, "public")]
    audited["profiles"] = audited["profiles"][:1]
    sentence, seen_by = headline(audited, lang)
    assert public in sentence and seen_by is None


@pytest.mark.parametrize("lang, none", [("en", "We found no photos to check."), ("ko", "점검할 사진을 찾지 못했어요.")])
def test_an_export_without_photos_does_not_speak_of_public_photos(lang, none):
    audited = document(lang)
    audited["photos"] = []
    assert headline(audited, lang) == (none, None)


@pytest.mark.slow
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_followers_headline_in_chromium(browser, tmp_path, lang, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.set_content(render_report(document(lang), lang=lang), wait_until="load")
    first = page.evaluate("""() => {
      const box = id => document.getElementById(id).getBoundingClientRect();
      return {scroll: document.scrollingElement.scrollWidth, width: innerWidth, height: innerHeight,
              verdict: box('verdict').top, audience: box('audience').bottom,
              breaks: getComputedStyle(document.getElementById('audience')).wordBreak};
    }""")
    assert first["scroll"] <= first["width"], first                       # no sideways scrolling
    assert first["verdict"] < first["audience"] <= first["height"], first  # under the headline, on the first screen
    assert first["breaks"] == "keep-all"
    assert page.locator("#audience").is_visible()
    shots = Path(os.environ.get("REPORT_SHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"followers-headline-{lang}-{width}.png"))
    page.close()
