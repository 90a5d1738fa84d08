"""`make screenshots`: docs/screenshots/ from the real backend, the real extension and a real
Chromium: the report, the popup and the check page, in English and Korean, phone and desktop.

    .venv/bin/python -m tests.helpers.screenshots docs/screenshots

The audit shown is the report tests' fake one (a student's clear photos and two of a
friend), stored in a throwaway SQLite file; the photo checked is a fixture portrait,
graded by the real face models.
"""
import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]

TOKEN = "screenshots-token"
PHONE, DESKTOP = {"width": 375, "height": 667}, {"width": 1280, "height": 800}


def serve(data_dir):
    """The real app on a free loopback port with one finished audit; (server, base URL, report path)."""
    from backend import create_app, store
    from backend.db import open_configured_store
    from backend.tokens import digest
    from tests.helpers.report_audits import finished_audit, thumbnails_for  # the report tests' fake audit

    app = create_app({"DATABASE": str(Path(data_dir) / "shots.db"), "DATA_DIR": str(data_dir),
                      "API_TOKEN": TOKEN, "RUN_JOBS": False})
    audit = finished_audit()
    db = open_configured_store(app.config)
    store.add_audit(db, "a1", digest(TOKEN), "self", "shots-key",
                    [{"url": p["url"], "platform": p["platform"]} for p in audit["profiles"]])
    for position, profile in enumerate(audit["profiles"]):
        store.update_profile(db, "a1", position, status=profile["status"], message=profile["message"],
                             photos_found=profile["photos_found"])
    store.finish_audit(db, "a1", {k: audit[k] for k in ("photos", "identities", "summary")}, thumbnails_for(audit))
    db.conn.close()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}", "/audits/a1/report?key=shots-key"


def report_shots(playwright, base, path, out):
    from crawler.browser import launch_options

    browser = playwright.chromium.launch(**launch_options())
    for lang in ("en", "ko"):
        for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page = browser.new_page(viewport=size)
            page.goto(f"{base}{path}&lang={lang}")
            target = out / f"report-{lang}-{name}.png"
            page.screenshot(path=str(target))  # the first screen, as the reader first sees it
            print(target)
            page.close()
    browser.close()


def extension_shots(playwright, base, path, out):
    from tests.helpers.extension_harness import FACES, launch, open_page, set_storage

    for lang in ("en", "ko"):
        with tempfile.TemporaryDirectory() as profile:
            context, extension_id = launch(playwright, profile, lang=lang)
            try:
                page = open_page(context, extension_id, "options.html")
                set_storage(page, {"backend": base, "token": TOKEN, "consent": "self", "currentAudit": "a1",
                                   "reportUrls": {"a1": path},
                                   "profiles": ["https://www.instagram.com/minji.k/", "https://blog.naver.com/minjik"]})
                popup = open_page(context, extension_id, "popup.html")
                popup.set_viewport_size({"width": 400, "height": 600})
                popup.wait_for_selector("#summary:not([hidden])")
                popup.wait_for_selector("#history li")
                target = out / f"popup-{lang}.png"
                popup.locator("body").screenshot(path=str(target), animations="disabled")
                print(target)
                for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
                    check = open_page(context, extension_id, "check.html")
                    check.set_viewport_size(size)
                    check.set_input_files("#photo-file", str(FACES / "obama.jpg"))
                    check.wait_for_selector("#checked-photo .box", timeout=240_000)
                    check.wait_for_function("() => document.querySelector('#checked-photo img').naturalWidth > 0")
                    target = out / f"check-{lang}-{name}.png"
                    check.screenshot(path=str(target), full_page=True)
                    print(target)
                    check.close()
            finally:
                context.close()


def main(out):
    from playwright.sync_api import sync_playwright

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data_dir, sync_playwright() as playwright:
        server, base, path = serve(data_dir)
        try:
            report_shots(playwright, base, path, out)
            extension_shots(playwright, base, path, out)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
