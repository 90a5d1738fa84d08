"""What students really type, added the way they add it (the phone page and the popup share these
controls), and what the check that could read none of it must say. Used by
tests/e2e/test_e2e_typed_input.py (phone page) and tests/extension/test_extension_typed_input.py (popup)."""
import re

from playwright.sync_api import expect

AUDIT_TIMEOUT_MS = 240_000
# text typed → (kind or error code, the url it becomes or the first choice's url)
TYPED = {
    "@minjun.kim": ("handle", "https://www.instagram.com/minjun.kim/"),
    "minjun.kim": ("handle", "https://www.instagram.com/minjun.kim/"),
    "insta @minjun.kim": ("profile", "https://www.instagram.com/minjun.kim/"),
    "인스타: minjun.kim": ("profile", "https://www.instagram.com/minjun.kim/"),
    "틱톡 @minjun.kim": ("profile", "https://www.tiktok.com/@minjun.kim"),
    "https://www.instagram.com/minjun.kim/?igsh=MWx0a2F2d2Z3&utm_source=qr":
        ("profile", "https://www.instagram.com/minjun.kim/"),
    "instagram.com/MinJun.Kim?hl=ko": ("profile", "https://www.instagram.com/minjun.kim/"),
    "https://m.facebook.com/minjun.kim.77?mibextid=ZbWKwL": ("profile", "https://www.facebook.com/minjun.kim.77"),
    "https://www.tiktok.com/@minjun.kim?_t=8k&_r=1": ("profile", "https://www.tiktok.com/@minjun.kim"),
    "mobile.twitter.com/minjun?s=21": ("profile", "https://x.com/minjun"),
    "https://youtube.com/@minjun?si=xyz": ("profile", "https://www.youtube.com/@minjun"),
    "https://example.org/about": ("website", "https://example.org/about"),
    "https://www.instagram.com/p/Cx1abc/": ("post_link", None),
    "https://x.com/minjun/status/1234": ("post_link", None),
    "https://www.instagram.com/": ("not_a_profile", None),
    "instagram.com": ("not_a_profile", None),
    "m.facebook.com": ("not_a_profile", None),
    "insta @not a name": ("invalid_url", None),
    "   ": ("empty", None),
}
ALL_CLEAR = ("We found no public photos on these profiles.", "이 프로필에서 공개된 사진을 찾지 못했어요.",
             "이 프로필들에서 공개된 사진을 찾지 못했어요.")


def type_in(page, text):
    page.fill("#add-url", text)
    page.click("#add-link")
    expect(page.locator("#pick")).to_be_visible()
    return page.inner_text("#pick-say")


def add_all(page, t, stranger):
    """@minjun.kim → Instagram; minjun.kim → the website it also is; a stranger's site → confirmed."""
    said = type_in(page, "@minjun.kim")
    assert said == t("Which app is @%(handle)s on? Choose one, so the right profile is checked.", handle="minjun.kim")
    choices = page.locator("#pick-buttons button").all_inner_texts()
    assert "minjun.kim" not in " ".join(choices)  # "@minjun.kim" is never a website
    page.click("#pick-buttons button >> nth=0")  # Instagram, the first app offered
    expect(page.locator("#pick")).to_be_hidden()  # added, as the student sees before typing the next
    said = type_in(page, "minjun.kim")
    website = t("A website: %(host)s", host="minjun.kim")
    assert website in page.locator("#pick-buttons button").all_inner_texts()
    page.click(f"#pick-buttons button:text-is('{website}')")
    expect(page.locator("#pick")).to_be_hidden()
    said = type_in(page, stranger)
    assert said.startswith("127.0.0.1 ") and t("Check it as a website") in page.inner_text("#pick-buttons")
    page.click("#pick-buttons .primary")
    expect(page.locator("#pick")).to_be_hidden()


def unread_lines(page):
    expect(page.locator("#unread")).to_be_visible(timeout=AUDIT_TIMEOUT_MS)
    return page.locator("#unread li").all_inner_texts()


def assert_no_all_clear(page, lines, t):
    verdict = page.inner_text("#verdict")
    assert verdict == t.n("We could not read your profile, so this is not an all-clear.",
                          "We could not read any of your %(num)s profiles, so this is not an all-clear.", 3)
    assert verdict not in ALL_CLEAR
    assert len(lines) == 3 and len([line for line in lines if "minjun.kim" in line]) == 2
    assert [line for line in lines if "instagram.com/minjun.kim" in line]
    assert [line for line in lines if "127.0.0.1/site/nothing-here" in line]
    assert page.locator("#first-step").is_hidden()  # no step for photos that do not exist
    for line in lines:  # each says what to do
        assert re.search(r"Check (the|its) link|링크를 확인하", line), line
