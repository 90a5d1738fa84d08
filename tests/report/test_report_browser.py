"""The report in a real Chromium: phone and desktop widths, both languages, print."""
import os
from pathlib import Path

import pytest

from backend.report import render_report

pytestmark = pytest.mark.slow

PAGE_CHECKS = """() => {
  const summary = document.getElementById('verdict').getBoundingClientRect();
  const images = [...document.querySelectorAll('.photo img')];  // the photos, not the strip or the faces
  const all = [...document.images];
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: innerWidth, innerHeight: innerHeight,
    summaryTop: summary.top, summaryBottom: summary.bottom,
    images: images.length,
    broken: all.filter(i => !(i.complete && i.naturalWidth > 0)).length,
    widest: Math.max(0, ...[...document.querySelectorAll('.photo')].map(f => f.getBoundingClientRect().width)),
  };
}"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Where the screenshots go: REPORT_SHOTS_DIR to keep them for a look, else a temp folder."""
    kept = os.environ.get("REPORT_SHOTS_DIR")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        return Path(kept)
    return tmp_path_factory.mktemp("report-shots")


def open_report(browser, html, width, media="screen"):
    """A page showing `html` at `width` x 800; every request it makes is recorded."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.emulate_media(media=media)
    page.set_content(html, wait_until="load")
    return page


def check_layout(page, expected_images):
    result = page.evaluate(PAGE_CHECKS)
    assert result["scrollWidth"] <= result["innerWidth"], result  # no sideways scrolling
    assert result["images"] == expected_images
    assert result["broken"] == 0, result
    assert 0 <= result["summaryTop"] and result["summaryBottom"] <= result["innerHeight"], result
    assert result["widest"] <= 160, result  # thumbnails at most 160 px
    assert all(url.startswith(("data:", "about:")) for url in page.requests), page.requests
    return result


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_done_report_in_chromium(browser, shots, done_audit, thumbnails, lang, width):
    done_audit["consent"] = "guardian"
    html = render_report(done_audit, lang=lang, thumbnails=thumbnails, switch_url="/audits/a/report?key=k")
    page = open_report(browser, html, width)
    check_layout(page, expected_images=len(thumbnails))
    page.screenshot(path=str(shots / f"done-{lang}-{width}.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_failed_and_no_face_reports_in_chromium(browser, shots, failed_audit, no_faces_audit,
                                               no_faces_thumbnails, width):
    for name, html, images in (
            ("failed", render_report(failed_audit), 0),
            ("nofaces", render_report(no_faces_audit, lang="ko", thumbnails=no_faces_thumbnails), 3)):
        page = open_report(browser, html, width)
        check_layout(page, expected_images=images)
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
        page.close()


def test_long_untrusted_text_does_not_widen_the_phone_page(browser, done_audit, thumbnails):
    long_url = "https://www.instagram.com/" + "a" * 300 + "/"
    for photo in done_audit["photos"]:
        if photo["profile_url"] == done_audit["profiles"][0]["url"]:
            photo["profile_url"] = long_url
    done_audit["profiles"][0]["url"] = long_url
    done_audit["profiles"][1]["message"] = "x" * 500
    done_audit["photos"][0]["faces"][0]["reasons"] = ["y" * 400]
    page = open_report(browser, render_report(done_audit, thumbnails=thumbnails), 375)
    check_layout(page, expected_images=len(thumbnails))
    page.close()


def test_print_layout_hides_the_switch_and_keeps_the_guide(browser, shots, done_audit, thumbnails):
    done_audit["consent"] = "guardian"
    html = render_report(done_audit, thumbnails=thumbnails, switch_url="/audits/a/report?key=k")
    page = open_report(browser, html, 794, media="print")  # A4 width at 96 dpi
    assert page.evaluate("getComputedStyle(document.querySelector('.lang')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.guide')).display") != "none"
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    page.screenshot(path=str(shots / "print-794.png"), full_page=True)
    page.close()
