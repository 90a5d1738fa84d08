"""How far down the report's first things are, on a phone (375 x 667) and a desktop, in en and ko
(the guardian's report too: the link to the parent's guide and the guide itself).

    .venv/bin/python -m bench.report

The report of the report tests' audit (8 clear photos of the reader, 2 of a friend, five
profiles) in a real Chromium: the bottom of each element in pixels and in screens
(1.00 = the end of the first screen). The issue measured the first step about 3 screens
down on a phone, and help about 5.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ELEMENTS = (("not read", "#unread"), ("verdict", "#verdict"), ("first photo of you", "#yours .strip li:first-child"),
            ("first step", "#first-steps li:first-child"), ("last first step", "#first-steps li:last-child"),
            ("help link", '.jump a[href="#help"]'), ("help section", "#help"),
            ("which one is you", "#people"))
# The guardian's report (the same audit, checked by a parent with their child): its guide's link and the guide.
GUARDIAN = (("parent guide link", '.jump a[href="#guide"]'), ("parent guide", "#guide"))


def measure(browser, html, width, height, elements=ELEMENTS):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_content(html)
    rows = {name: page.eval_on_selector(selector, "e => e.getBoundingClientRect().bottom + scrollY")
            for name, selector in elements}
    page.close()
    return rows


def main():
    from playwright.sync_api import sync_playwright

    from backend.report import render_report
    from crawler.browser import launch_options
    from tests.helpers.report_audits import finished_audit, thumbnails_for

    audit = finished_audit()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        for width, height in ((375, 667), (1280, 800)):
            for lang in ("en", "ko"):
                html = render_report(audit, lang=lang, thumbnails=thumbnails_for(audit), me_url="/me", me_key="k")
                rows = measure(browser, html, width, height)
                html = render_report(audit | {"consent": "guardian"}, lang=lang, thumbnails=thumbnails_for(audit))
                rows |= measure(browser, html, width, height, GUARDIAN)
                cells = ", ".join(f"{name} {bottom:.0f} px ({bottom / height:.2f})" for name, bottom in rows.items())
                print(f"{width}x{height} {lang}: {cells}")
        browser.close()


if __name__ == "__main__":
    main()
