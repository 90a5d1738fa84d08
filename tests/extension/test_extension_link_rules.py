"""The extension's page check reads a profile's address as the backend does.

"Check what my followers see" runs a script on the student's own profile page
(extension/content/own_profile.js): it cannot ask the backend, so it keeps its own reading of
a platform's addresses (which path is a profile, the profile's link). This test runs that script
in a real Chromium on addresses of Instagram, X and TikTok, each served the owner's own page
(local look-alikes, routed in the browser: nothing leaves the machine), and compares its answer
with the backend's one rule set (crawler/profile_input.py's read_input): the same addresses are
profiles, and a profile's link is the backend's canonical link. A drift in either fails here.
"""
import pytest

from crawler.profile_input import InputError, read_input
from tests.helpers.extension_harness import EXTENSION
from tests.helpers.lookalike_platforms import profile_page, tiktok_page, x_page

pytestmark = pytest.mark.slow

# The owner's page, whatever the path: only the address differs from one case to the next.
OWN_PAGE = {"instagram": lambda: profile_page("jane", True, ["p1"], []), "x": lambda: x_page("jane", True),
            "tiktok": lambda: tiktok_page("jane", True)}
ADDRESSES = {
    "instagram": ["https://www.instagram.com/jane/", "https://www.instagram.com/jane", "https://instagram.com/jane/",
                  "https://www.instagram.com/jane/?igsh=abc123", "https://www.instagram.com/p/Cx1abc/",
                  "https://www.instagram.com/reel/Cx1abc/", "https://www.instagram.com/explore/",
                  "https://www.instagram.com/stories/jane/3123/", "https://www.instagram.com/accounts/edit/",
                  "https://www.instagram.com/direct/inbox/", "https://www.instagram.com/"],
    "x": ["https://x.com/jane", "https://twitter.com/jane", "https://x.com/jane/", "https://x.com/jane/media",
          "https://x.com/home", "https://x.com/explore", "https://x.com/i/bookmarks",
          "https://x.com/jane/status/1799", "https://x.com/settings/profile", "https://x.com/search?q=jane",
          "https://x.com/"],
    "tiktok": ["https://www.tiktok.com/@jane", "https://www.tiktok.com/@jane?lang=ko", "https://tiktok.com/@jane",
               "https://www.tiktok.com/@jane/video/7301", "https://www.tiktok.com/foryou",
               "https://www.tiktok.com/explore", "https://www.tiktok.com/"],
}
SCRIPT = (EXTENSION / "content" / "own_profile.js").read_text(encoding="utf-8")


def backend_reading(url):
    """The backend's profile link for `url`, or None when it reads no profile there."""
    try:
        found = read_input(url)
    except InputError:
        return None
    return found["url"] if found["kind"] == "profile" else None


def page_reading(page, platform, url):
    """The page check's profile link for `url` on the owner's page, or None ("not_a_profile")."""
    html = OWN_PAGE[platform]()
    page.route("**/*", lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
               if route.request.resource_type == "document" else route.fulfill(status=404, body=""))
    page.goto(url)
    page.add_script_tag(content=SCRIPT)
    answer = page.evaluate("() => exposureOwnProfile(3)")
    page.unroute("**/*")
    if not answer["ok"]:
        assert answer["reason"] == "not_a_profile", (url, answer)
        return None
    assert answer["platform"] == platform
    return answer["profile"]


@pytest.mark.parametrize("platform", sorted(ADDRESSES))
def test_the_page_check_reads_addresses_as_the_backend_does(chromium, platform):
    context = chromium.new_context()
    try:
        page = context.new_page()
        readings = {url: (page_reading(page, platform, url), backend_reading(url)) for url in ADDRESSES[platform]}
    finally:
        context.close()
    differing = {url: pair for url, pair in readings.items() if pair[0] != pair[1]}
    assert not differing, "(page check, backend) differ"
    assert any(page_link for page_link, _ in readings.values()), "some addresses are the profile"
    assert any(page_link is None for page_link, _ in readings.values()), "and some are not"
