"""One source for the popup's language: in a browser whose UI language the extension has no
messages in (Japanese here), its words fall back to English, and so must what it asks of the
backend (the verdict, the steps, the report's language), or the popup would mix two."""

import pytest

from tests.helpers.extension_harness import browser_in, open_page

pytestmark = pytest.mark.slow


@pytest.fixture()
def japanese_browser(tmp_path):
    with browser_in("ja", tmp_path / "profile") as opened:
        yield opened


def test_the_backend_is_asked_in_the_language_of_the_extensions_own_words(japanese_browser):
    context, extension_id = japanese_browser
    page = open_page(context, extension_id, "options.html")
    ui, asked, shown = page.evaluate("""async () => [chrome.i18n.getUILanguage(),
        (await import('./lib/backend.js')).uiLanguage(), document.documentElement.lang]""")
    assert ui.startswith("ja")  # the browser's own language, which the extension has no words in
    assert asked == shown == "en"
