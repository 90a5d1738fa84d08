"""A student's phone on the classroom network, run inside the test's network namespace
(tests/workshop/test_workshop_lan.py): open the QR code's join link, check from the phone page.

    python -m tests.helpers.lan_client JOIN_LINK PROFILE_LINK SHOT_DIR  → one JSON line on stdout
"""
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect, sync_playwright

from crawler.browser import launch_options

AUDIT_TIMEOUT_MS = 240_000
IN_VIEW = """e => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }"""


def status_of(url, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=20) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def main(link, profile, shots):
    base = "{0.scheme}://{0.netloc}".format(urlsplit(link))
    found = {"new_class_from_phone": status_of(f"{base}/workshops/new"),
             "foreign_host": status_of(f"{base}/api/v1/health", {"Host": "rebind.example"})}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        phone = browser.new_page(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True, locale="en")
        phone.goto(link)
        phone.wait_for_selector("body[data-ready]")
        found["phone_path_on_first_screen"] = phone.eval_on_selector("#pair-phone", IN_VIEW)
        phone.screenshot(path=str(Path(shots) / "lan-landing-en-375.png"))
        phone.click("#pair-phone")
        phone.wait_for_selector("body[data-ready]")
        phone.click("#join-button")  # the code came along in the link
        expect(phone.locator("#session")).to_be_visible()
        found["class"] = phone.inner_text("#class-name")
        phone.fill("#add-url", profile)
        phone.click("#add-link")
        phone.click("#pick-buttons .primary")  # a website: the student confirms it
        phone.check('input[name="consent"][value="self"]')
        phone.click("#start")
        phone.wait_for_selector('#audit[data-status="done"]', timeout=AUDIT_TIMEOUT_MS)
        found["verdict"] = phone.inner_text("#verdict")
        found["photos"] = phone.inner_text("#count-photos")
        phone.screenshot(path=str(Path(shots) / "lan-result-en-375.png"), full_page=True)
        browser.close()
    print(json.dumps(found), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
