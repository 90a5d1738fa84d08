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
import http.server
import re
import socketserver
import threading
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from sites import generated_photo

HERE = Path(__file__).parent / "real"
# (real host, real path) -> fixture file under tests/crawler/real/
PAGES = {
    ("www.instagram.com", "/jane.doe/"): "instagram_profile.html",
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
    ("blog.naver.com", "/janedoe"): "naver_blog.html",
    ("blog.naver.com", "/PostList.naver"): "naver_postlist.html",
}
HOST = r"([a-z0-9-]+(?:\.[a-z0-9-]+)+)"
ABSOLUTE = re.compile(r"(?:https?:)?//" + HOST + "/", re.I)
ESCAPED = re.compile(r"(?:https?:)?\\/\\/" + HOST + r"\\/", re.I)  # https:\/\/host\/ inside JSON
ROOT_RELATIVE = re.compile(r"""((?:src|href|action|data-delayed-url|data-lazy-src)=["']|url\(["']?)/(?!/|h/)""")


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class RealPageHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        match = re.match(r"^/h/([^/]+)(/.*)?$", parts.path)
        if not match:
            return self.send_body(404, b"<title>Not found</title>", "text/html")
        host, path = match.group(1), match.group(2) or "/"
        page = PAGES.get((host, path))
        if page:
            return self.send_body(200, page_bytes(page, host), "text/html; charset=utf-8")
        if re.search(r"\.(css|js)$", path):
            return self.send_body(200, b"", "text/css" if path.endswith(".css") else "text/javascript")
        seed = zlib.crc32((host + self.path).encode())
        return self.send_body(200, generated_photo(seed), "image/jpeg")

    def send_body(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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
    server = _Server(("127.0.0.1", 0), RealPageHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
