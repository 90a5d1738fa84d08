"""The popup, the options page and the photo check, driven in a real Chromium with the
real extension against the fake API (the end-to-end test uses the real backend)."""
import base64
import socket

import pytest
from playwright.sync_api import expect

from tests.helpers.extension_fakebackend import PAIRING_CODE, TOKEN, expected_summary
from tests.helpers.extension_harness import FACES, get_storage, messages, open_page, send, set_storage
from tests.helpers.sites import serve_sites
from tests.helpers.typed_input import TYPED

pytestmark = pytest.mark.slow
EN = messages("en")


def paired(ext, backend, **state):
    """Storage as after pairing with `backend`, plus any other state."""
    context, extension_id = ext
    page = open_page(context, extension_id, "options.html")
    set_storage(page, dict({"backend": backend.url, "token": TOKEN}, **state))
    page.close()


def popup(ext):
    context, extension_id = ext
    return open_page(context, extension_id, "popup.html")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_pairing_on_the_options_page_keeps_the_token(ext, fake_backend):
    context, extension_id = ext
    page = open_page(context, extension_id, "options.html")
    assert page.input_value("#backend") == "http://127.0.0.1:8765"
    page.fill("#backend", fake_backend.url)
    page.fill("#code", PAIRING_CODE)
    page.click("#pair")
    page.wait_for_selector('#status[data-paired="1"]')
    assert get_storage(page) == {"backend": fake_backend.url, "token": TOKEN}
    assert page.locator("#error").is_hidden()


def test_a_wrong_pairing_code_is_explained_and_nothing_is_kept(ext, fake_backend):
    context, extension_id = ext
    page = open_page(context, extension_id, "options.html")
    page.fill("#backend", fake_backend.url)
    page.fill("#code", "WRONG-0000")
    page.click("#pair")
    page.wait_for_selector('#error[data-code="bad_code"]')
    assert EN["errBadCode"] in page.inner_text("#error")
    assert "token" not in get_storage(page)


def test_popup_before_pairing_sends_the_user_to_the_settings(ext):
    page = popup(ext)
    assert page.get_attribute("#error", "data-code") == "not_paired"
    assert EN["errNotPaired"] in page.inner_text("#error")
    assert page.is_disabled("#start")
    with page.context.expect_page() as opened:
        page.click("#error button")
    assert opened.value.url.endswith("/options.html")


def test_backend_not_running_names_a_person_to_ask_not_a_command(ext):
    context, extension_id = ext
    page = open_page(context, extension_id, "options.html")
    set_storage(page, {"backend": f"http://127.0.0.1:{free_port()}", "token": TOKEN})
    page = popup(ext)
    page.wait_for_selector('#error[data-code="backend_down"]')
    text = page.inner_text("#error")
    assert EN["errBackendDown"] in text and "teacher or parent" in text
    assert "make run" not in text and "python" not in text


def test_a_revoked_token_asks_to_pair_again_and_is_forgotten(ext, fake_backend):
    paired(ext, fake_backend)
    fake_backend.app.state["tokens"].clear()
    page = popup(ext)
    page.wait_for_selector('#error[data-code="unauthorized"]')
    assert EN["errUnauthorized"] in page.inner_text("#error")
    assert "token" not in get_storage(page)
    assert page.is_disabled("#start")


def test_profile_links_are_added_tidied_and_removed(ext, fake_backend):
    paired(ext, fake_backend)
    page = popup(ext)
    page.fill("#add-url", "instagram.com/Some.User/?igsh=abc")
    page.press("#add-url", "Enter")
    page.fill("#add-url", "https://x.com/someone")
    page.click("#add-link")
    page.wait_for_selector("#profiles li >> nth=1")
    assert page.locator("#profiles .url").all_inner_texts() == [
        "https://www.instagram.com/some.user/", "https://x.com/someone"]
    page.fill("#add-url", "not a link")
    page.click("#add-link")
    page.wait_for_selector('#error[data-code="typed_input"]')
    page.click("#profiles li >> nth=0 >> button.remove")
    expect(page.locator("#profiles li")).to_have_count(1)
    assert get_storage(page)["profiles"] == ["https://x.com/someone"]


def test_an_audit_needs_an_answer_to_whose_accounts(ext, fake_backend):
    paired(ext, fake_backend, profiles=["https://x.com/someone"])
    page = popup(ext)
    page.click("#start")
    page.wait_for_selector('#error[data-code="bad_consent"]')
    assert not fake_backend.app.state["audits"]


def test_an_audit_shows_progress_then_the_summary_and_opens_the_report(ext, fake_backend):
    paired(ext, fake_backend, profiles=["https://x.com/someone", "https://x.com/missing"])
    page = popup(ext)
    page.check('input[name="consent"][value="guardian"]')
    page.click("#start")
    page.wait_for_selector("#progress-box:not([hidden])")
    expect(page.locator("#progress-detail")).to_have_text(
        EN["progressDetail"].replace("$1", "1").replace("$2", "2").replace("$3", "2").replace("$4", "5"))
    assert page.inner_text("#stage") == EN["stage_analyzing"]
    page.wait_for_selector("#summary:not([hidden])")
    (audit,) = fake_backend.app.state["audits"].values()
    assert audit["consent"] == "guardian" and audit["profiles"] == ["https://x.com/someone", "https://x.com/missing"]
    # The same verdict and first step as the report's first screen, as the backend words them.
    expected = expected_summary(audit["id"], fake_backend.app)
    # A guardian's check: the sentence names no "you" (that would be the parent).
    assert expected["verdict"]["sentence"].startswith("3 public photos show a face clearly enough")
    assert page.inner_text("#verdict") == expected["verdict"]["sentence"]
    first = expected["first_steps"][0]
    assert first["title"] in page.inner_text("#first-step")
    assert EN["firstStepHides"].replace("$1", str(first["photos_affected"])) in page.inner_text("#first-step")
    assert page.inner_text("#summary .badge") == EN["grade_high"]
    # What could not be read leads the summary, in the backend's words, with what to do.
    [unread] = expected["verdict"]["unread"]["items"]
    assert page.inner_text("#unread li") == unread["text"]
    assert unread["text"].startswith("x.com/missing is not a profile on X") and "Check the link" in unread["text"]
    assert page.evaluate("document.querySelector('#unread').compareDocumentPosition("
                         "document.querySelector('#verdict')) & Node.DOCUMENT_POSITION_FOLLOWING")
    with page.context.expect_page() as opened:
        page.click("#open-report")
    # The report opens in the extension's own UI language.
    assert opened.value.url == f"{fake_backend.url}/audits/{audit['id']}/report?key=k{audit['id']}&lang=en"


def test_a_failed_audit_says_so(ext, fake_backend):
    paired(ext, fake_backend, profiles=["https://x.com/someone"], consent="self")
    fake_backend.app.state["fail_next"] = True
    page = popup(ext)
    page.click("#start")
    page.wait_for_selector("#summary .failed")
    assert page.inner_text("#summary .failed") == EN["auditFailed"]


def test_past_audits_can_be_shown_and_deleted(ext, fake_backend):
    paired(ext, fake_backend, profiles=["https://x.com/someone"], consent="self")
    page = popup(ext)
    first = send(page, "startAudit")["data"]["id"]
    second = send(page, "startAudit")["data"]["id"]
    page.reload()
    page.wait_for_selector(f'#history li[data-id="{first}"]')
    assert page.locator("#history li").evaluate_all("els => els.map(e => e.dataset.id)") == [second, first]
    page.click(f'#history li[data-id="{first}"] button.delete')
    # First it asks, saying exactly what will go; nothing is deleted yet.
    confirm = page.locator(f'#history li[data-id="{first}"] .confirm')
    expect(confirm).to_contain_text(EN["deleteConfirm"].replace("$1", "5").replace("$2", "5"))
    assert set(fake_backend.app.state["audits"]) == {first, second}
    confirm.locator("button.secondary").click()  # keep it
    expect(confirm).to_have_count(0)
    page.click(f'#history li[data-id="{first}"] button.delete')
    page.check(f'#forget-{first}')
    page.click(f'#history li[data-id="{first}"] .confirm-delete')
    expect(page.locator(f'#history li[data-id="{first}"]')).to_have_count(0)
    assert list(fake_backend.app.state["audits"]) == [second]
    said = page.inner_text("#history-notice")
    assert EN["deleted"].replace("$1", "5").replace("$2", "5") in said and EN["deletedLinksToo"] in said
    assert "profiles" not in get_storage(page)  # the saved links were forgotten, as asked
    page.click(f'#history li[data-id="{second}"] button.show')
    page.wait_for_selector("#summary:not([hidden])")
    assert get_storage(page)["currentAudit"] == second


def test_photo_check_with_the_file_picker_shows_grade_and_reasons(ext, fake_backend):
    paired(ext, fake_backend)
    page = popup(ext)
    page.set_input_files("#photo-file", str(FACES / "obama.jpg"))
    page.wait_for_selector("#photo-result .face")
    text = page.inner_text("#photo-result")
    assert EN["grade_high"] in text and "one-photo face swap" in text
    assert EN["advice_high"] in text
    assert page.locator("#checked-photo .box").all_inner_texts() == ["1"]  # numbered as in the reasons
    page.wait_for_function("() => document.querySelector('#checked-photo img').naturalWidth > 0")
    inside = page.evaluate("""() => {
        const img = document.querySelector('#checked-photo img').getBoundingClientRect();
        const box = document.querySelector('#checked-photo .box').getBoundingClientRect();
        return [box.width > 10, box.left >= img.left, box.right <= img.right + 1, box.top >= img.top,
                box.bottom <= img.bottom + 1, box.width < img.width / 2];
    }""")
    assert all(inside), inside  # drawn on the face's place in the photo, not in a corner
    assert set(get_storage(page)) <= {"backend", "token", "limits"}  # nothing about the photo kept


def test_photo_check_of_an_image_on_a_page_as_the_context_menu_does(ext, fake_backend):
    paired(ext, fake_backend)
    context, extension_id = ext
    with serve_sites() as site:
        page = open_page(context, extension_id, f"check.html#{site}/img/obama/photo.jpg", wait_ready=False)
        page.wait_for_selector("body[data-done]")
        assert "one-photo face swap" in page.inner_text("#photo-result")
        # The right-click path shows the photo too, with its face boxed.
        page.wait_for_function("() => document.querySelector('#checked-photo img')?.naturalWidth > 0")
        assert page.locator("#checked-photo .box").count() == 1
        assert page.url.endswith("/check.html")  # the image address is not left in the URL
        missing = send(page, "analyzeUrl", url=f"{site}/img/nothing/photo.jpg")
    assert missing["error"]["code"] == "image_unreadable"
    inline = "data:image/jpeg;base64," + base64.b64encode((FACES / "obama.jpg").read_bytes()).decode()
    assert send(page, "analyzeUrl", url=inline)["data"]["risk"] == "high"


@pytest.mark.parametrize("text", list(TYPED))
def test_what_is_typed_is_read_by_the_backends_rule_set(ext, fake_backend, text):
    """The extension keeps no copy of the rules: what the service worker answers for each typed
    text is the backend's answer (tests/api/test_api_profile_input.py's table)."""
    context, extension_id = ext
    paired(ext, fake_backend)
    page = open_page(context, extension_id, "options.html")
    answer = send(page, "readLink", text=text)
    kind, url = TYPED[text]
    if kind in ("profile", "website", "handle"):
        found = answer["data"]
        assert (found["kind"], found["choices"][0]["url"] if kind == "handle" else found["url"]) == (kind, url)
    else:
        assert answer["error"]["code"] == "typed_input" and answer["error"]["message"]


def test_the_context_menu_offers_the_photo_check_on_images(ext):
    context, _ = ext
    worker = context.service_workers[0]
    exists = "(id) => chrome.contextMenus.update(id, {}).then(() => true, () => false)"
    assert worker.evaluate(exists, "check-photo") is True
    assert worker.evaluate(exists, "no-such-item") is False


def test_a_post_link_or_an_unconfirmed_website_is_not_added(ext, fake_backend):
    context, extension_id = ext
    paired(ext, fake_backend)
    page = open_page(context, extension_id, "options.html")
    for url in ("https://www.instagram.com/p/ABC123/", "https://x.com/home", "https://school.example/people/minji"):
        assert send(page, "addProfile", url=url)["ok"] is False
    assert send(page, "addProfile", url="https://school.example/people/minji", website=True)["data"] == [
        "https://school.example/people/minji"]
    assert get_storage(page)["websites"] == ["https://school.example/people/minji"]


def test_the_extension_takes_as_many_links_as_the_backend_does(ext, fake_backend):
    from backend.config import from_environment
    most = from_environment()["MAX_PROFILES"]
    paired(ext, fake_backend)
    page = popup(ext)
    for i in range(most):
        assert send(page, "addProfile", url=f"https://x.com/user{i}")["ok"]
    refused = send(page, "addProfile", url="https://x.com/one_more")
    assert refused["error"]["code"] == "too_many"
    assert len(get_storage(page)["profiles"]) == most
