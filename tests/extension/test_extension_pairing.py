"""The settings page as a student meets it, in a real Chromium with the real extension against
the fake API, in English and Korean: the address pre-filled for a server on this machine, the
class joined and what the teacher sees, every refusal naming a person to ask, never a command."""
import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.helpers.extension_fakebackend import CLASS_NAME, FULL_CODE, JOIN_CODE, FakeBackend
from tests.helpers.extension_harness import get_storage, launch, messages, open_page

pytestmark = pytest.mark.slow
COMMAND = re.compile(r"python|make (run|test)|`|backend pair")


@pytest.fixture(scope="module", params=["en", "ko"])
def lang_ext(request, tmp_path_factory):
    with sync_playwright() as playwright:
        context, extension_id = launch(playwright, tmp_path_factory.mktemp("p"), lang=request.param)
        yield request.param, context, extension_id
        context.close()


@pytest.fixture()
def settings(lang_ext):
    lang, context, extension_id = lang_ext
    page = open_page(context, extension_id, "options.html", wait_ready=False)
    page.evaluate("() => chrome.storage.local.clear()")
    page.reload()
    page.wait_for_selector("body[data-ready]")
    server = FakeBackend()
    yield lang, page, server
    server.stop()
    for other in context.pages[1:]:
        other.close()


def pair(page, server, code):
    page.fill("#backend", server.url)
    page.fill("#code", code)
    page.click("#pair")


def test_the_address_is_pre_filled_for_a_server_on_this_machine(settings):
    lang, page, server = settings
    assert page.input_value("#backend") == "http://127.0.0.1:8765"
    text = page.inner_text("body")
    assert not COMMAND.search(page.inner_text("main > p, #pair-form, #error")), "the form itself names no command"
    assert messages(lang)["codeHelp"] in text


def test_joining_a_class_shows_its_name_and_that_the_teacher_sees_totals_only(settings):
    lang, page, server = settings
    ui = messages(lang)
    pair(page, server, JOIN_CODE)
    page.wait_for_selector('#status[data-paired="1"]')
    expect(page.locator("#class-name")).to_have_text(ui["classJoined"].replace("$1", CLASS_NAME))
    assert ui["teacherSees"] in page.inner_text("#class-box")
    assert get_storage(page)["workshop"] == {"name": CLASS_NAME}


@pytest.mark.parametrize("code, error_code, key", [("NOPE-0000", "bad_code", "errBadCode"),
                                                   (FULL_CODE, "class_full", "errClassFull")])
def test_a_refused_code_names_a_person_to_ask_never_a_command(settings, code, error_code, key):
    lang, page, server = settings
    ui = messages(lang)
    pair(page, server, code)
    page.wait_for_selector(f'#error[data-code="{error_code}"]')
    text = page.inner_text("#error")
    assert text == ui[key]
    assert ("teacher" if lang == "en" else "선생님") in text
    assert not COMMAND.search(text)
    assert "token" not in get_storage(page)


def test_after_the_class_ended_the_settings_say_so(settings):
    lang, page, server = settings
    page.evaluate("() => chrome.storage.local.set({classEnded: true})")
    page.reload()
    page.wait_for_selector("body[data-ready]")
    expect(page.locator("#ended")).to_be_visible()
    assert messages(lang)["errWorkshopClosed"] in page.inner_text("#ended")


def test_no_student_facing_message_names_a_command():
    for lang in ("en", "ko"):
        for key, text in messages(lang).items():
            if key.startswith("err") or key in ("codeHelp", "backendHelp", "optionsIntro"):
                assert not COMMAND.search(text), (lang, key, text)
