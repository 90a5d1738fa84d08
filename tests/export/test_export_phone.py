"""The phone page takes a data export: a student on a phone pairs, chooses their platform's ZIP
in the real form, watches it being sent and its photos read, and gets the report; in a real
Chromium against the real server (`python -m backend serve`), at 375 and 1280 px, in English
and Korean. A server that hands audits to a fleet refuses the export in plain words.

Screenshots go to $EXPOSURE_SCREENSHOT_DIR when set, else to tmp.
"""
import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from backend.export import uploads
from backend.start import strings
from tests.helpers.export_builders import VARIANTS, write_zip
from tests.helpers.live_server import ROOT, LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
AUDIT_TIMEOUT_MS = 240_000
# Everything the page showed in its progress box, in order (the page's own text, no test hooks).
WATCH_PROGRESS = """() => {
  window.seen = [];
  const note = () => window.seen.push([document.getElementById('stage').textContent,
                                       document.getElementById('progress-detail').textContent]);
  new MutationObserver(note).observe(document.getElementById('progress-box'),
                                     {subtree: true, childList: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def export_zip(tmp_path_factory):
    """An Instagram export over one part of the upload (sent in two), and its photos: 5, 4 only followers see."""
    files, expected = VARIANTS["instagram-2025-json"]()
    video = next(name for name in files if name.endswith(".mp4"))
    files[video] = os.urandom(uploads.PART_BYTES + 1024 ** 2)  # incompressible, as video is
    path = write_zip(tmp_path_factory.mktemp("export") / "instagram-minji-2025.zip", files)
    assert path.stat().st_size > uploads.PART_BYTES
    return path, len(expected)



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("server")).start()
    yield server
    server.stop()


def new_pairing_code(server):
    """A fresh one-time code from the server's own command (each test pairs a new phone)."""
    printed = subprocess.run([sys.executable, "-m", "backend", "pair"], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "EXPOSURE_DATA_DIR": str(server.data_dir)}, check=True).stdout
    return re.search(r"Pairing code: (\S+)", printed).group(1)


def paired_phone(browser, server, lang, width):
    """The phone page, paired through its real form with a new code."""
    phone = browser.new_page(locale=lang, viewport={"width": width, "height": 812}, is_mobile=width < 600,
                             has_touch=width < 600)
    phone.goto(f"{server.base_url}/?lang={lang}")
    phone.wait_for_selector("body[data-ready]")
    phone.fill("#code", new_pairing_code(server))
    phone.click("#join-button")
    expect(phone.locator("#session")).to_be_visible()
    return phone


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_student_uploads_their_export_from_the_phone_page_and_gets_the_report(
        browser, server, export_zip, shots, lang, width):
    text, (path, photos) = strings(lang), export_zip
    phone = paired_phone(browser, server, lang, width)
    expect(phone.locator("#export-box")).to_be_visible()
    phone.check('input[name="consent"][value="self"]')
    phone.evaluate(WATCH_PROGRESS)
    phone.set_input_files("#export-file", str(path))
    phone.wait_for_selector('#audit[data-status="done"]', timeout=AUDIT_TIMEOUT_MS)

    seen = phone.evaluate("() => window.seen")
    sending = text["export_uploading"].split("{")[0]
    assert any(stage.startswith(sending) for stage, _ in seen), seen          # the ZIP being sent, in %
    reading = text["export_reading"].replace("{analyzed}", r"\d+").replace("{found}", str(photos))
    assert any(re.fullmatch(reading, found) for _, found in seen), seen       # photos read out of the total
    assert phone.locator("#error").is_hidden()
    expect(phone.locator("#count-photos-label")).to_have_text(text["count_photos_all"])
    expect(phone.locator("#count-photos")).to_have_text(text["n_photos_counted"].replace("{n}", str(photos)))
    expect(phone.locator("#count-followers")).to_have_text(text["n_photos_counted"].replace("{n}", "4"))  # posts, story, archived; not the profile photo
    verdict = phone.inner_text("#verdict")
    assert verdict and "public" not in verdict and "공개" not in verdict
    expect(phone.locator("#audience")).to_be_visible()                     # the report's own line: who sees them
    expect(phone.locator("#export-unread")).to_be_hidden()                        # every picture it lists was read
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= width
    phone.screenshot(path=str(shots / f"phone-export-{lang}-{width}.png"), full_page=True)
    with phone.expect_navigation():
        phone.click("#open-report")
    assert "/report?key=" in phone.url
    expect(phone.locator("#audience")).to_be_visible()                     # the report says who sees them
    assert not list((server.data_dir / "exports").iterdir())              # the ZIP is gone once checked
    phone.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_bad_file_is_refused_in_plain_words(browser, server, tmp_path, lang):
    phone = paired_phone(browser, server, lang, 375)
    phone.check('input[name="consent"][value="self"]')
    not_an_export = write_zip(tmp_path / "homework.zip", {"essay.txt": b"my essay"})
    phone.set_input_files("#export-file", str(not_an_export))
    expect(phone.locator("#error")).to_have_text(strings(lang)["err_not_an_export"])
    assert phone.locator("#error").get_attribute("data-code") == "not_an_export"
    phone.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pictures_the_export_lists_but_could_not_be_read_are_said(browser, server, tmp_path, shots, lang, width):
    files, expected = VARIANTS["instagram-2023-json"]()
    files["your_instagram_activity/content/stories.json"] = (
        b'{"ig_stories": [{"uri": "media/stories/202301/gone1.jpg", "creation_timestamp": 1672531200},'
        b' {"uri": "media/stories/202301/gone2.jpg", "creation_timestamp": 1672531200}]}')
    phone = paired_phone(browser, server, lang, width)
    phone.check('input[name="consent"][value="self"]')
    phone.set_input_files("#export-file", str(write_zip(tmp_path / "instagram-2023.zip", files)))
    phone.wait_for_selector('#audit[data-status="done"]', timeout=AUDIT_TIMEOUT_MS)
    expect(phone.locator("#count-photos")).to_have_text(strings(lang)["n_photos_counted"].replace("{n}", str(len(expected) - 1)))
    expect(phone.locator("#export-unread")).to_have_text(strings(lang)["export_unread"].replace("{n}", "2"))
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= width
    phone.screenshot(path=str(shots / f"phone-export-unread-{lang}-{width}.png"), full_page=True)
    phone.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_export_in_a_layout_new_to_the_importer_is_refused_never_no_photos(
        browser, server, tmp_path, shots, lang, width):
    files, _ = VARIANTS["facebook-2024-json"]()
    moved = {name.replace("/posts/", "/posts_v9/").replace("/archived_stories", "/stories_v9"): data
             for name, data in files.items()}
    phone = paired_phone(browser, server, lang, width)
    phone.check('input[name="consent"][value="self"]')
    phone.set_input_files("#export-file", str(write_zip(tmp_path / "facebook-2030.zip", moved)))
    expect(phone.locator("#error")).to_have_text(strings(lang)["err_export_new_layout"])
    assert phone.locator("#error").get_attribute("data-code") == "unknown_layout"
    expect(phone.locator("#audit")).to_be_hidden()
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= width
    phone.screenshot(path=str(shots / f"phone-export-new-layout-{lang}-{width}.png"), full_page=True)
    phone.close()


@pytest.fixture(scope="module")
def fleet_server(tmp_path_factory):
    """A server that hands its audits to a fleet. The broker is never reached on this path:
    the export is refused before anything is queued."""
    server = LiveServer(tmp_path_factory.mktemp("fleet"),
                        extra_env={"EXPOSURE_BROKER_URL": "redis://:secret@127.0.0.1:9/0",
                                   "EXPOSURE_FLEET_SECRET": "x" * 32}).start()
    yield server
    server.stop()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_fleet_server_refuses_the_export_in_plain_words(browser, fleet_server, export_zip, lang):
    phone = paired_phone(browser, fleet_server, lang, 375)
    phone.check('input[name="consent"][value="guardian"]')
    phone.set_input_files("#export-file", str(export_zip[0]))
    expect(phone.locator("#error")).to_have_text(strings(lang)["err_not_with_fleet"])
    assert phone.locator("#error").get_attribute("data-code") == "not_with_fleet"
    expect(phone.locator("#audit")).to_be_hidden()
    assert not any((fleet_server.data_dir / "exports").glob("*/export.zip"))  # nothing was written
    phone.close()
