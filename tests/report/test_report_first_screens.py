"""The first screens a new user walk looked at, in a real Chromium at 375 and 1280 px, in English
and Korean: the QR code's landing page on a phone, the guardian report and the export-only report.
Screenshots go to $EXPOSURE_SCREENSHOT_DIR (else tmp); the popup after a class ends is shot by
tests/extension/test_extension_workshop.py."""
import pytest

from backend.report.language import Translator
from backend.tokens import digest
from tests.helpers.fakes import TOKEN as API_TOKEN
from tests.helpers.layout import on_first_screen
from tests.helpers.report_audits import keep, photo

pytestmark = pytest.mark.slow
SIZES = {375: (375, 667), 1280: (1280, 800)}


def export_audit():
    """An Instagram data export: the profile picture is public, 5 clear photos only followers see."""
    photos = [photo("ex-avatar", "export:instagram", "high", kind="avatar", size=(320, 320))]
    photos += [photo(f"ex{i}", "export:instagram", "high") | {"visibility": "followers"} for i in range(1, 6)]
    return {"id": "a-export", "status": "done", "consent": "self", "created_at": "2026-11-20T09:30:00Z",
            "profiles": [{"url": "export:instagram", "platform": "instagram", "status": "ok", "message": None,
                          "photos_found": len(photos)}],
            "photos": photos, "identities": [{"id": "person-1", "photo_count": 6, "high_risk_photo_count": 6}],
            "summary": {"photos": 6, "photos_with_faces": 6, "high_risk_photos": 6, "largest_identity_kit": 6}}


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_guardian_report_speaks_to_the_parent_on_its_first_screen(browser, app, live, done_audit,
                                                                      thumbnails, shots, lang, width):
    t = Translator(lang)
    key = keep(app, "g1", done_audit | {"consent": "guardian"}, thumbnails, token_hash=digest(API_TOKEN))
    page = browser.new_page(viewport=dict(zip(("width", "height"), SIZES[width])), locale=lang)
    page.goto(f"{live}/audits/g1/report?key={key}&lang={lang}")
    verdict = page.inner_text("#verdict")
    assert verdict.startswith(t.n("%(num)s public photo shows a face clearly enough for a face-swap app",
                                  "%(num)s public photos show a face clearly enough for a face-swap app", 8))
    assert page.inner_text(".yours-title") == t("The photos to hide first:")  # not "your photos", to the parent
    assert on_first_screen(page, '.jump a[href="#guide"]')  # the parent's guide, one tap away
    page.screenshot(path=str(shots / f"report-guardian-{lang}-{width}.png"))
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_export_only_report_first_screen(browser, app, live, shots, lang, width):
    key = keep(app, "e1", export_audit(), {}, token_hash=digest(API_TOKEN))
    page = browser.new_page(viewport=dict(zip(("width", "height"), SIZES[width])), locale=lang)
    page.goto(f"{live}/audits/e1/report?key={key}&lang={lang}")
    assert on_first_screen(page, "#verdict") and on_first_screen(page, "#first-steps li:first-child")
    # The 5 clear photos only followers see are what the first step is about, in the same count.
    followers_see = Translator(lang).n("followers see %(num)s photo", "followers see %(num)s photos", 5)
    assert followers_see in page.inner_text("#first-steps li:first-child")
    page.screenshot(path=str(shots / f"report-export-{lang}-{width}.png"))
    page.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_qr_codes_page_leads_with_the_phone_path_on_a_phone(browser, live, shots, lang, width):
    page = browser.new_page(viewport=dict(zip(("width", "height"), SIZES[width])), locale=lang,
                            is_mobile=width < 600, has_touch=width < 600)
    page.goto(f"{live}/pair?lang={lang}#K7QD-M2XA")
    page.wait_for_selector("body[data-ready]")
    phone, computer = (page.eval_on_selector(f"#{box}", "e => e.getBoundingClientRect().top")
                       for box in ("phone-box", "extension-box"))
    assert (phone < computer) == (width < 600)  # a phone's path first on a phone, the extension's on a computer
    if width < 600:
        assert on_first_screen(page, "#pair-phone")
    page.screenshot(path=str(shots / f"pair-landing-{lang}-{width}.png"))
    page.close()
