"""Large images reach the crawl page as stand-ins of their own size (#15 finding 1, crawler/standin.py).

Before, the renderer received and kept every image's bytes while the page was open (1.0 GB
for a page of 60 different 15 MB photos). Now a large image's body never reaches the page:
the page sees an SVG of the same natural size, its load event fires, and the crawler still
downloads the photo itself, whole.
"""
import io

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

from crawler import Crawler
from crawler.browser import launch_options
from crawler.standin import SMALL_IMAGE, StandIns, image_size
from tests.helpers.crawl_limits import FAST
from tests.helpers.sites import serve_answers

pytestmark = pytest.mark.slow


def jpeg(width, height, noise=True, exif=None):
    rng = np.random.default_rng(width)
    pixels = rng.integers(0, 256, (height, width, 3), dtype=np.uint8) if noise else np.full((height, width, 3), 90,
                                                                                               dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=95, **({"exif": exif} if exif else {}))
    return out.getvalue()


def turned_exif():
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait
    return exif.tobytes()


IMAGES = {"/big.jpg": jpeg(1500, 1000), "/small.jpg": jpeg(200, 150, noise=False),
          "/turned.jpg": jpeg(1200, 800, exif=turned_exif())}
PAGE = ("<!doctype html><title>me</title><body>" + "".join(
    f'<img id="{path[1:-4]}" src="{path}" alt="">' for path in IMAGES)).encode()
# A page that tries to open more pages: window.open, and a link to a new window clicked by script.
POPUPS = (b"<!doctype html><title>me</title><body><img src='/small.jpg'><a id='away' href='/popup' target='_blank'>x</a>"
          b"<script>for (let i = 0; i < 5; i++) window.open('/popup');"
          b"document.getElementById('away').click();</script>")


asked = []  # every path the site was asked for


def answer(path):
    asked.append(path)
    if path in IMAGES:
        return IMAGES[path], "image/jpeg"
    return (POPUPS if path.startswith("/popups") else PAGE), "text/html"


def image_site():
    return serve_answers(answer)


SEEN = """() => Object.fromEntries([...document.images].map(img => {
  const entry = performance.getEntriesByName(img.currentSrc)[0];
  return [img.id, {complete: img.complete, w: img.naturalWidth, h: img.naturalHeight,
                   body: entry ? entry.decodedBodySize : -1}];
}))"""


def test_the_page_sees_large_images_at_their_size_without_their_bytes():
    assert len(IMAGES["/big.jpg"]) > SMALL_IMAGE and len(IMAGES["/turned.jpg"]) > SMALL_IMAGE
    assert len(IMAGES["/small.jpg"]) < SMALL_IMAGE
    with image_site() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        try:
            context = browser.new_context()
            page = context.new_page()
            standins = StandIns(context, page)
            assert standins.start()
            page.goto(base + "/", wait_until="load")
            seen = page.evaluate(SEEN)
        finally:
            browser.close()
    assert (seen["big"]["complete"], seen["big"]["w"], seen["big"]["h"]) == (True, 1500, 1000)
    assert 0 < seen["big"]["body"] < 200, "the large photo's bytes reached the page"
    assert (seen["turned"]["w"], seen["turned"]["h"]) == (800, 1200)  # as the browser shows it, turned
    assert seen["turned"]["body"] < 200
    # A small image is the page's own, as it was.
    assert seen["small"] == {"complete": True, "w": 200, "h": 150, "body": len(IMAGES["/small.jpg"])}
    assert (standins.replaced, standins.passed) == (2, 1)


def test_images_in_a_frame_of_another_site_are_stand_ins_too():
    with image_site() as base, sync_playwright() as playwright:
        other = base.replace("127.0.0.1", "localhost")  # another site: its own frame (and process)
        browser = playwright.chromium.launch(**launch_options())
        try:
            context = browser.new_context()
            page = context.new_page()
            StandIns(context, page).start()
            page.set_content(f'<iframe src="{other}/" width="800" height="600"></iframe>')
            page.frames[1].wait_for_load_state("load")
            seen = page.frames[1].evaluate(SEEN)
        finally:
            browser.close()
    assert (seen["big"]["w"], seen["big"]["h"], seen["turned"]["w"]) == (1500, 1000, 800)
    assert seen["big"]["body"] < 200 and seen["turned"]["body"] < 200


def test_a_crawl_keeps_to_one_page(allow_private):
    asked.clear()
    with image_site() as base, Crawler(limits=FAST) as crawler:
        result = crawler.crawl(base + "/popups/")
        pages = [page for context in crawler.browser.chromium.contexts for page in context.pages]
    assert result["status"] == "ok", result["message"]
    # window.open opens nothing; the link's new window may ask for its page before it is closed.
    assert asked.count("/popup") <= 1, f"the page opened {asked.count('/popup')} more pages"
    assert pages == [], "a page of the crawl was left open"


def test_the_crawler_still_downloads_the_large_photos_whole(allow_private):
    with image_site() as base, Crawler(limits=FAST) as crawler:
        result = crawler.crawl(base + "/me/")
    assert result["status"] == "ok", result["message"]
    got = {image["image_url"].removeprefix(base): image for image in result["images"]}
    assert set(got) == set(IMAGES)
    for path, data in IMAGES.items():
        assert got[path]["data"] == data


def test_an_image_whose_size_is_not_read_in_time_is_still_found(allow_private, monkeypatch):
    # A slow link: no header arrives within the page's reading time. The stand-in then has no
    # size of its own (the page lays it out at the default 300 x 150, never as a 1 px
    # decoration), and the crawler still downloads and measures the photo itself.
    monkeypatch.setattr("crawler.standin.PAGE_READ_S", 0.0)
    with image_site() as base, Crawler(limits=FAST) as crawler:
        result = crawler.crawl(base + "/me/")
    assert result["status"] == "ok", result["message"]
    got = {image["image_url"].removeprefix(base): image for image in result["images"]}
    assert set(got) == set(IMAGES)
    assert (got["/big.jpg"]["width"], got["/big.jpg"]["height"]) == (1500, 1000)


@pytest.mark.parametrize("cut", [0, 10, 100])
def test_no_size_from_too_few_bytes(cut):
    assert image_size(IMAGES["/big.jpg"][:cut]) is None


def test_size_from_the_first_bytes():
    assert image_size(IMAGES["/big.jpg"][:4096]) == (1500, 1000)
    assert image_size(IMAGES["/turned.jpg"][:4096]) == (800, 1200)
