"""Where a page draws what, as a reader sees it in a real Chromium."""


def on_first_screen(page, selector):
    """True when the element is drawn inside the first screen (no scrolling)."""
    return page.eval_on_selector(selector, """e => { const r = e.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }""")
