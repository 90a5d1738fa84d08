"""A small local profile site for the end-to-end tests: a personal blog, a missing page, a slow blog."""
import time
from pathlib import Path

from tests.helpers.sites import LocalSite, QuietHandler

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PHOTOS = {"obama.jpg": "faces/obama.jpg", "obama2.jpg": "faces/obama2.jpg",
          "biden.jpg": "faces/biden.jpg", "coffee.png": "nofaces/coffee.png"}
BLOG = """<!doctype html><html><head><title>Min-jun's blog</title>
<meta property="og:image" content="/photos/obama.jpg"></head><body>
<h1>Min-jun's blog</h1>
<article><p>Summer trip</p><img src="/photos/obama.jpg" width="455" alt="me at the beach"></article>
<article><p>School festival</p><img src="/photos/obama2.jpg" alt="festival"></article>
<article><p>With my uncle</p><img src="/photos/biden.jpg" alt="uncle"></article>
<article><p>Breakfast</p><img src="/photos/coffee.png" alt="coffee"></article>
</body></html>"""


class _Handler(QuietHandler):
    protocol_version = "HTTP/1.0"   # one request a connection, as these sites always served

    slow_delay_s = 0.0

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        self.server.paths.append(path)
        if path in ("/blog/", "/slow-blog/"):
            body = BLOG if path == "/blog/" else BLOG.replace("/photos/", "/slow-photos/")
            return self.send_body(200, body.encode(), "text/html; charset=utf-8")
        if path == "/stuck-blog/":  # the browser keeps loading: a script that never arrives
            body = BLOG.replace("</body>", '<script src="/stall.js"></script></body>')
            return self.send_body(200, body.encode(), "text/html; charset=utf-8")
        if path.startswith("/bio/"):  # a blog whose owner put their verification code in the bio
            code = path.split("/")[2]
            body = BLOG.replace("<h1>Min-jun's blog</h1>", f"<h1>Min-jun's blog</h1><p class=bio>Hi! {code}</p>")
            return self.send_body(200, body.encode(), "text/html; charset=utf-8")
        if path == "/stall.js":
            time.sleep(self.server.slow_delay_s * 5)
            return self.send_body(200, b"", "text/javascript")
        name = path.rsplit("/", 1)[-1]
        if path.startswith(("/photos/", "/slow-photos/")) and name in PHOTOS:
            if path.startswith("/slow-photos/"):
                time.sleep(self.server.slow_delay_s)
            kind = "image/png" if name.endswith(".png") else "image/jpeg"
            return self.send_body(200, (FIXTURES / PHOTOS[name]).read_bytes(), kind)
        return self.send_body(404, b"<html><title>Page Not Found</title><body>Not found</body></html>", "text/html")



class ProfileSite(LocalSite):
    """`with ProfileSite() as site:` serves on 127.0.0.1 at a free port; `site.url(path)`."""

    handler = _Handler

    def __init__(self, slow_delay_s=2.0):
        super().__init__()
        self.server.slow_delay_s = slow_delay_s
        self.server.paths = []  # every path asked for, in order
