"""English and Korean, the keyboard alone, labels and contrast."""
import re

import pytest
from playwright.sync_api import sync_playwright

from tests.helpers.extension_fakebackend import TOKEN, FakeBackend
from tests.helpers.extension_harness import EXTENSION, FACES, get_storage, launch, messages, open_page, set_storage
from tests.helpers.extension_screenshots import capture

EN, KO = messages("en"), messages("ko")


@pytest.mark.slow
def test_the_popup_speaks_korean_in_a_korean_browser(tmp_path):
    with sync_playwright() as playwright:
        text = capture(playwright, "ko", tmp_path / "popup-ko.png")
    for key in ("startAudit", "consentGuardian", "firstStep", "openReport", "pastAudits"):
        assert KO[key].split("$1")[0].strip() in text, key
    assert EN["startAudit"] not in text
    assert "공개된 사진 3장에 내 얼굴이" in text  # the verdict, worded by the backend in Korean
    assert not re.search(r"\b(the|of|photos?|check|risk)\b", text, re.I), text  # no English left
    assert (tmp_path / "popup-ko.png").stat().st_size > 10_000


@pytest.mark.slow
def test_the_check_page_speaks_korean_at_phone_width(tmp_path):
    """Check before posting in a Korean browser at 375 px: every word Korean, words unbroken."""
    server = FakeBackend()
    try:
        with sync_playwright() as playwright:
            context, extension_id = launch(playwright, tmp_path / "profile", lang="ko")
            try:
                page = open_page(context, extension_id, "options.html")
                set_storage(page, {"backend": server.url, "token": TOKEN})
                check = open_page(context, extension_id, "check.html")
                check.set_viewport_size({"width": 375, "height": 667})
                check.set_input_files("#photo-file", str(FACES / "obama.jpg"))
                check.wait_for_selector("#checked-photo .box")
                text = check.inner_text("body")
                assert KO["advice_high"] in text and KO["saferMake"] in text
                assert "정면을 보고 있어요" in text  # the reasons, worded in Korean by the backend
                latin = set(re.findall(r"[A-Za-z]{2,}", text)) - {"EXIF", "GPS"}
                assert latin == set(), latin
                assert check.evaluate("getComputedStyle(document.body).wordBreak") == "keep-all"
                assert check.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
            finally:
                context.close()
    finally:
        server.stop()


@pytest.mark.slow
def test_an_audit_can_be_started_with_the_keyboard_alone(ext, fake_backend):
    context, extension_id = ext
    page = open_page(context, extension_id, "options.html")
    set_storage(page, {"backend": fake_backend.url, "token": TOKEN})
    popup = open_page(context, extension_id, "popup.html")

    def tab_to(selector, limit=30):
        for _ in range(limit):
            popup.keyboard.press("Tab")
            if popup.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reaches {selector}")

    tab_to("#add-url")
    popup.keyboard.type("https://x.com/someone")
    popup.keyboard.press("Enter")
    popup.wait_for_selector("#profiles li")
    tab_to('input[name="consent"]')
    popup.keyboard.press("Space")
    tab_to("#start")
    popup.keyboard.press("Enter")
    popup.wait_for_selector("#summary:not([hidden])")
    assert get_storage(popup)["consent"] == "self"
    assert [a["profiles"] for a in fake_backend.app.state["audits"].values()] == [["https://x.com/someone"]]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["popup.html", "options.html", "check.html"])
def test_every_control_has_a_name(ext, name):
    context, extension_id = ext
    page = open_page(context, extension_id, name)
    unnamed = page.evaluate("""() => [...document.querySelectorAll('input, button, select, textarea')]
        .filter((e) => !(e.labels && [...e.labels].some((l) => l.textContent.trim()))
                       && !e.getAttribute('aria-label') && !e.textContent.trim())
        .map((e) => e.outerHTML)""")
    assert unnamed == []


def luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_meet_wcag_aa_contrast():
    css = (EXTENSION / "common.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    white = "#ffffff"
    pairs = [("text", white), ("muted", white), ("accent", white), ("danger", "danger-bg"),
             ("high", white), ("medium", white), ("low", white), ("none", white), ("text", "warn-bg")]
    for fore, back in pairs:
        ratio = contrast(colours[fore], colours.get(back, back))
        assert ratio >= 4.5, (fore, back, round(ratio, 2))
    assert contrast("#777777", white) < 4.5  # the check itself can fail
