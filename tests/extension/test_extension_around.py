"""Accounts around me in the popup, with nothing faked: the unpacked extension in a real Chromium,
the real backend and face models, the student's blog (their code in its bio) and a school's
account. Add the school's account, check, see the photos of you there, copy the request."""
import pytest
from playwright.sync_api import expect

from tests.helpers.extension_harness import get_storage, messages, open_page, start_check
from tests.helpers.profile_site import ProfileSite
from tests.helpers.school_site import GROUPS, OTHERS, READER, SchoolSite

pytestmark = pytest.mark.slow
EN = messages("en")
AUDIT_TIMEOUT_MS = 240_000


def test_the_popup_adds_a_school_account_shows_the_photos_of_you_and_copies_the_request(ext, live_backend):
    backend = live_backend
    context, extension_id = ext
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    options = open_page(context, extension_id, "options.html")
    options.fill("#backend", backend.base_url)
    options.fill("#code", backend.pairing_code)
    options.click("#pair")
    options.wait_for_selector('#status[data-paired="1"]')
    options.wait_for_selector("#verify:not([hidden])")
    code = options.inner_text("#verify-code")

    with ProfileSite() as site, SchoolSite() as school:
        popup = open_page(context, extension_id, "popup.html")
        popup.fill("#others-url", school.url("/school/"))
        popup.select_option("#others-relation", "school")
        popup.click("#add-other")
        expect(popup.locator("#others li")).to_have_count(1)
        assert get_storage(popup)["others"] == [{"url": school.url("/school/"), "relation": "school"}]
        start_check(popup, [site.url(f"/bio/{code}/")], "#profiles li")
        popup.wait_for_selector("#summary:not([hidden])", timeout=AUDIT_TIMEOUT_MS)

    token = get_storage(popup)["token"]
    audit_id = get_storage(popup)["currentAudit"]
    _, audit = backend.request("GET", f"/api/v1/audits/{audit_id}", auth=False,
                               headers={"Authorization": f"Bearer {token}"})
    assert audit["profiles"][1]["role"] == "others"
    photos = popup.locator("#around-summary li")
    expect(photos).to_have_count(len(READER) + len(GROUPS))
    assert popup.inner_text("#around-summary p") == audit["around"]["found"]
    assert not any(name in popup.content() for name in OTHERS)
    photos.first.locator("button.copy").click()
    expect(photos.first.locator(".copied")).to_have_text(EN["aroundCopied"])
    assert popup.evaluate("() => navigator.clipboard.readText()") == audit["around"]["photos"][0]["request"]["text"]
