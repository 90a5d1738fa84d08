"""Check-before-post tells the reader what the file itself gives away, with nothing faked:
the real extension in a real Chromium (English and Korean), the real backend and models.
A photo with a GPS position written in by the test shows the location note and how to
remove it; a full-length photo shows the body reason. At 375 and 1280 px."""
import io

import pytest
from PIL import Image

from extension_harness import ROOT, launch, open_page, set_storage
from tests.e2e.live_server import LiveServer

pytestmark = pytest.mark.slow
TIMEOUT_MS = 240_000
BODY = ROOT / "tests" / "fixtures" / "body"
FACES = ROOT / "tests" / "fixtures" / "faces"
WORDS = {"en": ("exact location", "remove them before you post", '"undress" apps'),
         "ko": ("정확한 위치", "올리기 전에 지우세요", "옷을 지운 가짜 사진")}


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("backend")).start()
    yield server
    server.stop()


def gps_photo(path):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 45.12), 3: "E", 4: (126.0, 58.0, 30.21)}
    out = io.BytesIO()
    Image.open(path).convert("RGB").save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_check_page_names_a_hidden_location_and_a_visible_body(backend, tmp_path, lang):
    from playwright.sync_api import sync_playwright

    location, how, body = WORDS[lang]
    with sync_playwright() as playwright:
        context, extension_id = launch(playwright, tmp_path / "profile", lang=lang)
        try:
            page = open_page(context, extension_id, "options.html")
            set_storage(page, {"backend": backend.base_url, "token": backend.token})
            check = open_page(context, extension_id, "check.html")
            check.set_viewport_size({"width": 375, "height": 800})
            check.set_input_files("#photo-file", files=[{"name": "beach.jpg", "mimeType": "image/jpeg",
                                                         "buffer": gps_photo(FACES / "biden.jpg")}])
            check.wait_for_selector("#photo-result .file-data li", timeout=TIMEOUT_MS)
            notes = check.inner_text("#photo-result .file-data")
            assert location in notes and how in notes
            assert "45.12" not in check.content() and "37.5" not in check.content()
            check.screenshot(path=str(tmp_path / f"check-location-{lang}-375.png"), full_page=True)
            assert check.evaluate("document.documentElement.scrollWidth") <= 375

            check.set_viewport_size({"width": 1280, "height": 800})
            check.set_input_files("#photo-file", str(BODY / "fr_kit_with_rose.jpg"))
            check.wait_for_function(
                "(words) => document.querySelector('#photo-result').innerText.includes(words)", arg=body,
                timeout=TIMEOUT_MS)
            check.screenshot(path=str(tmp_path / f"check-body-{lang}-1280.png"), full_page=True)
        finally:
            context.close()
