"""Check-before-post tells the reader what the file itself gives away, with nothing faked:
the real extension in a real Chromium (English and Korean), the real backend and models.
A full-length photo with a GPS position written in by the test shows the body reason, the
location note and how to remove it, and its safer copy carries no EXIF; a close-up without
metadata shows neither note. At 375 and 1280 px."""
import io
from pathlib import Path

import pytest
from PIL import Image

from backend.analysis import metadata
from tests.helpers.extension_harness import ROOT, launch, open_page, set_storage
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.slow
TIMEOUT_MS = 240_000
BODY = ROOT / "tests" / "fixtures" / "body"
FACES = ROOT / "tests" / "fixtures" / "faces"
WORDS = {"en": ("exact location", "remove them before you post", '"undress" apps'),
         "ko": ("정확한 위치", "올리기 전에 이 정보를 지우세요", "옷을 지운 가짜 사진")}


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("backend")).start()
    yield server
    server.stop()


def upload(page, *args, **kwargs):
    """Choose a photo on the check page and wait for its result (not the one before it)."""
    page.evaluate("delete document.body.dataset.done")
    page.set_input_files("#photo-file", *args, **kwargs)
    page.wait_for_selector("body[data-done] #photo-result .face", timeout=TIMEOUT_MS)


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
            # A full-length press photo, with a GPS position written in by the test.
            upload(check, files=[{"name": "beach.jpg", "mimeType": "image/jpeg",
                                  "buffer": gps_photo(FACES / "biden.jpg")}])
            notes = check.inner_text("#photo-result .file-data")
            assert location in notes and how in notes
            assert body in check.inner_text("#photo-result .face")
            assert "45.12" not in check.content() and "37.5" not in check.content()
            check.screenshot(path=str(tmp_path / f"check-location-{lang}-375.png"), full_page=True)
            assert check.evaluate("document.documentElement.scrollWidth") <= 375
            # The safer copy made on the page carries none of it.
            with check.expect_download() as download:
                check.click("#safer-copy")
            copy = Path(download.value.path()).read_bytes()
            assert metadata.read(copy) == metadata.NOTHING
            assert not Image.open(io.BytesIO(copy)).getexif()

            # A close-up without metadata: neither note.
            check.set_viewport_size({"width": 1280, "height": 800})
            upload(check, str(BODY / "fr_alex_lacamoire_img1.jpg"))
            assert check.locator("#photo-result .face").count() == 1
            assert check.locator("#photo-result .file-data").count() == 0
            assert body not in check.inner_text("#photo-result")
            check.screenshot(path=str(tmp_path / f"check-closeup-{lang}-1280.png"), full_page=True)
        finally:
            context.close()
