"""Helpers for driving the real extension in a real Chromium (Privacy Badger style):
load the unpacked extension, find its id, open its pages, set state through messages."""
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crawler.browser import CHROMIUM_ARGS, find_chromium  # noqa: E402

EXTENSION = ROOT / "extension"
FACES = ROOT / "tests" / "fixtures" / "faces"


def launch(playwright, user_data_dir, lang="en", ext_dir=EXTENSION):
    """A persistent Chromium context with the extension loaded; returns (context, extension_id).

    Extensions need a persistent profile and a non-headless launch; Chromium's
    "new" headless mode runs them without a display.
    """
    args = [a for a in CHROMIUM_ARGS if a != "--disable-default-apps"] + [
        "--headless=new",
        f"--disable-extensions-except={ext_dir}",
        f"--load-extension={ext_dir}",
        f"--lang={lang}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    options = {"headless": False, "args": args, "locale": lang,
               # Chromium on Linux takes its UI language (and so the extension's) from LANGUAGE.
               "env": dict(os.environ, LANGUAGE=lang)}
    executable = find_chromium()
    if executable:
        options["executable_path"] = executable
    context = playwright.chromium.launch_persistent_context(str(user_data_dir), **options)
    worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
    return context, worker.url.split("/")[2]


def open_page(context, extension_id, name, wait_ready=True):
    """Open one of the extension's pages (popup.html, options.html, check.html) in a tab."""
    page = context.new_page()
    page.goto(f"chrome-extension://{extension_id}/{name}")
    if wait_ready:
        page.wait_for_selector("body[data-ready]")
    return page


def send(page, what, **details):
    """Send a message to the service worker's dispatcher from an extension page; returns its answer."""
    return page.evaluate("(m) => chrome.runtime.sendMessage(m)", dict(details, what=what))


def set_storage(page, items):
    """Write extension storage directly (state the test is not about)."""
    page.evaluate("(items) => chrome.storage.local.set(items)", items)


def get_storage(page):
    """Everything in extension storage."""
    return page.evaluate("() => chrome.storage.local.get(null)")


def messages(lang):
    """The extension's messages for `lang` as {key: text}."""
    path = EXTENSION / "_locales" / lang / "messages.json"
    return {k: v["message"] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}




def start_check(page, links, listed):
    """Add `links` and start a check of one's own accounts: on the popup or on the phone page,
    which share these controls. `listed` selects the list items the links appear as."""
    from playwright.sync_api import expect

    for link in links:
        page.fill("#add-url", link)
        page.click("#add-link")
    expect(page.locator(listed)).to_have_count(len(links))
    page.check('input[name="consent"][value="self"]')
    page.click("#start")
