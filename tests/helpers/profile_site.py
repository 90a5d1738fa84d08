"""A small local profile site for the end-to-end tests: a personal blog, a missing page, a slow blog."""
import http.server
import threading
import time
from pathlib import Path

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


class _Handler(http.server.BaseHTTPRequestHandler):
    slow_delay_s = 0.0

    def do_GET(self):
        path = self.path.split("?")[0]
        if path in ("/blog/", "/slow-blog/"):
            body = BLOG if path == "/blog/" else BLOG.replace("/photos/", "/slow-photos/")
            return self._send(200, "text/html; charset=utf-8", body.encode())
        if path == "/stuck-blog/":  # the browser keeps loading: a script that never arrives
            body = BLOG.replace("</body>", '<script src="/stall.js"></script></body>')
            return self._send(200, "text/html; charset=utf-8", body.encode())
        if path.startswith("/bio/"):  # a blog whose owner put their verification code in the bio
            code = path.split("/")[2]
            body = BLOG.replace("<h1>Min-jun's blog</h1>", f"<h1>Min-jun's blog</h1><p class=bio>Hi! {code}</p>")
            return self._send(200, "text/html; charset=utf-8", body.encode())
        if path == "/stall.js":
            time.sleep(self.server.slow_delay_s * 5)
            return self._send(200, "text/javascript", b"")
        name = path.rsplit("/", 1)[-1]
        if path.startswith(("/photos/", "/slow-photos/")) and name in PHOTOS:
            if path.startswith("/slow-photos/"):
                time.sleep(self.server.slow_delay_s)
            kind = "image/png" if name.endswith(".png") else "image/jpeg"
            return self._send(200, kind, (FIXTURES / PHOTOS[name]).read_bytes())
        return self._send(404, "text/html", b"<html><title>Page Not Found</title><body>Not found</body></html>")

    def _send(self, status, kind, body):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


class ProfileSite:
    """`with ProfileSite() as site:` serves on 127.0.0.1 at a free port; `site.url(path)`."""

    def __init__(self, slow_delay_s=2.0):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.slow_delay_s = slow_delay_s

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
