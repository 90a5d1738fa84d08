"""Fixtures for the extension's tests: the unpacked extension in a real Chromium, the fake API."""

import pytest

from tests.helpers.extension_fakebackend import FakeBackend
from tests.helpers.extension_harness import launch, open_page


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One Chromium with the extension per test module: (context, extension_id)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context, extension_id = launch(playwright, tmp_path_factory.mktemp("profile"))
        yield context, extension_id
        context.close()


@pytest.fixture()
def ext(browser):
    """The extension with empty storage and no open tabs left from the last test."""
    context, extension_id = browser
    page = open_page(context, extension_id, "options.html", wait_ready=False)
    page.evaluate("() => chrome.storage.local.clear()")
    page.close()
    yield context, extension_id
    for page in context.pages[1:]:
        page.close()


@pytest.fixture()
def fake_backend():
    """The fake API on 127.0.0.1 (see extension_fakebackend.py)."""
    server = FakeBackend()
    yield server
    server.stop()
