"""A class workshop end to end, in a real Chromium, in English and in Korean, with nothing faked:
the real server (`python -m backend serve`), the unpacked extension, a local profile site.

The teacher creates the workshop through the real form and sees the join code, link and QR
code on the dashboard; one student pairs the extension by the join link (a click on the
extension's icon over the link's page, then "Pair with this server"), another checks from the phone page at 375 px; both
finish a check of a local profile; the teacher closes the workshop; both are told the class
ended and everything was deleted.

Screenshots go to $EXPOSURE_SCREENSHOT_DIR when set (the README's pictures), else to tmp.
"""
import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect, sync_playwright

from backend import address
from backend.start import strings as page_strings
from backend.workshop.sheet import labels as teacher_labels
from crawler.browser import CHROMIUM_ARGS, find_chromium
from tests.helpers.extension_harness import (
    ROOT,
    RealPopup,
    get_storage,
    launch,
    messages,
    open_page,
    press_icon,
    start_check,
)
from tests.helpers.live_server import LiveServer
from tests.helpers.sites import serve_sites

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
AUDIT_TIMEOUT_MS = 240_000
CLASS = {"en": "Year 9 Digital Safety", "ko": "2학년 3반 디지털 안전"}


@pytest.fixture(scope="module", params=["en", "ko"])
def world(request, tmp_path_factory):
    """(lang, server, site, extension context, extension id, plain browser) for one language."""
    lang = request.param
    server = LiveServer(tmp_path_factory.mktemp(f"server-{lang}")).start()
    with serve_sites() as site, sync_playwright() as playwright:
        context, extension_id = launch(playwright, tmp_path_factory.mktemp(f"profile-{lang}"), lang=lang)
        options = {"args": [*CHROMIUM_ARGS, "--no-sandbox"] if os.geteuid() == 0 else CHROMIUM_ARGS}
        if find_chromium():
            options["executable_path"] = find_chromium()
        browser = playwright.chromium.launch(**options)
        try:
            yield lang, server, site, context, extension_id, browser
        finally:
            browser.close()
            context.close()
            server.stop()


def teacher_creates_a_workshop(browser, server, lang, shots):
    text = teacher_labels(lang)
    teacher = browser.new_context(locale=lang, viewport={"width": 1280, "height": 900}).new_page()
    teacher.goto(f"{server.base_url}/workshops/new?lang={lang}")
    teacher.get_by_label(text["name"]).fill(CLASS[lang])
    teacher.get_by_label(text["class_size"]).fill("5")
    teacher.get_by_role("button", name=text["create"]).click()
    teacher.wait_for_url(re.compile(r"/workshops/[0-9a-f]+\?key="))
    code = teacher.inner_text("#join-code")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    link = teacher.get_attribute("#join-link", "href")
    assert link == f"{server.base_url}/pair#{code}", "the link names the server's real port"
    qr = teacher.locator("#join-qr svg")
    assert qr.bounding_box()["width"] >= 300, "the QR code is large enough to project"
    assert CLASS[lang] in teacher.inner_text("h1")
    teacher.screenshot(path=str(shots / f"dashboard-{lang}.png"), full_page=True)
    with teacher.context.expect_page() as opened:
        teacher.click("#handout-link", modifiers=["Control"])
    handout = opened.value
    handout.wait_for_load_state()
    assert handout.inner_text("#handout-code") == code
    assert handout.inner_text("#handout-address") == server.base_url  # typed on a phone: the start page
    assert text["handout_privacy"] in handout.inner_text("body")
    handout.emulate_media(media="print")
    handout.screenshot(path=str(shots / f"handout-{lang}.png"), full_page=True)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", handout.pdf(format="A4")))
    assert pages == 1, f"the handout prints on {pages} pages"
    handout.close()
    return teacher, code, link


def extension_student_pairs_by_the_link(context, extension_id, link, lang, server):
    """The link's page, a click on the extension's icon, "Pair with this server" in the real popup
    (test_extension_pair_link.py does the same with a school server)."""
    ui = messages(lang)
    page = context.new_page()
    page.goto(link)
    page.wait_for_selector("body[data-ready]")
    _, target = press_icon(context, extension_id, page)
    popup = RealPopup(context, target)
    try:
        popup.wait_for("document.body.dataset.ready && !document.getElementById('offer').hidden")
        assert popup.text("#offer-server") == server.base_url
        assert "token" not in popup.evaluate("chrome.storage.local.get(null)"), "nothing is paired before the click"
        popup.click("#offer-pair")
        popup.wait_for("!document.getElementById('class-box').hidden")
        assert popup.text("#class-name") == ui["classJoined"].replace("$1", CLASS[lang])
        assert ui["teacherSees"] in popup.text("#class-box")
        assert popup.evaluate("chrome.storage.local.get(null)")["backend"] == server.base_url
    finally:
        popup.close()
    page.close()
    settings = open_page(context, extension_id, "options.html")
    expect(settings.locator("#class-name")).to_have_text(ui["classJoined"].replace("$1", CLASS[lang]))
    return settings


def phone_student_joins_by_the_link(browser, link, lang, shots):
    text = page_strings(lang)
    phone = browser.new_context(locale=lang, viewport={"width": 375, "height": 812}, is_mobile=True,
                                has_touch=True, device_scale_factor=2).new_page()
    phone.goto(link)
    phone.wait_for_selector("body[data-ready]")
    phone.click("#pair-phone")
    phone.wait_for_selector("body[data-ready]")
    assert "#" not in phone.url, "the code does not stay in the address bar"
    phone.click("#join-button")
    expect(phone.locator("#class-name")).to_have_text(text["joined_class"].replace("{name}", CLASS[lang]))
    expect(phone.locator("#teacher-sees")).to_be_visible()
    token = phone.evaluate("() => JSON.parse(sessionStorage.getItem('exposure-check')).token")  # the tab's only
    assert token and token not in phone.url
    return phone


def check_on_the_phone(phone, profile, lang, shots):
    start_check(phone, [profile], "#links li")
    phone.wait_for_selector('#audit[data-status="done"]', timeout=AUDIT_TIMEOUT_MS)
    counted = page_strings(lang)["n_photos_counted"].replace("{n}", r"([1-9]\d*)")  # 4, or 4장: the count in words
    assert re.fullmatch(counted, phone.inner_text("#count-photos"))
    verdict = phone.inner_text("#verdict")
    expect(phone.locator("#first-step")).to_be_visible()  # the blog's clear faces need a step
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"the phone page scrolls sideways at 375 px ({width} px)"
    phone.screenshot(path=str(shots / f"phone-{lang}.png"), full_page=True)
    with phone.expect_navigation():
        phone.click("#open-report")
    assert "/report?key=" in phone.url
    phone.go_back()
    phone.wait_for_selector("body[data-ready]")
    return verdict


def check_in_the_popup(context, extension_id, profile, lang):
    popup = open_page(context, extension_id, "popup.html")
    start_check(popup, [profile], "#profiles li")
    popup.wait_for_selector("#summary:not([hidden])", timeout=AUDIT_TIMEOUT_MS)
    verdict = popup.inner_text("#verdict")
    assert re.search(r"\d", verdict)  # the report's verdict: how many clear photos
    assert popup.is_visible("#first-step")
    popup.close()
    return verdict


def test_a_class_joins_by_link_and_phone_checks_and_is_told_when_the_class_ends(world, shots):
    lang, server, site, context, extension_id, browser = world
    text = teacher_labels(lang)
    teacher, code, link = teacher_creates_a_workshop(browser, server, lang, shots)
    settings = extension_student_pairs_by_the_link(context, extension_id, link, lang, server)
    phone = phone_student_joins_by_the_link(browser, link, lang, shots)

    in_popup = check_in_the_popup(context, extension_id, f"{site}/site/blog/", lang)
    on_phone = check_on_the_phone(phone, f"{site}/site/blog/", lang, shots)
    # The same profile, the same words: the report's first sentence, in the student's language.
    assert in_popup and in_popup == on_phone

    teacher.reload()
    assert re.search(rf"{re.escape(text['joined'])}\s+2\b", teacher.inner_text("body"))
    teacher.get_by_label(text["close_confirm"]).check()
    teacher.get_by_role("button", name=text["close"]).click()
    expect(teacher.locator("h1")).to_have_text(text["closed"])

    page_text = page_strings(lang)
    phone.reload()
    expect(phone.locator("#ended")).to_be_visible()
    assert page_text["ended"] in phone.inner_text("#ended")
    expect(phone.locator("#join")).to_be_visible()
    assert phone.evaluate("() => JSON.parse(sessionStorage.getItem('exposure-check'))") == {"ended": True}

    ui = messages(lang)
    popup = open_page(context, extension_id, "popup.html")
    popup.wait_for_selector('#error[data-code="workshop_closed"]')
    assert ui["errWorkshopClosed"] in popup.inner_text("#error")
    expect(popup.locator("#audit")).to_be_hidden()
    # Nothing contradicts it: no "you joined the class", no "paired" beside "the class ended".
    expect(popup.locator("#class-box")).to_be_hidden()
    expect(popup.locator("#paired-here")).to_be_hidden()
    for width in (375, 1280):
        popup.set_viewport_size({"width": width, "height": 800})
        popup.screenshot(path=str(shots / f"popup-class-ended-{lang}-{width}.png"), full_page=True)
    stored = get_storage(popup)
    assert "token" not in stored and "reportUrls" not in stored and stored["classEnded"] is True
    popup.reload()
    popup.wait_for_selector('#error[data-code="workshop_closed"]')  # said again, not "pair again"
    expect(popup.locator("#class-box")).to_be_hidden()
    settings.reload()
    expect(settings.locator("#ended")).to_be_visible()


def test_the_form_from_another_origin_is_refused_in_the_teachers_language(world):
    lang, server, site, context, extension_id, browser = world
    page = browser.new_context(locale=lang).new_page()
    page.goto(f"{site}/site/blog/")  # another origin on this machine
    page.set_content(f'<form method="post" action="{server.base_url}/workshops">'
                     '<input name="name" value="Not mine"><button>go</button></form>')
    page.click("button")
    page.wait_for_selector("#page-error")
    assert page.inner_text("#page-error") == teacher_labels(lang)["err_other_origin"]
    status, _ = server.request("GET", "/api/v1/health", auth=False)
    assert status == 200


def test_serve_prints_a_pairing_link_to_its_real_port_and_records_it(world):
    lang, server, site, context, extension_id, browser = world
    assert f"Pairing link: {server.base_url}/pair#{server.pairing_code}" in server.output()
    assert f"Phone page (no install): {server.base_url}/" in server.output()
    assert address.recorded(server.data_dir) == server.base_url


@pytest.mark.parametrize("width", [375, 1280])
def test_every_page_of_the_class_fits_the_screen_without_sideways_scrolling(world, width):
    lang, server, site, context, extension_id, browser = world
    output = subprocess.run([sys.executable, "-m", "backend", "workshop", "create", CLASS[lang]],
                            cwd=ROOT, env={**os.environ, "EXPOSURE_DATA_DIR": str(server.data_dir)},
                            capture_output=True, text=True, check=True, timeout=60).stdout
    link = re.search(r"Join link: (\S+)", output).group(1)
    dashboard = re.search(r"Dashboard: (\S+)", output).group(1)
    page = browser.new_context(locale=lang, viewport={"width": width, "height": 800}).new_page()
    for url in (link, f"{server.base_url}/?lang={lang}", dashboard + f"&lang={lang}",
                dashboard.replace("?", "/handout?") + f"&lang={lang}", f"{server.base_url}/workshops/new?lang={lang}"):
        page.goto(url)
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"{url.split('?')[0]} is {scroll} px wide at {width} px"
        assert page.evaluate("() => getComputedStyle(document.body).wordBreak") == "keep-all", url
    page.context.close()
