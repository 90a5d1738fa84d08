"""Pairing by link with a school server, the way a student does it, in a real Chromium with the
real extension and the real server, in English and Korean.

The school server runs on 127.0.0.2: loopback, but not this computer's 127.0.0.1, the only
addresses the extension may reach from install. The student opens the class link, clicks the
extension's icon (Chromium's own action, CDP Extensions.triggerAction: the real popup opens and
the extension gets activeTab for that tab), sees the server's address in the popup, presses
"Pair with this server", and finishes a check.

One limit: the Pair click asks Chromium for host access to exactly that server, and a test
cannot click Chromium's permission prompt. So the extension here is the real one with
http://127.0.0.2/* granted up front (as test_extension_own_profile.py grants Instagram); the
request then answers "yes" at once, as after the student's "Allow". 127.0.0.3 stays ungranted:
there, the tests show that the popup reads a page only after a click on the icon.

Screenshots go to $EXPOSURE_SCREENSHOT_DIR when set, else to tmp.
"""
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from backend.start import strings as page_strings
from tests.helpers.extension_harness import (
    EXTENSION,
    ROOT,
    RealPopup,
    browser_in,
    get_storage,
    messages,
    open_page,
    popup_over,
    press_icon,
    start_check,
    tab_id,
    tab_index,
)
from tests.helpers.live_server import LiveServer, free_port
from tests.helpers.sites import serve_sites

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
SCHOOL = "127.0.0.2"  # the school's server
ELSEWHERE = "127.0.0.3"  # another server, that the extension was never given access to
AUDIT_TIMEOUT_MS = 240_000
CLASS = {"en": "Year 9 Digital Safety", "ko": "2학년 3반 디지털 안전"}
PERSON = {"en": "teacher", "ko": "선생님"}


def school_copy(folder):
    """The real extension with host access to the school server granted (see the module's note)."""
    copy = folder / "extension"
    shutil.copytree(EXTENSION, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["host_permissions"].append(f"http://{SCHOOL}/*")
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return copy


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("school"), host=SCHOOL).start()
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["en", "ko"])
def student(request, school, tmp_path_factory):
    """(lang, context, extension id, local profile site) for one language."""
    folder = tmp_path_factory.mktemp(f"student-{request.param}")
    with serve_sites() as site, browser_in(request.param, folder / "profile", ext_dir=school_copy(folder)) as (
            context, extension_id):
        yield request.param, context, extension_id, site


def class_link(school, lang):
    """A new workshop on the school server, as the teacher's `workshop create` makes it: its join link."""
    output = subprocess.run([sys.executable, "-m", "backend", "workshop", "create", CLASS[lang]],
                            cwd=ROOT, env={**os.environ, "EXPOSURE_DATA_DIR": str(school.data_dir)},
                            capture_output=True, text=True, check=True, timeout=60).stdout
    link = re.search(r"Join link: (\S+)", output).group(1)
    assert link.startswith(f"{school.base_url}/pair#"), link
    return link


def fake_pairing_page(context, origin, server, code="ABCD-2345"):
    """A page at `origin`/pair whose <meta> names `server`: what a pairing page elsewhere could say."""
    context.route(f"{origin}/pair", lambda route: route.fulfill(content_type="text/html", body=(
        f'<!doctype html><head><meta name="exposure-check-pairing" data-server="{server}" data-code="{code}">'
        '</head><body>Pair</body>')))
    page = context.new_page()
    page.goto(f"{origin}/pair")
    return page


def test_a_student_pairs_with_the_school_server_by_its_link_and_finishes_a_check(student, school, shots):
    lang, context, extension_id, site = student
    ui, text = messages(lang), page_strings(lang)
    link = class_link(school, lang)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(link)
    page.wait_for_selector("body[data-ready]")
    # The page says what to click, in the extension's own words, with its icon.
    expect(page.locator("#step-icon")).to_contain_text(ui["extName"])
    expect(page.locator("#step-button")).to_contain_text(ui["offerPair"])
    assert page.evaluate("() => document.querySelector('#step-icon img').naturalWidth") == 48
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        assert page.evaluate("() => getComputedStyle(document.body).wordBreak") == "keep-all"
        page.screenshot(path=str(shots / f"pair-link-{width}-{lang}.png"), full_page=True)
    assert text["pair_extension_title"] in page.inner_text("#extension-box")

    _, target = press_icon(context, extension_id, page)
    popup = RealPopup(context, target)
    try:
        popup.wait_for("document.body.dataset.ready && !document.getElementById('offer').hidden")
        assert popup.text("#offer-server") == school.base_url
        assert popup.text("#offer-pair") == ui["offerPair"]
        assert not popup.visible("#error"), "no 'not paired yet' beside the offer"
        assert "token" not in popup.evaluate("chrome.storage.local.get(null)"), "nothing paired before the click"
        popup.screenshot(shots / f"popup-pair-offer-{lang}.png")
        popup.click("#offer-pair")
        popup.wait_for("!document.getElementById('class-box').hidden")
        assert popup.text("#class-name") == ui["classJoined"].replace("$1", CLASS[lang])
        assert popup.text("#class-box").endswith(ui["teacherSees"])
        assert popup.text("#paired-here") == ui["pairedWith"].replace("$1", school.base_url)
        assert not popup.visible("#offer"), "paired: not offered again"
        assert popup.evaluate("document.getElementById('start').disabled") is False
        stored = popup.evaluate("chrome.storage.local.get(null)")
        assert stored["backend"] == school.base_url and stored["token"]
        popup.screenshot(shots / f"popup-paired-{lang}.png")
    finally:
        popup.close()

    check = open_page(context, extension_id, "popup.html")
    start_check(check, [f"{site}/site/blog/"], "#profiles li")
    check.wait_for_selector("#summary:not([hidden])", timeout=AUDIT_TIMEOUT_MS)
    assert re.search(r"\d", check.inner_text("#verdict"))
    stored = get_storage(check)
    status, audit = school.request("GET", f"/api/v1/audits/{stored['currentAudit']}", auth=False,
                                   headers={"Authorization": f"Bearer {stored['token']}"})
    assert status == 200 and audit["status"] == "done", "the check ran on the school server"
    check.close()
    page.close()


def set_pairing(context, extension_id, stored):
    """Pair the extension by hand (`stored`: backend and token), or unpair it (None)."""
    helper = open_page(context, extension_id, "options.html", wait_ready=False)
    if stored is None:
        helper.evaluate("() => chrome.storage.local.remove(['backend', 'token'])")
    else:
        helper.evaluate("stored => chrome.storage.local.set(stored)", stored)
    helper.close()


def test_the_extension_reads_a_pairing_page_only_after_a_click_on_its_icon(student):
    lang, context, extension_id, _ = student
    set_pairing(context, extension_id, None)  # a page offers pairing to an extension not yet paired
    origin = f"http://{ELSEWHERE}:{free_port(ELSEWHERE)}"
    page = fake_pairing_page(context, origin, origin)
    # The popup over that tab, the icon never clicked: the tab cannot be read, nothing is offered.
    unread = context.new_page()
    unread.goto(f"chrome-extension://{extension_id}/popup.html?tab={tab_id(context, extension_id, tab_index(context, page))}")
    unread.wait_for_selector("body[data-ready]")
    expect(unread.locator("#offer")).to_be_hidden()
    unread.close()
    # After the click on the icon, the same tab is read and its own server offered.
    popup = popup_over(context, extension_id, page)
    expect(popup.locator("#offer")).to_be_visible()
    assert popup.inner_text("#offer-server") == origin
    popup.close()
    page.close()


def test_a_pairing_page_naming_another_server_is_refused_and_names_a_person(student, school):
    lang, context, extension_id, _ = student
    origin = f"http://{ELSEWHERE}:{free_port(ELSEWHERE)}"
    page = fake_pairing_page(context, origin, school.base_url)  # claims to be the school server
    helper = open_page(context, extension_id, "options.html", wait_ready=False)
    before = get_storage(helper)
    helper.close()
    popup = popup_over(context, extension_id, page)
    error = popup.locator('#error[data-code="foreign_offer"]')
    expect(error).to_have_text(messages(lang)["errForeignOffer"])
    assert PERSON[lang] in popup.inner_text("#error")
    expect(popup.locator("#offer")).to_be_hidden()
    assert get_storage(popup).get("token") == before.get("token"), "nothing paired"
    assert get_storage(popup).get("backend") == before.get("backend")
    popup.close()
    page.close()


def test_a_page_never_repoints_a_paired_extension(student, school, shots):
    # Any http(s) page at /pair may offer pairing (a school server has a name of its own), but an
    # extension already paired was offered the switch too: a page could take its checks (#27 finding 12).
    lang, context, extension_id, _ = student
    set_pairing(context, extension_id, {"backend": school.base_url, "token": school.token})
    origin = f"http://{ELSEWHERE}:{free_port(ELSEWHERE)}"
    page = fake_pairing_page(context, origin, origin)
    popup = popup_over(context, extension_id, page)
    expect(popup.locator("#paired-here")).to_have_text(
        messages(lang)["pairedElsewhere"].replace("$1", school.base_url).replace("$2", origin))
    expect(popup.locator("#offer")).to_be_hidden()
    expect(popup.locator("#offer-pair")).to_be_hidden()
    popup.screenshot(path=str(shots / f"popup-paired-elsewhere-{lang}.png"))
    stored = get_storage(popup)
    assert (stored["backend"], stored["token"]) == (school.base_url, school.token)
    popup.close()
    page.close()
