"""The whole path a user takes, with nothing faked: the unpacked extension in a real
Chromium, the real backend (`python -m backend serve`), a local profile site. Pair on
the options page, add the profile in the popup, start the audit, see the summary."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.helpers.extension_harness import FACES, get_storage, messages, open_page, set_storage, start_check
from tests.helpers.live_server import LiveServer
from tests.helpers.sites import serve_sites

pytestmark = pytest.mark.slow
EN = messages("en")
AUDIT_TIMEOUT_MS = 240_000  # a shared 2-core machine; the audit itself takes seconds


@pytest.fixture()
def backend(tmp_path):
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


def test_pair_add_a_profile_audit_it_and_see_the_summary(ext, backend):
    context, extension_id = ext
    options = open_page(context, extension_id, "options.html")
    options.fill("#backend", backend.base_url)
    options.fill("#code", backend.pairing_code)
    options.click("#pair")
    options.wait_for_selector('#status[data-paired="1"]')
    token = get_storage(options)["token"]

    def as_user(method, path):
        """The API as the paired extension sees it: audits belong to the token that made them."""
        return backend.request(method, path, auth=False, headers={"Authorization": f"Bearer {token}"})

    assert as_user("GET", "/api/v1/audits")[0] == 200
    # The ownership code for this pairing is shown once paired.
    options.wait_for_selector("#verify:not([hidden])")
    assert options.inner_text("#verify-code") == as_user("GET", "/api/v1/verification")[1]["code"]

    with serve_sites() as site:
        popup = open_page(context, extension_id, "popup.html")
        start_check(popup, [f"{site}/site/blog/", f"{site}/site/nothing-here/"], "#profiles li")
        popup.wait_for_selector("#summary:not([hidden])", timeout=AUDIT_TIMEOUT_MS)

    audit_id = get_storage(popup)["currentAudit"]
    status, audit = as_user("GET", f"/api/v1/audits/{audit_id}")
    assert status == 200 and audit["status"] == "done" and audit["consent"] == "self"
    assert audit["summary"]["high_risk_photos"] >= 1  # the blog shows clear faces
    # The popup says what the report's first screen says, and the first step.
    assert popup.inner_text("#verdict") == audit["verdict"]["sentence"]
    assert "show you clearly enough" in audit["verdict"]["sentence"]
    assert audit["first_steps"][0]["title"] in popup.inner_text("#first-step")
    assert popup.inner_text("#summary .badge") == EN["grade_high"]
    # The page that could not be read leads the summary, with what to do.
    unread = popup.inner_text("#unread li")
    assert "/site/nothing-here" in unread and "Check the link" in unread

    with context.expect_page() as opened:
        popup.click("#open-report")
    report = opened.value
    report.wait_for_load_state()
    assert report.url.startswith(f"{backend.base_url}/audits/{audit_id}/report?key=")
    assert report.title() in ("Exposure Check report", "노출 점검 보고서")
    # "Which one is you?": the other person found is me too. The popup follows the choice.
    report.click('#people .card:not(.is-reader) button[name="add"]')
    report.wait_for_selector("#people .card:not(.is-reader)", state="detached")
    chosen = report.inner_text("#verdict")
    assert chosen != audit["verdict"]["sentence"]
    popup.reload()
    popup.wait_for_selector("#summary:not([hidden])", timeout=AUDIT_TIMEOUT_MS)
    expect(popup.locator("#verdict")).to_have_text(chosen)
    first = report.inner_text("#first-steps li:first-child a")
    assert first in popup.inner_text("#first-step")

    popup.reload()
    popup.wait_for_selector(f'#history li[data-id="{audit_id}"]')
    popup.click(f'#history li[data-id="{audit_id}"] button.delete')
    thumbnails = audit["summary"]["photos"]
    expect(popup.locator(".confirm")).to_contain_text(f"{thumbnails} thumbnails")
    assert as_user("GET", f"/api/v1/audits/{audit_id}")[0] == 200  # not before it is confirmed
    popup.click(".confirm-delete")
    expect(popup.locator(f'#history li[data-id="{audit_id}"]')).to_have_count(0)
    expect(popup.locator("#history-notice")).to_contain_text(f"the report, {thumbnails} thumbnails")
    assert as_user("GET", f"/api/v1/audits/{audit_id}")[0] == 404
    report.reload()  # the old link says the report was deleted, not that the link is wrong
    assert "This report was deleted" in report.inner_text("body")

    log = backend.output()  # nothing personal in the server's log (SECURITY.md)
    for secret in (site.removeprefix("http://"), "/site/blog/", "/site/nothing-here/", token,
                   report.url.split("key=")[1]):
        assert secret not in log, f"the server's log holds {secret!r}"


def test_a_token_the_real_backend_refuses_asks_to_pair_again(ext, backend):
    context, extension_id = ext
    page = open_page(context, extension_id, "options.html")
    set_storage(page, {"backend": backend.base_url, "token": "not-a-token"})
    popup = open_page(context, extension_id, "popup.html")
    popup.wait_for_selector('#error[data-code="unauthorized"]')
    assert EN["errUnauthorized"] in popup.inner_text("#error")
    assert "token" not in get_storage(popup)


def test_check_a_photo_before_posting_with_the_real_models(ext, backend):
    context, extension_id = ext
    page = open_page(context, extension_id, "options.html")
    status, body = backend.request("POST", "/api/v1/pair", {"code": backend.pairing_code}, auth=False)
    set_storage(page, {"backend": backend.base_url, "token": body["token"]})
    popup = open_page(context, extension_id, "popup.html")
    popup.set_input_files("#photo-file", str(FACES / "obama.jpg"))
    popup.wait_for_selector("#photo-result .face", timeout=AUDIT_TIMEOUT_MS)
    assert popup.locator("#photo-result .face").count() == 1
    assert popup.inner_text("#photo-result .result-head .badge") == EN["grade_high"]
    assert popup.locator("#photo-result .face li").count() >= 1  # the reasons, in words
    popup.set_input_files("#photo-file", files=[{"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo"}])
    popup.wait_for_selector('#error[data-code="unreadable_image"]', timeout=AUDIT_TIMEOUT_MS)
    assert EN["errNotAPhoto"] in popup.inner_text("#error")


def test_the_safer_copy_has_blurred_faces_and_no_exif(ext, backend, tmp_path):
    """Check before posting, with the real models: the face is boxed, and the copy to
    download is made in the browser with the face blurred and no EXIF or GPS left."""
    import io

    from PIL import Image, ImageFilter, ImageStat

    original = Image.open(FACES / "obama.jpg").convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(0x8825).update({1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 40.0)})  # GPS
    with_gps = tmp_path / "with-gps.jpg"
    original.save(with_gps, "JPEG", exif=exif.tobytes())
    assert Image.open(with_gps).getexif().get_ifd(0x8825)  # the test photo does carry GPS

    context, extension_id = ext
    page = open_page(context, extension_id, "options.html")
    status, body = backend.request("POST", "/api/v1/pair", {"code": backend.pairing_code}, auth=False)
    set_storage(page, {"backend": backend.base_url, "token": body["token"]})
    popup = open_page(context, extension_id, "popup.html")
    popup.set_input_files("#photo-file", str(with_gps))
    popup.wait_for_selector("#checked-photo .box", timeout=AUDIT_TIMEOUT_MS)
    assert popup.locator("#checked-photo .box").all_inner_texts() == ["1"]
    assert popup.is_checked('#safer input[name="blur"][value="0"]')  # the clear face is chosen
    with popup.expect_download() as download:
        popup.click("#safer-copy")
    copy = Image.open(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert copy.format == "JPEG" and copy.size == original.size
    assert len(copy.getexif()) == 0 and "exif" not in copy.info

    def detail(image, box):
        top, right, bottom, left = box
        region = image.convert("L").crop((left, top, right, bottom))
        return ImageStat.Stat(region.filter(ImageFilter.FIND_EDGES)).mean[0]

    # The face as the page boxed it (percent of the photo), in pixels: [top, right, bottom, left].
    box = popup.eval_on_selector("#checked-photo .box", "e => ['top', 'left', 'width', 'height'].map(k => parseFloat(e.style[k]))")
    width, height = original.size
    top, left = box[0] * height / 100, box[1] * width / 100
    face_box = [int(top), int(left + box[2] * width / 100), int(top + box[3] * height / 100), int(left)]
    assert detail(copy, face_box) < 0.35 * detail(original, face_box)  # the face lost its detail
    corner = [0, 60, 60, 0]
    assert abs(detail(copy, corner) - detail(original, corner)) < 3  # the rest is the same photo

