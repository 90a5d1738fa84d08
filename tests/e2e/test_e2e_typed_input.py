"""What students really type, in a real Chromium against the real server: `@handle`, a bare handle
and a stranger's website, on the phone page (en and ko) and in the popup of the real extension.
A handle asks which app and is never read as a website; a website is added only once the student
confirms it; and a check that could read none of them ends in what to fix, never an all-clear.

Offline, the platforms and the stranger's site cannot be opened: exactly the check that read
nothing, which once said "We found no public photos".
"""
import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from backend.report.language import Translator
from tests.helpers.live_server import ROOT, LiveServer
from tests.helpers.sites import serve_sites
from tests.helpers.typed_input import add_all, assert_no_all_clear, unread_lines

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("server")).start()
    yield server
    server.stop()


def new_pairing_code(server):
    printed = subprocess.run([sys.executable, "-m", "backend", "pair"], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "EXPOSURE_DATA_DIR": str(server.data_dir)}, check=True).stdout
    return re.search(r"Pairing code: (\S+)", printed).group(1)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_handles_and_a_strangers_site_typed_on_the_phone_page_end_in_what_to_fix(browser, server, shots, lang):
    t = Translator(lang)
    phone = browser.new_page(locale=lang, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone.goto(f"{server.base_url}/?lang={lang}")
    phone.wait_for_selector("body[data-ready]")
    phone.fill("#code", new_pairing_code(server))
    phone.click("#join-button")
    expect(phone.locator("#session")).to_be_visible()
    with serve_sites() as site:
        add_all(phone, t, f"{site}/site/nothing-here/")
        assert phone.locator("#links .url").all_inner_texts() == [
            "https://www.instagram.com/minjun.kim/", "https://minjun.kim/", f"{site}/site/nothing-here/"]
        assert phone.locator("#links .tag.website").count() == 2  # seen as websites before the check
        phone.check('input[name="consent"][value="self"]')
        phone.click("#start")
        lines = unread_lines(phone)
    assert_no_all_clear(phone, lines, t)
    phone.screenshot(path=str(shots / f"phone-typed-{lang}-375.png"), full_page=True)
    phone.close()


def test_a_post_link_is_refused_in_the_readers_words(browser, server):
    phone = browser.new_page(locale="ko")
    phone.goto(f"{server.base_url}/?lang=ko")
    phone.wait_for_selector("body[data-ready]")
    phone.fill("#code", new_pairing_code(server))
    phone.click("#join-button")
    phone.fill("#add-url", "https://www.instagram.com/p/Cx1abc/")
    phone.click("#add-link")
    expect(phone.locator("#error")).to_have_text(Translator("ko")(
        "This is a link to one post. Open the profile page and copy its link instead."))
    assert phone.locator("#links li").count() == 0
    phone.close()
