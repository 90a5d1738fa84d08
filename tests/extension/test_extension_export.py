""""Upload your data export", the way a student uses it: the real extension's export page in a
real Chromium, the real backend. A platform's ZIP is chosen, sent, read and graded, with
progress; a hostile ZIP gets its plain refusal; the upload folder is empty afterwards."""
import os
import zipfile

import pytest
from playwright.sync_api import expect

from backend.export import uploads
from tests.helpers.export_builders import VARIANTS, write_zip
from tests.helpers.extension_harness import browser_in, messages, open_page, set_storage
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.slow
AUDIT_TIMEOUT_MS = 240_000


@pytest.fixture(scope="module", params=["en", "ko"])
def browser(request, tmp_path_factory):
    with browser_in(request.param, tmp_path_factory.mktemp("profile")) as (context, extension_id):
        yield context, extension_id, request.param


@pytest.fixture(scope="module")
def backend(live_backend):
    return live_backend


def export_page(context, extension_id, backend, width):
    page = open_page(context, extension_id, "options.html", wait_ready=False)
    set_storage(page, {"backend": backend.base_url, "token": backend.token, "consent": "self"})
    page.close()
    page = open_page(context, extension_id, "export.html")
    page.set_viewport_size({"width": width, "height": 900})
    return page


def test_an_export_is_uploaded_read_and_graded(browser, backend, tmp_path):
    context, extension_id, lang = browser
    files, expected = VARIANTS["instagram-2023-json"]()
    # A video over one part of the upload: the ZIP goes in two parts, the first a full one.
    files[next(name for name in files if name.endswith(".mp4"))] = os.urandom(uploads.PART_BYTES + 1024 ** 2)
    page = export_page(context, extension_id, backend, 375)
    page.set_input_files("#export-file", str(write_zip(tmp_path / "instagram-jane.zip", files)))
    page.wait_for_selector("#summary:not([hidden])", timeout=AUDIT_TIMEOUT_MS)
    page.screenshot(path=str(tmp_path / f"export-done-375-{lang}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(tmp_path / f"export-done-1280-{lang}.png"), full_page=True)
    status, listed = backend.request("GET", "/api/v1/audits")
    status, audit = backend.request("GET", f"/api/v1/audits/{listed['audits'][0]['id']}")
    assert audit["status"] == "done" and audit["profiles"][0]["url"] == "export:instagram"
    assert len(audit["photos"]) == len(expected)
    followers = sum(1 for p in audit["photos"] if p["visibility"] == "followers")
    assert followers == 4
    expected_text = messages(lang)["exportDone"].replace("$1", str(audit["summary"]["photos"])).replace(
        "$2", str(audit["summary"]["high_risk_photos"])).replace("$3", str(followers))
    expect(page.locator("#summary-text")).to_have_text(expected_text)
    expect(page.locator("#unread")).to_be_hidden()  # every picture it lists was read
    assert list((backend.data_dir / "exports").iterdir()) == []
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_pictures_the_export_lists_but_could_not_be_read_are_said(browser, backend, tmp_path, width):
    context, extension_id, lang = browser
    files, expected = VARIANTS["instagram-2023-json"]()
    files["your_instagram_activity/content/stories.json"] = (
        b'{"ig_stories": [{"uri": "media/stories/202301/gone1.jpg", "creation_timestamp": 1672531200},'
        b' {"uri": "media/stories/202301/gone2.jpg", "creation_timestamp": 1672531200}]}')
    page = export_page(context, extension_id, backend, width)
    page.set_input_files("#export-file", str(write_zip(tmp_path / "instagram-2023.zip", files)))
    page.wait_for_selector("#summary:not([hidden])", timeout=AUDIT_TIMEOUT_MS)
    expect(page.locator("#unread")).to_have_text(messages(lang)["exportUnread"].replace("$1", "2"))
    page.screenshot(path=str(tmp_path / f"export-unread-{width}-{lang}.png"), full_page=True)
    page.close()


def test_a_zip_bomb_is_refused_plainly(browser, backend, tmp_path):
    context, extension_id, lang = browser
    files, _ = VARIANTS["instagram-2023-json"]()
    bomb = write_zip(tmp_path / "export.zip", files)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as out:
        out.writestr("your_instagram_activity/content/stories.html", b"\0" * (50 * 1024 ** 2))
    page = export_page(context, extension_id, backend, 375)
    page.set_input_files("#export-file", str(bomb))
    error = page.locator('#error[data-code="zip_bomb"]')
    expect(error).to_be_visible(timeout=60_000)
    expect(error).to_contain_text(messages(lang)["errExportUnsafe"])
    page.screenshot(path=str(tmp_path / f"export-bomb-375-{lang}.png"), full_page=True)
    assert list((backend.data_dir / "exports").iterdir()) == []
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_an_export_in_a_layout_new_to_the_importer_is_refused_never_no_photos(browser, backend, tmp_path, width):
    context, extension_id, lang = browser
    files, expected = VARIANTS["facebook-2024-json"]()
    moved = {name.replace("/posts/", "/posts_v9/").replace("/archived_stories", "/stories_v9"): data
             for name, data in files.items()}
    page = export_page(context, extension_id, backend, width)
    page.set_input_files("#export-file", str(write_zip(tmp_path / "facebook-2030.zip", moved)))
    error = page.locator('#error[data-code="unknown_layout"]')
    expect(error).to_be_visible(timeout=60_000)
    expect(error.locator("p")).to_have_text(messages(lang)["errExportNewLayout"])
    if lang == "en":  # the backend's detail, in English: how many pictures could not be read
        expect(error.locator("pre")).to_contain_text(f"{len(expected)} pictures in it could not be read")
    page.screenshot(path=str(tmp_path / f"export-new-layout-{width}-{lang}.png"), full_page=True)
    assert list((backend.data_dir / "exports").iterdir()) == []
    page.close()


@pytest.fixture(scope="module")
def fleet_backend(tmp_path_factory):
    """A server that hands its audits to a fleet; the broker is never reached on this path."""
    server = LiveServer(tmp_path_factory.mktemp("fleet"),
                        extra_env={"EXPOSURE_BROKER_URL": "redis://:secret@127.0.0.1:9/0",
                                   "EXPOSURE_FLEET_SECRET": "x" * 32}).start()
    yield server
    server.stop()


def test_a_fleet_server_refuses_the_export_in_plain_words(browser, fleet_backend, tmp_path):
    context, extension_id, lang = browser
    page = export_page(context, extension_id, fleet_backend, 375)
    page.set_input_files("#export-file", str(write_zip(tmp_path / "e.zip", VARIANTS["x-2022"]()[0])))
    error = page.locator('#error[data-code="not_with_fleet"]')
    expect(error).to_be_visible(timeout=60_000)
    expect(error).to_have_text(messages(lang)["errNotWithFleet"])
    page.close()
