"""Which one is you?, as a student uses it: the real server (`python -m backend serve`) crawls a
local blog of real photos (tests/fixtures/faces) and groups the faces with the real models; in a
real Chromium, the student checks it from the phone page, opens the report, says that two of the
groups are both them and takes out one photo they are not in. The report's headline and first
step, and then the phone page's, follow that choice. At 375 px in English and Korean, and the
report at 1280 px.

Screenshots go to $EXPOSURE_SCREENSHOT_DIR when set, else to tmp.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.helpers.live_server import ROOT, LiveServer
from tests.helpers.profile_site import ProfileSite

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
AUDIT_TIMEOUT_MS = 240_000
# The headline's count of the reader's clear photos, and the first step's count of photos it hides.
HEADLINE = {"en": r"^(\d+) public photos? shows? you clearly", "ko": r"^공개된 사진 (\d+)장에 내 얼굴이"}
HIDES = {"en": r"hides (\d+) photos?", "ko": r"사진 (\d+)장을 숨겨요"}
KIT_STEP = {lang: next(tip["title"][lang] for tip in json.loads((ROOT / "backend/tips/data/general.json").read_text())
                       ["tips"] if tip["id"] == "general-identity-kit") for lang in ("en", "ko")}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with ProfileSite() as site:
        server = LiveServer(tmp_path_factory.mktemp("server")).start()
        try:
            yield server, site
        finally:
            server.stop()


def phone_checks_the_blog(browser, server, site, lang):
    """A new phone, paired with a fresh code from the server's own command, checks the blog."""
    printed = subprocess.run([sys.executable, "-m", "backend", "pair"], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "EXPOSURE_DATA_DIR": str(server.data_dir)}, check=True).stdout
    phone = browser.new_page(locale=lang, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone.goto(f"{server.base_url}/?lang={lang}")
    phone.wait_for_selector("body[data-ready]")
    phone.fill("#code", re.search(r"Pairing code: (\S+)", printed).group(1))
    phone.click("#join-button")
    expect(phone.locator("#session")).to_be_visible()
    phone.fill("#add-url", site.url("/blog/"))
    phone.click("#add-link")
    phone.click("#pick-buttons .primary")  # a website: the student confirms it
    phone.check('input[name="consent"][value="self"]')
    phone.click("#start")
    phone.wait_for_selector('#audit[data-status="done"]', timeout=AUDIT_TIMEOUT_MS)
    return phone


def phone_says(phone):
    return phone.inner_text("#verdict"), phone.inner_text("#first-step-title"), phone.inner_text("#first-step-hides")


def report_says(page):
    return page.inner_text("#verdict"), page.inner_text("#first-steps li:first-child")


def number(pattern, text):
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return int(found.group(1))


def the_document(server, phone):
    """The audit as the API gives it to the phone page and the popup, with the phone's own token."""
    # The tab's sessionStorage: the phone page remembers nothing past the tab unless asked to.
    state = phone.evaluate("() => JSON.parse(sessionStorage.getItem('exposure-check'))")
    status, audit = server.request("GET", f"/api/v1/audits/{state['currentAudit']}?lang=en", auth=False,
                                   headers={"Authorization": f"Bearer {state['token']}"})
    assert status == 200, audit
    return audit


def groups_of(audit):
    """{file name: the identity group of its face} for the blog's photos with one face."""
    return {p["image_url"].rsplit("/", 1)[-1]: p["faces"][0]["identity"]
            for p in audit["photos"] if len(p["faces"]) == 1 and p["faces"][0].get("identity")}


def phone_page_again(page, server, lang):
    """Back on the phone page: it asks the server for the check again (as the popup does)."""
    page.goto(f"{server.base_url}/?lang={lang}")
    page.wait_for_selector('#audit[data-status="done"]', timeout=AUDIT_TIMEOUT_MS)
    return phone_says(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_two_groups_are_me_and_one_photo_is_not(browser, world, shots, lang):
    server, site = world
    phone = phone_checks_the_blog(browser, server, site, lang)
    before = phone_says(phone)
    audit = the_document(server, phone)
    groups = groups_of(audit)
    # obama.jpg and obama2.jpg show one man, biden.jpg another: two groups, as the models make them.
    assert groups["obama.jpg"] == groups["obama2.jpg"] != groups["biden.jpg"], groups
    high = {p["image_url"].rsplit("/", 1)[-1] for p in audit["photos"] if p["risk"] == "high"}
    assert {"obama.jpg", "obama2.jpg", "biden.jpg"} <= high
    report_url = phone.eval_on_selector("#open-report", "a => a.href")
    with phone.expect_navigation():
        phone.click("#open-report")
    report = phone
    assert report_says(report)[0] == before[0]  # the phone showed the report's own headline
    assert number(HEADLINE[lang], before[0]) == 2  # the likeliest person: the one on two photos
    assert KIT_STEP[lang] not in report_says(report)[1]  # two clear photos make no set of three

    # Biden's group is me too (the same person, years apart): a real tap on the real form.
    me_too = report.locator(f'#people .card[data-person="{groups["biden.jpg"]}"] button[name="add"]')
    expect(me_too).to_be_visible()
    me_too.click()
    report.wait_for_selector(f'#people .card.is-reader[data-person="{groups["biden.jpg"]}"]')
    expect(report.locator("#people .card.is-reader")).to_have_count(2)
    both = report_says(report)
    assert number(HEADLINE[lang], both[0]) == 3
    assert KIT_STEP[lang] in both[1] and number(HIDES[lang], both[1]) == 3  # three clear photos: a set
    caveat = report.inner_text("#caveat")
    assert caveat == ("Grouping photos by face can be wrong: your choice decides which photos count as yours."
                      if lang == "en" else "얼굴로 사람을 나누는 일은 틀릴 수 있어요. 어떤 사진이 내 사진인지는 내 선택으로 정해요.")
    report.screenshot(path=str(shots / f"reader-report-two-groups-{lang}-375.png"), full_page=True)
    on_phone = phone_page_again(report, server, lang)
    assert on_phone[0] == both[0] and on_phone[1] == KIT_STEP[lang]
    assert number(r"(\d+)", on_phone[2]) == 3
    report.screenshot(path=str(shots / f"reader-phone-two-groups-{lang}.png"), full_page=True)

    # obama2.jpg is not me after all: taken out of the count, that one photo only.
    report.goto(f"{report_url}&lang={lang}")
    obama2 = next(p["id"] for p in audit["photos"] if p["image_url"].endswith("/obama2.jpg"))
    report.click(f'[id="photo-{obama2}"] button[name="not_me"]')
    report.wait_for_selector(f'[id="photo-{obama2}"] button[name="put_back"]')
    one_out = report_says(report)
    assert number(HEADLINE[lang], one_out[0]) == 2
    assert KIT_STEP[lang] not in one_out[1]  # two clear photos again: no set of three to break up
    expect(report.locator("#people .card.is-reader")).to_have_count(2)  # its group is still me
    expect(report.locator("#taken-out")).to_be_visible()
    assert report.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    report.screenshot(path=str(shots / f"reader-report-one-out-{lang}-375.png"), full_page=True)
    on_phone = phone_page_again(report, server, lang)
    assert on_phone[0] == one_out[0] and on_phone[1] in one_out[1]

    document = the_document(server, report)  # what the popup shows, in English here
    assert number(HEADLINE["en"], document["verdict"]["sentence"]) == 2
    assert document["reader"]["not_me"] == [obama2]
    assert set(document["reader"]["identities"]) == {groups["obama.jpg"], groups["biden.jpg"]}
    # Kept with the check as ids only: nothing about a face.
    db = sqlite3.connect(server.data_dir / "exposure.db")
    (kept,) = db.execute("SELECT reader FROM audits WHERE id = ?", [document["id"]]).fetchone()
    db.close()
    assert json.loads(kept) == document["reader"]
    report.close()


def test_the_chosen_report_renders_at_desktop_width(browser, world, shots):
    server, site = world
    phone = phone_checks_the_blog(browser, server, site, "en")
    audit = the_document(server, phone)
    groups = groups_of(audit)
    url = phone.eval_on_selector("#open-report", "a => a.href")
    phone.close()
    for lang in ("en", "ko"):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{url}&lang={lang}")
        if not page.locator("#people .card.is-reader").count() == 2:
            page.click(f'#people .card[data-person="{groups["biden.jpg"]}"] button[name="add"]')
            page.wait_for_selector(f'#people .card.is-reader[data-person="{groups["biden.jpg"]}"]')
        assert number(HEADLINE[lang], page.inner_text("#verdict")) == 3
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
        cards = page.eval_on_selector_all("#people .card", "els => els.map(e => e.getBoundingClientRect().width)")
        assert len(cards) == 2 and min(cards) > 200  # side by side, each wide enough for its buttons
        page.screenshot(path=str(shots / f"reader-report-chosen-{lang}-1280.png"), full_page=True)
        page.close()
