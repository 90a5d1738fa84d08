"""Accounts around me on the phone page, as a student uses it in a real Chromium at 375 px, in
English and Korean: pair, add their own blog (with their code in its bio, the proof that its face
is theirs) and the school's account, check, see the photos of them found there, and copy the
request to the teacher in charge. The real server, crawler and face models.

Screenshots go to $EXPOSURE_SCREENSHOT_DIR when set, else to tmp.
"""
import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.helpers.live_server import ROOT, LiveServer
from tests.helpers.profile_site import ProfileSite
from tests.helpers.school_site import GROUPS, READER, SchoolSite

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
AUDIT_TIMEOUT_MS = 240_000
LAW = {"en": "Personal Information Protection Act", "ko": "개인정보 보호법"}
COPIED = {"en": "Copied.", "ko": "복사했어요."}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with ProfileSite() as site, SchoolSite() as school:
        server = LiveServer(tmp_path_factory.mktemp("server")).start()
        try:
            yield server, site, school
        finally:
            server.stop()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_student_adds_the_school_account_sees_their_photos_and_copies_the_request(browser, world, shots, lang):
    server, site, school = world
    printed = subprocess.run([sys.executable, "-m", "backend", "pair"], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "EXPOSURE_DATA_DIR": str(server.data_dir)}, check=True).stdout
    context = browser.new_context(locale=lang, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base_url)
    phone = context.new_page()
    phone.goto(f"{server.base_url}/?lang={lang}")
    phone.wait_for_selector("body[data-ready]")
    phone.fill("#code", re.search(r"Pairing code: (\S+)", printed).group(1))
    phone.click("#join-button")
    expect(phone.locator("#session")).to_be_visible()
    token = phone.evaluate("() => JSON.parse(sessionStorage.getItem('exposure-check')).token")
    _, verification = server.request("GET", "/api/v1/verification", auth=False,
                                     headers={"Authorization": f"Bearer {token}"})
    phone.fill("#add-url", site.url(f"/bio/{verification['code']}/"))  # the student's blog, their code in its bio
    phone.click("#add-link")
    phone.click("#pick-buttons .primary")  # a website: the student confirms it
    phone.fill("#around-url", school.url("/school/"))
    phone.select_option("#around-relation", "school")
    phone.click("#around-add")
    expect(phone.locator("#around-links li")).to_have_count(1)
    phone.check('input[name="consent"][value="self"]')
    phone.click("#start")
    phone.wait_for_selector('#audit[data-status="done"]', timeout=AUDIT_TIMEOUT_MS)

    expect(phone.locator("#around-result")).to_be_visible()
    photos = phone.locator("#around-photos li")
    expect(photos).to_have_count(len(READER) + len(GROUPS))
    assert phone.locator("#around-photos li img").count() == len(READER) + len(GROUPS), "each photo of them shows"
    assert phone.locator("#around-caution").is_visible()
    first = photos.first
    request = first.locator("textarea").input_value()
    assert LAW[lang] in request
    first.locator("button.copy").click()
    expect(first.locator(".copied")).to_have_text(COPIED[lang])
    assert phone.evaluate("() => navigator.clipboard.readText()") == request
    first.scroll_into_view_if_needed()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"
    phone.screenshot(path=str(shots / f"around-phone-{lang}-375.png"), full_page=True)
    context.close()


def test_without_proof_the_phone_page_says_why_and_shows_the_code_to_put_in_a_bio(browser, world):
    server, site, school = world
    printed = subprocess.run([sys.executable, "-m", "backend", "pair"], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "EXPOSURE_DATA_DIR": str(server.data_dir)}, check=True).stdout
    phone = browser.new_page(locale="ko", viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone.goto(f"{server.base_url}/?lang=ko")
    phone.wait_for_selector("body[data-ready]")
    phone.fill("#code", re.search(r"Pairing code: (\S+)", printed).group(1))
    phone.click("#join-button")
    expect(phone.locator("#session")).to_be_visible()
    token = phone.evaluate("() => JSON.parse(sessionStorage.getItem('exposure-check')).token")
    _, verification = server.request("GET", "/api/v1/verification", auth=False,
                                     headers={"Authorization": f"Bearer {token}"})
    phone.fill("#add-url", site.url("/blog/"))  # no code in its bio: nothing shows which face is theirs
    phone.click("#add-link")
    phone.click("#pick-buttons .primary")  # a website: the student confirms it
    phone.fill("#around-url", school.url("/school/"))
    phone.click("#around-add")
    phone.check('input[name="consent"][value="self"]')
    phone.click("#start")
    phone.wait_for_selector('#audit[data-status="done"]', timeout=AUDIT_TIMEOUT_MS)
    expect(phone.locator("#around-count")).to_contain_text("어느 얼굴이 내 얼굴인지")
    expect(phone.locator("#around-how")).to_contain_text(verification["code"])
    expect(phone.locator("#around-photos li")).to_have_count(0)
    phone.close()
