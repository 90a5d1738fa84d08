"""Helpers for driving the real extension in a real Chromium (Privacy Badger style):
load the unpacked build, find its id, open its pages, set state through messages."""
import contextlib
import http.server
import json
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "extension"))
sys.path.insert(0, str(ROOT))

import build  # noqa: E402  extension/build.py
from crawler.browser import CHROMIUM_ARGS, find_chromium  # noqa: E402

FACES = ROOT / "tests" / "fixtures" / "faces"


def build_extension(out_dir, target="chrome"):
    """Build the unpacked extension for `target` into out_dir and return its folder."""
    return build.build(target, out_dir)


def launch(playwright, ext_dir, user_data_dir, lang="en"):
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
               "env": dict(os.environ, LANGUAGE=lang, LANG=f"{lang}.UTF-8" if lang != "en" else "C.UTF-8")}
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_profile_site():
    """A tiny profile site on 127.0.0.1: /profile/ is a page with two photos from
    tests/fixtures/faces, /img/<name> serves those files. Yields the base URL."""
    faces = [p.name for p in sorted(FACES.glob("*.jpg"))][:2]
    page = "".join(f'<img src="/img/{name}" width="400" alt="photo">' for name in faces)
    html = f"<!doctype html><title>Test profile</title><h1>Test profile</h1>{page}".encode()

    class Handler(_QuietHandler):
        def do_GET(self):
            if self.path.startswith("/img/") and (FACES / self.path[5:]).is_file():
                body, kind = (FACES / self.path[5:]).read_bytes(), "image/jpeg"
            elif self.path.rstrip("/") == "/profile":
                body, kind = html, "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


def messages(lang):
    """The extension's messages for `lang` as {key: text}."""
    path = ROOT / "extension" / "src" / "_locales" / lang / "messages.json"
    return {k: v["message"] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


