"""The report as its reader uses it: the real backend serving it on loopback, a real
Chromium at phone and desktop widths, in English and Korean, with real clicks."""
import re

import pytest

from backend.tokens import digest
from tests.helpers.fakes import TOKEN as API_TOKEN
from tests.helpers.layout import on_first_screen
from tests.helpers.report_audits import keep

pytestmark = pytest.mark.slow

PHONE, DESKTOP = (375, 667), (1280, 800)
# Latin words a Korean page may carry: names of services and sites, units, the switch to English.
PROPER_NOUNS = {"English", "px", "GPS", "AI", "NCMEC", "ECRM", "Dream", "StopNCII.org", "Take", "It", "Down",
                "Fawkes", "LowKey", "Glaze", "Mist"}


@pytest.fixture
def report_url(app, live, done_audit, thumbnails):
    key = keep(app, "a1", done_audit, thumbnails, token_hash=digest(API_TOKEN))
    return f"{live}/audits/a1/report?key={key}"


def open_report(browser, url, size):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(url)
    return page


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", [PHONE, (DESKTOP[0], 667)], ids=["phone", "desktop"])
def test_the_first_screen_holds_the_verdict_your_photos_and_the_first_step(browser, report_url, lang, size):
    page = open_report(browser, f"{report_url}&lang={lang}", size)
    verdict = page.inner_text("#verdict")
    assert verdict.startswith("8 public photos show you" if lang == "en" else "공개된 사진 8장에 내 얼굴이")
    assert on_first_screen(page, "#verdict")
    assert on_first_screen(page, "#yours .strip li:first-child img")
    assert on_first_screen(page, "#first-steps li:first-child")
    assert on_first_screen(page, '.jump a[href="#people"]')
    assert on_first_screen(page, '.jump a[href="#help"]')  # help for victims, one tap away
    first = page.inner_text("#first-steps li:first-child")
    assert ("Make your Instagram account private" if lang == "en" else "인스타그램 계정을 비공개로 바꾸기") in first
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")  # no sideways scrolling
    assert page.evaluate("getComputedStyle(document.body).wordBreak") == "keep-all"
    page.close()


def strip_links(page):
    return page.eval_on_selector_all("#yours .strip a", "els => els.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_readers_choice_moves_the_counts_and_is_kept(browser, report_url, app, lang):
    page = open_report(browser, f"{report_url}&lang={lang}", PHONE)
    assert "#photo-nb4-friend" not in strip_links(page)  # B's clear photo is not counted as the reader's
    page.click('#people button[name="add"][value="person-2"]')  # B is me too: a real form post
    page.wait_for_selector('#people .card.is-reader[data-person="person-2"]')
    assert page.locator("#people .card.is-reader").count() == 2
    verdict = page.inner_text("#verdict")
    assert verdict.startswith("9 public photos show you" if lang == "en" else "공개된 사진 9장에 내 얼굴이"), verdict
    page.click('#photo-ig1 button[name="not_me"]')  # I am not in this photo
    page.wait_for_selector('#photo-ig1 button[name="put_back"]')
    assert page.inner_text("#verdict").startswith("8 public photos show you" if lang == "en" else "공개된 사진 8장에")
    assert "#photo-ig1" not in strip_links(page)
    assert ("1 photo of someone else" if lang == "en" else "다른 사람이 나온 사진이 1장 있어요") in page.inner_text("#others")
    assert f"lang={lang}" in page.url
    verdict = page.inner_text("#verdict")
    page.reload()  # kept on the server, not in the page
    assert page.inner_text("#verdict") == verdict
    body = app.test_client().get("/api/v1/audits/a1", headers={"Authorization": f"Bearer {API_TOKEN}"}).get_json()
    assert body["reader"] == {"identities": ["person-1", "person-2"], "not_me": ["ig1"]}
    page.click('#people button[name="remove"][value="person-1"]')  # A is not me after all
    page.wait_for_selector('#people .card.is-reader[data-person="person-1"]', state="detached")
    assert page.inner_text("#verdict").startswith("1 public photo shows you" if lang == "en" else "공개된 사진 1장에")
    page.click('#photo-ig1 button[name="put_back"]')
    page.wait_for_selector('#photo-ig1 button[name="put_back"]', state="detached")
    page.click('#people button[value="none"]')
    page.wait_for_selector("#people .card.is-reader", state="detached")
    assert page.inner_text("#verdict").startswith("9 public photos show a face" if lang == "en" else "공개된 사진 9장에 얼굴이")
    page.close()


def test_the_choice_needs_the_report_key_and_a_known_person(app, report_url):
    client = app.test_client()
    url = "/audits/a1/report/reader"
    assert client.post(url, data={"key": "wrong", "identity": "person-2"}).status_code == 404
    assert client.post(url, data={"key": "key-a1", "identity": "someone-else"}).status_code == 422
    assert client.post(url, data={"key": "key-a1", "add": "someone-else"}).status_code == 422
    assert client.post(url, data={"key": "key-a1", "not_me": "a-photo-of-another-check"}).status_code == 422
    for other_site in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site", "Origin": "null"}):
        assert client.post(url, data={"key": "key-a1", "identity": "person-2"}, headers=other_site).status_code == 403
    body = client.get("/api/v1/audits/a1", headers={"Authorization": f"Bearer {API_TOKEN}"}).get_json()
    assert body["reader"] is None
    assert client.post(url, data={"key": "key-a1", "identity": "person-2"},
                       headers={"Origin": "http://localhost"}).status_code == 303  # the test client's host


def test_no_english_is_left_on_the_korean_report(browser, report_url):
    page = open_report(browser, f"{report_url}&lang=ko", PHONE)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    text = page.evaluate("""() => { const copy = document.body.cloneNode(true);
        copy.querySelectorAll('.url, [lang=en]').forEach(e => e.remove());  // links and the switch
        return copy.innerText; }""")
    # Single capitals are names too: the people (인물 B) and the platform X.
    english = {w for w in re.findall(r"[A-Za-z][A-Za-z.'’-]*", text) if w not in PROPER_NOUNS
               and not re.fullmatch("[A-Z]", w)}
    assert english == set(), english
    assert "신원 키트" not in text and "바꾸기 앱" not in text and "중간" not in text
    assert not re.search(r"[가-힣]니다(?=[\s.,)]|$)", text), text  # one speech level: 해요체
    page.close()


def test_an_old_link_after_delete_says_the_report_was_deleted(browser, app, report_url):
    client = app.test_client()
    assert client.delete("/api/v1/audits/a1", headers={"Authorization": f"Bearer {API_TOKEN}"}).status_code == 204
    for lang, words in (("en", "This report was deleted"), ("ko", "이 보고서는 지워졌어요")):
        page = open_report(browser, f"{report_url}&lang={lang}", PHONE)
        assert words in page.inner_text("h1")
        page.close()
    assert client.get("/audits/a1/report?key=key-a1").status_code == 410
    assert client.get("/audits/nothing/report?key=x").status_code == 404
