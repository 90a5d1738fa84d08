"""`@handle`, a bare handle and a stranger's website typed in the popup of the real extension, in a
real Chromium against the real backend (`python -m backend serve`): the popup asks which app a
handle is on, shows a website as one before the check, and a check that could read none of them
leads with what to fix, never an all-clear (tests/helpers/typed_input.py, shared with the phone page)."""
import pytest

from backend.report.language import Translator
from tests.helpers.extension_harness import open_page
from tests.helpers.live_server import LiveServer
from tests.helpers.sites import serve_sites
from tests.helpers.typed_input import add_all, assert_no_all_clear, unread_lines

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture()
def backend(tmp_path):
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


def test_handles_and_a_strangers_site_typed_in_the_popup_end_in_what_to_fix(ext, backend, shots):
    context, extension_id = ext
    options = open_page(context, extension_id, "options.html")
    options.fill("#backend", backend.base_url)
    options.fill("#code", backend.pairing_code)
    options.click("#pair")
    options.wait_for_selector('#status[data-paired="1"]')
    popup = open_page(context, extension_id, "popup.html")
    popup.set_viewport_size({"width": 375, "height": 800})
    t = Translator("en")
    with serve_sites() as site:
        add_all(popup, t, f"{site}/site/nothing-here/")
        assert popup.locator("#profiles .url").all_inner_texts() == [
            "https://www.instagram.com/minjun.kim/", "https://minjun.kim/", f"{site}/site/nothing-here/"]
        assert popup.locator("#profiles .tag.website").count() == 2  # seen as websites before the check
        popup.check('input[name="consent"][value="self"]')
        popup.click("#start")
        lines = unread_lines(popup)
    assert_no_all_clear(popup, lines, t)
    assert popup.inner_text("#summary .badge") == "Incomplete"  # the backend's word, not a clean grade
    popup.screenshot(path=str(shots / "popup-typed-en-375.png"), full_page=True)
