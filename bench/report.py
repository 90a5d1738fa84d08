"""How far down the report's first things are, on a phone (375 x 667) and a desktop, in en and ko.

    .venv/bin/python -m bench.report

The report of the report tests' audit (8 clear photos of the reader, 2 of a friend, five
profiles) in a real Chromium: the bottom of each element in pixels and in screens
(1.00 = the end of the first screen). The issue measured the first step about 3 screens
down on a phone, and help about 5.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "report"))

ELEMENTS = (("verdict", "#verdict"), ("first photo of you", "#yours .strip li:first-child"),
            ("first step", "#first-steps li:first-child"), ("last first step", "#first-steps li:last-child"),
            ("help link", '.jump a[href="#help"]'), ("help section", "#help"),
            ("which one is you", "#people"))


def measure(browser, html, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_content(html)
    rows = {name: page.eval_on_selector(selector, "e => e.getBoundingClientRect().bottom + scrollY")
            for name, selector in ELEMENTS}
    page.close()
    return rows


def main():
    from conftest import _done_audit, _thumbnails  # tests/report/conftest.py
    from playwright.sync_api import sync_playwright

    from backend.report import render_report
    from crawler.browser import launch_options

    audit = _done_audit()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        for width, height in ((375, 667), (1280, 800)):
            for lang in ("en", "ko"):
                html = render_report(audit, lang=lang, thumbnails=_thumbnails(audit), me_url="/me", me_key="k")
                rows = measure(browser, html, width, height)
                cells = ", ".join(f"{name} {bottom:.0f} px ({bottom / height:.2f})" for name, bottom in rows.items())
                print(f"{width}x{height} {lang}: {cells}")
        browser.close()


if __name__ == "__main__":
    main()
