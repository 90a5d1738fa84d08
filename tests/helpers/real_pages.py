"""A loopback server for the fixture pages that follow real pages (tests/crawler/real/README.md).

Each page is served under `/h/<real host>/<real path>`, the form crawler/hostmap.py
reads back as the real URL when both test switches are on. Absolute and
root-relative URLs in a page are rewritten to the same form, so the page keeps
its real URL forms (CDN hosts, paths, size and signature parameters) while
every request stays on 127.0.0.1. Any other `/h/<host>/...` URL is an image: a
distinct generated JPEG for each URL, so only the crawler's families can tell
that two URLs are one picture.
"""
import contextlib
import io
import re
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from tests.helpers.sites import QuietHandler, base_url, generated_photo, serving

HERE = Path(__file__).resolve().parents[1] / "crawler" / "real"
# (real host, real path) -> fixture file under tests/crawler/real/
PAGES = {
    ("www.instagram.com", "/jane.doe/"): "instagram_profile.html",
    ("www.instagram.com", "/jane.roe/"): "instagram_shared_data.html",
    ("www.tiktok.com", "/@jane.doe"): "tiktok_profile.html",
    ("www.tiktok.com", "/@blocked.jane"): "tiktok_verify.html",
    ("x.com", "/janedoe"): "x_profile.html",
    ("x.com", "/gonejane"): "x_not_found.html",
    ("www.youtube.com", "/@JaneDoe"): "youtube_channel.html",
    ("www.youtube.com", "/@TerminatedJane"): "youtube_terminated.html",
    ("www.linkedin.com", "/in/jane-doe/"): "linkedin_profile.html",
    ("www.linkedin.com", "/in/checked-jane/"): "linkedin_bot_check.html",
    ("www.linkedin.com", "/"): "linkedin_home.html",
    ("www.facebook.com", "/jane.doe"): "facebook_profile.html",
    ("bsky.app", "/profile/jane.bsky.social"): "bluesky_profile.html",
    ("janedoe.blogspot.com", "/"): "blogger_blog.html",
    ("janeroe.blogspot.com", "/"): "blogger_awesome.html",
    ("blog.naver.com", "/janedoe"): "naver_blog.html",
    ("blog.naver.com", "/PostList.naver"): "naver_postlist.html",
    ("www.instagram.com", "/accounts/login/"): "instagram_login.html",
    ("www.linkedin.com", "/authwall"): "linkedin_authwall.html",
    ("www.linkedin.com", "/in/gone-jane/"): "linkedin_not_found.html",
    # Pages around the owner: other accounts' pictures beside the owner's (test_crawler_around_owner.py).
    ("www.youtube.com", "/@JaneShelves"): "youtube_shelves.html",
    ("www.linkedin.com", "/in/jane-activity/"): "linkedin_activity.html",
    ("www.linkedin.com", "/in/jane-sidelists/"): "linkedin_sidelists.html",
    ("bsky.app", "/profile/jane-reposts.bsky.social"): "bluesky_reposts.html",
    ("x.com", "/janequotes"): "x_quotes.html",
    ("www.instagram.com", "/jane.suggested/"): "instagram_suggested.html",
    ("www.tiktok.com", "/@jane.maylike"): "tiktok_you_may_like.html",
    ("www.facebook.com", "/jane.friends"): "facebook_pymk.html",
    ("www.facebook.com", "/jane.tagged"): "facebook_tagged.html",
}
# (real host, real path) -> where the real site sends a logged-out visitor
REDIRECTS = {
    ("www.instagram.com", "/walled.jane/"): "/accounts/login/?next=%2Fwalled.jane%2F&source=desktop_nav",
    ("www.linkedin.com", "/in/walled-jane/"): "/authwall?trk=public_profile&trkInfo=AQG2&original_referer="
                                              "&sessionRedirect=https%3A%2F%2Fwww.linkedin.com%2Fin%2Fwalled-jane%2F",
}
# Google's image proxy (lhN.googleusercontent.com/proxy/<opaque token>=<size>) serves a picture
# of the blog under another URL: the stand-in serves the same picture as its origin's full size.
PROXIED = {
    "/proxy/Tq8vN2kRzW0pLm4XbYc7Hd1sJf5Ga9Ue3Ko6Pi2Ry0Ws4Nt8Vx1Qz7Ml5Bj3Cg9":
        "https://3.bp.blogspot.com/-kP9sLmNoPqRsT/XJaNe01AbCI/AAAAAAAAB2c/fIeLd1tRiP5kLmNoPqRsTuV/s1600/field-trip.jpg",
}
# A size a Google image URL asks for (".../s72-c/x.jpg", "...=w72-h72-p-k-no-nu"): the stand-in is that small.
FIFE_SIZE = re.compile(r"(?:/|=)(?:s(\d{1,4})(?:-[a-z0-9-]+)?|w(\d{1,4})-h\d{1,4}(?:-[a-z0-9-]+)?)(?:/[^/]+)?$")
HOST = r"([a-z0-9-]+(?:\.[a-z0-9-]+)+)"
ABSOLUTE = re.compile(r"(?:https?:)?//" + HOST + "/", re.I)
ESCAPED = re.compile(r"(?:https?:)?\\/\\/" + HOST + r"\\/", re.I)  # https:\/\/host\/ inside JSON
ROOT_RELATIVE = re.compile(r"""((?:src|href|action|data-delayed-url|data-lazy-src)=["']|url\(["']?)/(?!/|h/)""")


class RealPageHandler(QuietHandler):
    def do_GET(self):  # noqa: N802 (http.server calls it by this name)
        parts = urlsplit(self.path)
        match = re.match(r"^/h/([^/]+)(/.*)?$", parts.path)
        if not match:
            return self.send_body(404, b"<title>Not found</title>", "text/html")
        host, path = match.group(1), match.group(2) or "/"
        page, moved = PAGES.get((host, path)), REDIRECTS.get((host, path))
        if moved:
            self.send_response(302)
            self.send_header("Location", "/h/%s%s" % (host, moved))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if page:
            status = 404 if "not_found" in page else 200
            return self.send_body(status, page_bytes(page, host), "text/html; charset=utf-8")
        if re.search(r"\.(css|js)$", path):
            return self.send_body(200, b"", "text/css" if path.endswith(".css") else "text/javascript")
        origin = urlsplit(PROXIED.get(path.split("=")[0], ""))
        seed = zlib.crc32((origin.hostname + "/h/%s%s" % (origin.hostname, origin.path)).encode() if origin.hostname
                          else (host + self.path).encode())
        side = small_side(self.path)
        return self.send_body(200, small_photo(seed, side) if side else generated_photo(seed), "image/jpeg")


def small_side(path):
    """The side in px of a Google image URL that asks for less than 100 px, else None."""
    match = FIFE_SIZE.search(path.split("?")[0])
    side = int(next((g for g in match.groups() if g), 0)) if match else 0
    return side if 0 < side < 100 else None


def small_photo(seed, side):
    """The generated picture for `seed`, cropped square and shrunk to side x side (a 72 px thumbnail)."""
    with Image.open(io.BytesIO(generated_photo(seed))) as picture:
        buffer = io.BytesIO()
        picture.crop((80, 0, 560, 480)).resize((side, side)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def page_bytes(name, host):
    """A fixture page with every absolute and root-relative URL moved under /h/<host>/."""
    text = (HERE / name).read_text(encoding="utf-8")
    text = ABSOLUTE.sub(r"/h/\1/", text)
    text = ESCAPED.sub(r"\\/h\\/\1\\/", text)
    text = ROOT_RELATIVE.sub(lambda m: m.group(1) + "/h/%s/" % host, text)
    return text.encode("utf-8")


@contextlib.contextmanager
def serve_real_pages():
    """Serve the real-structure fixtures on 127.0.0.1; yields the base URL."""
    with serving(RealPageHandler) as server:
        yield base_url(server)


class Page:
    """What one fixture holds: its state, the owner's pictures (name -> a pattern only that picture's URLs
    match), and how many pictures of other accounts and of the site it shows."""

    def __init__(self, path, status, owner, others, site, largest=None, reasons=None, theirs=None):
        self.path, self.status, self.owner, self.others, self.site = path, status, owner, others, site
        self.largest = largest or {}  # name -> pattern the fetched URL must match (the largest variant)
        self.reasons = reasons  # why the other accounts' pictures are there: {reason: count}
        self.theirs = theirs  # a pattern every other account's picture on the page matches (bench.real_pages)


def tally(result, page):
    """{owner picture name: number of times returned}, and the returned URLs that are no owner's picture."""
    counts, strays = {name: 0 for name in page.owner}, []
    for image in result["images"]:
        names = [name for name, pattern in page.owner.items() if re.search(pattern, image["image_url"])]
        if len(names) == 1:
            counts[names[0]] += 1
        else:
            strays.append(image["image_url"])
    return counts, strays
