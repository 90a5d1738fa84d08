"""Two profiles of one student on loopback, as the host map reads them (crawler/hostmap.py): an
Instagram page and an X page that show the same avatar, each at its own size and encoding (a
platform resizes and recompresses what it is given), beside one post photo of their own."""
import io
from pathlib import Path

from PIL import Image

from tests.helpers.sites import QuietHandler

FACES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"
INSTAGRAM = "/h/www.instagram.com/minjun.kim/"
X = "/h/x.com/minjun_kim"
# The CDN paths each platform serves avatars and posts from (docs/platforms.md).
PICTURES = {
    "/h/scontent.cdninstagram.com/v/t51.2885-19/minjun_avatar.jpg": ("obama.jpg", (320, 320), "JPEG", 88),
    "/h/scontent.cdninstagram.com/v/t51.2885-15/minjun_post.jpg": ("obama2.jpg", (640, 480), "JPEG", 90),
    "/h/pbs.twimg.com/profile_images/1/minjun_400x400.jpg": ("obama.jpg", (400, 400), "WEBP", 70),
    "/h/pbs.twimg.com/media/minjun_post.jpg": ("obama3.jpg", (600, 450), "JPEG", 85),
}
PAGE = """<!doctype html><html><head><title>{title}</title></head><body>
<header><img src="{avatar}" width="150" height="150" alt="profile picture"><h1>Min-jun Kim</h1></header>
<main><article><img src="{post}" width="600" alt="a post"></article></main></body></html>"""
PAGES = {
    INSTAGRAM: PAGE.format(title="Min-jun Kim (@minjun.kim) • Instagram photos and videos",
                           avatar="/h/scontent.cdninstagram.com/v/t51.2885-19/minjun_avatar.jpg",
                           post="/h/scontent.cdninstagram.com/v/t51.2885-15/minjun_post.jpg"),
    X: PAGE.format(title="Min-jun Kim (@minjun_kim) / X", avatar="/h/pbs.twimg.com/profile_images/1/minjun_400x400.jpg",
                   post="/h/pbs.twimg.com/media/minjun_post.jpg"),
}


def picture(name, size, fmt, quality):
    with Image.open(FACES / name) as source:
        out = io.BytesIO()
        source.convert("RGB").resize(size).save(out, fmt, quality=quality)
    return out.getvalue()


class CopiesHandler(QuietHandler):
    def do_GET(self):  # noqa: N802 - the name http.server calls
        path = self.path.split("?")[0]
        if path in PAGES:
            return self.send_body(200, PAGES[path].encode(), "text/html; charset=utf-8")
        if path in PICTURES:
            name, size, fmt, quality = PICTURES[path]
            return self.send_body(200, picture(name, size, fmt, quality), "image/" + fmt.lower())
        return self.send_body(404, b"<html><title>Not found</title></html>", "text/html")
