"""Local fixture sites for crawler and end-to-end tests: `with serve_sites() as base: ...`.

A threaded HTTP server on 127.0.0.1 (free port) serving
- `/site/<path>`: pages from tests/fixtures/sites/ (platform look-alikes, a blog, hostile pages);
- `/img/<photo>/<anything>`: a photo from tests/fixtures/faces or nofaces (`obama`, `obama2`,
  `biden`, `astronaut`, `rocket`, `coffee`, `chelsea`...); a size in the URL (`s320x320`,
  `w=320`, `type=w320`, `name=small`) serves a smaller copy, so one photo has several sizes;
- `/gen/<n>.jpg`: a generated, distinct 640x480 photo; `/site/bench/` shows 50 of them with
  lazy loading and infinite scroll (`/gallery?page=N`), for the benchmark;
- hostile routes: `/redirect/<n>` (a chain), `/loop`, `/never` (a page that never ends),
  `/drip.jpg`, `/huge.jpg`, `/icon.png`, `/pixel.gif`, `/status/<code>`, `/feed?page=N` (endless),
  `/to?url=...` (one redirect to any URL);
- hostile images for the safe decoder, made in code and small on disk: `/bad/<name>.jpg` with
  the names of BAD_IMAGES (a 20000x20000 PNG bomb, a truncated JPEG, a GIF and a TIFF served as
  .jpg, a GIF of 5000 frames, a 0-byte file, HTML served as an image) and `/bad/hundred-mb.jpg`
  (100 MB streamed without a Content-Length); `/site/hostile/decoder/` shows them all beside
  one real face photo.

The end-to-end profile: `/site/blog/` - a personal blog with obama.jpg, obama2.jpg,
biden.jpg (faces) and rocket.jpg (no face). Crawling needs EXPOSURE_ALLOW_PRIVATE_NETWORKS=1.
"""
import contextlib
import http.server
import io
import json
import random
import re
import socketserver
import struct
import threading
import time
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PIL import Image

HERE = Path(__file__).resolve().parents[1]  # tests/
SITES = HERE / "fixtures" / "sites"
PHOTO_DIRS = (HERE / "fixtures" / "faces", HERE / "fixtures" / "nofaces")
TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".js": "text/javascript",
         ".css": "text/css", ".jpg": "image/jpeg", ".png": "image/png"}


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """A keep-alive handler that logs nothing (the test's output stays the test's) and sends whole bodies."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_body(self, status, body, content_type, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser gave up on it (a crawl's time ran out): not the test's failure


class LocalSite:
    """`with Site() as site:` serves the subclass's `handler` on 127.0.0.1 at a free port; `site.url(path)`."""

    handler = QuietHandler

    def __init__(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self.handler)
        self.server.daemon_threads = True

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def serving(handler, host="127.0.0.1"):
    """Run handler on host and a free port in a thread; yields the server (its base URL is base_url(server))."""
    server = _Server((host, 0), handler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def base_url(server):
    return "http://%s:%d" % server.server_address[:2]


class SiteHandler(QuietHandler):
    """Routes of the fixture sites (see the module docstring)."""

    def do_GET(self):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        path = parts.path
        self.server.hits.append(path)
        for pattern, method in ROUTES:
            match = re.fullmatch(pattern, path)
            if match:
                return method(self, match, query)
        return self.send_body(404, b"<title>Not found</title>", "text/html")

    def redirect(self, location, status=302):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def site(self, match, query):
        name = match.group(1) or ""
        file = (SITES / name).resolve()
        if file.is_dir():
            file = file / "index.html"
        if SITES.resolve() not in file.parents or not file.is_file():
            return self.send_body(404, b"<html><title>Page Not Found</title><body>Not found</body></html>", "text/html")
        status = 404 if "missing" in file.parent.name else 200
        return self.send_body(status, file.read_bytes(), TYPES.get(file.suffix, "application/octet-stream"))

    def image(self, match, query):
        width = _requested_width(self.path)
        body = photo_bytes(match.group(1), width)
        if body is None:
            return self.send_body(404, b"", "text/plain")
        return self.send_body(200, body, "image/jpeg")

    def generated(self, match, query):
        return self.send_body(200, generated_photo(int(match.group(1))), "image/jpeg")

    def chain(self, match, query):
        left = int(match.group(1))
        return self.redirect("/site/blog/" if left <= 0 else "/redirect/%d" % (left - 1))

    def loop(self, match, query):
        return self.redirect("/loop")

    def to(self, match, query):
        return self.redirect(query["url"][0])

    def never(self, match, query):
        """A page whose body never ends: a few bytes now and then."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><head><title>slow</title></head><body><img src='/img/biden/slow.jpg'>")
        _drip(self.wfile, b" ", seconds=120)

    def drip(self, match, query):
        """An image that sends one byte at a time, slowly."""
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        _drip(self.wfile, photo_bytes("obama", None)[:1], seconds=120)

    def huge(self, match, query):
        """An image far over the byte cap, sent fast and without a Content-Length."""
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = photo_bytes("obama", None) + b"\0" * (1 << 20)
        with contextlib.suppress(OSError):
            for _ in range(400):
                self.wfile.write(chunk)
        self.close_connection = True

    def small(self, match, query):
        size = (16, 16) if match.group(1) == "icon.png" else (1, 1)
        buffer = io.BytesIO()
        Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG" if size[0] > 1 else "GIF")
        return self.send_body(200, buffer.getvalue(), "image/png" if size[0] > 1 else "image/gif")

    def bad_image(self, match, query):
        """A hostile image from BAD_IMAGES, served as image/jpeg whatever it really is."""
        make = BAD_IMAGES.get(match.group(1))
        if make is None:
            return self.send_body(404, b"", "text/plain")
        if ("bad", match.group(1)) not in _cache:
            _cache[("bad", match.group(1))] = make()
        return self.send_body(200, _cache[("bad", match.group(1))], "image/jpeg")

    def hundred_mb(self, match, query):
        """100 MB of image/jpeg streamed in 1 MB chunks, no Content-Length: never held in memory."""
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"\0" * (1 << 20)
        with contextlib.suppress(OSError):
            self.wfile.write(photo_bytes("rocket", None)[:4096])
            for _ in range(100):
                self.wfile.write(chunk)
        self.close_connection = True

    def status(self, match, query):
        code = int(match.group(1))
        return self.send_body(code, b"<html><title>status</title><body>status page</body></html>", "text/html")

    def gallery(self, match, query):
        """A finite feed for the benchmark: 50 photos, eight per page after the first twelve."""
        page = int(query.get("page", ["1"])[0])
        start = 12 + (page - 1) * 8
        items = ["/gen/%d.jpg" % i for i in range(start, min(start + 8, GALLERY_SIZE))]
        following = page + 1 if start + 8 < GALLERY_SIZE else None
        return self.send_body(200, json.dumps({"items": items, "next": following}).encode(), "application/json")

    def canary_page(self, match, query):
        """A page that tries every way a page can reach 127.0.0.1:<port> (the guard must stop all)."""
        target = "http://127.0.0.1:%s" % query["port"][0]
        body = CANARY_PAGE.replace("TARGET", target).encode()
        return self.send_body(200, body, "text/html")

    def feed(self, match, query):
        """An endless feed: every page has three new photos and a next page."""
        page = int(query.get("page", ["0"])[0])
        items = ["/gen/%d.jpg" % (page * 3 + i) for i in range(3)]
        return self.send_body(200, json.dumps({"items": items, "next": page + 1}).encode(), "application/json")


ROUTES = (
    (r"/site/(.*)", SiteHandler.site),
    (r"/img/([\w-]+)/.*", SiteHandler.image),
    (r"/gen/(\d+)\.jpg", SiteHandler.generated),
    (r"/redirect/(\d+)", SiteHandler.chain),
    (r"/loop", SiteHandler.loop),
    (r"/to", SiteHandler.to),
    (r"/never", SiteHandler.never),
    (r"/drip\.jpg", SiteHandler.drip),
    (r"/huge\.jpg", SiteHandler.huge),
    (r"/(icon\.png|pixel\.gif)", SiteHandler.small),
    (r"/status/(\d+)", SiteHandler.status),
    (r"/bad/hundred-mb\.jpg", SiteHandler.hundred_mb),
    (r"/bad/([\w-]+)\.jpg", SiteHandler.bad_image),
    (r"/feed", SiteHandler.feed),
    (r"/canary-page", SiteHandler.canary_page),
    (r"/gallery", SiteHandler.gallery),
)
GALLERY_SIZE = 50

CANARY_PAGE = """<!doctype html><html><head><title>tricks</title>
<link rel="preconnect" href="TARGET"><link rel="dns-prefetch" href="TARGET"><link rel="prefetch" href="TARGET/prefetch">
<link rel="stylesheet" href="TARGET/style.css"><script src="TARGET/script.js"></script>
<style>body { background: url("TARGET/bg.jpg"); }</style></head><body>
<img src="TARGET/img.jpg" width="300" height="300"><img src="/to?url=TARGET/redirected.jpg" width="300" height="300">
<iframe src="TARGET/frame"></iframe><iframe src="/to?url=TARGET/frame2"></iframe>
<video poster="TARGET/poster.jpg" src="TARGET/video.mp4"></video>
<form id="f" action="TARGET/form" method="post"><input name="a" value="b"></form>
<script>
fetch("TARGET/fetch").catch(() => 0);
fetch("/to?url=" + encodeURIComponent("TARGET/fetch2")).catch(() => 0);
try { new WebSocket("TARGET".replace("http", "ws") + "/ws"); } catch (e) {}
try { new EventSource("TARGET/events"); } catch (e) {}
try { navigator.sendBeacon("TARGET/beacon", "x"); } catch (e) {}
try { navigator.serviceWorker.register("/sw.js"); } catch (e) {}
try { const pc = new RTCPeerConnection({iceServers: [{urls: "stun:127.0.0.1:3478"}]}); } catch (e) {}
const x = new XMLHttpRequest(); x.open("GET", "TARGET/xhr"); x.send();
setTimeout(() => { document.getElementById("f").submit(); }, 200);
</script></body></html>"""

_cache = {}


def photo_bytes(name, width=None):
    """A fixture photo's bytes; with `width`, a JPEG copy scaled to that width."""
    key = (name, width)
    if key not in _cache:
        source = next((p for d in PHOTO_DIRS for p in d.glob(name + ".*")), None)
        if source is None:
            return None
        if width is None:
            _cache[key] = source.read_bytes()
        else:
            with Image.open(source) as image:
                image = image.convert("RGB")
                height = max(1, round(image.height * width / image.width))
                buffer = io.BytesIO()
                image.resize((width, height)).save(buffer, "JPEG", quality=85)
                _cache[key] = buffer.getvalue()
    return _cache[key]


def generated_photo(seed):
    """A distinct 640x480 JPEG for `seed` (random shapes, so content hashes differ)."""
    if ("gen", seed) not in _cache:
        rng = random.Random(seed)
        image = Image.new("RGB", (640, 480), tuple(rng.randrange(256) for _ in range(3)))
        pixels = image.load()
        for _ in range(40):
            x, y, size = rng.randrange(600), rng.randrange(440), rng.randrange(10, 40)
            colour = tuple(rng.randrange(256) for _ in range(3))
            for dx in range(size):
                for dy in range(size):
                    if x + dx < 640 and y + dy < 480:
                        pixels[x + dx, y + dy] = colour
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        _cache[("gen", seed)] = buffer.getvalue()
    return _cache[("gen", seed)]


def png_bomb(side=20_000):
    """A 1-bit greyscale PNG of side x side pixels: a few KB on disk, 400 MP once decoded."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer, row = zlib.compressobj(9), b"\0" * (1 + (side + 7) // 8)
    pixels = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def many_frames_gif(frames=5000):
    """A 320x240 GIF of `frames` frames: one full frame, then 1x1 frames (a few bytes each)."""
    buffer = io.BytesIO()
    Image.new("P", (320, 240), 1).save(buffer, "GIF", save_all=True, loop=0, duration=20,
                                       append_images=[Image.new("P", (320, 240), 2)])
    # One 1x1 frame at (0, 0): graphic control (20 ms), image descriptor, LZW data of one pixel.
    tiny = b"\x21\xf9\x04\x00\x02\x00\x00\x00" + b"\x2c" + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00\x02\x02\x44\x01\x00"
    return buffer.getvalue().rstrip(b";") + tiny * frames + b";"


def _saved(image_format, size=(320, 240), colour=(40, 120, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, image_format)
    return buffer.getvalue()


# Every one is served as image/jpeg under /bad/<name>.jpg.
BAD_IMAGES = {
    "bomb": png_bomb,
    "truncated": lambda: photo_bytes("rocket", None)[:len(photo_bytes("rocket", None)) * 2 // 5],
    "gif-named-jpg": lambda: _saved("GIF"),
    "tiff-named-jpg": lambda: _saved("TIFF", colour=(200, 120, 40)),
    "many-frames": many_frames_gif,
    "empty": lambda: b"",
    "html": lambda: b"<!doctype html><html><head><title>Not a photo</title></head><body>" + b"x" * 4000 + b"</body></html>",
}


def _requested_width(path):
    for pattern in (r"[/_]s(\d{2,4})x\d{2,4}", r"-(\d{2,4})x\d{2,4}\.", r"[?&]w=(\d+)", r"type=w(\d+)", r":(\d{2,4}):\d{2,4}",
                    r"shrink_(\d+)_\d+", r"=s(\d{2,4})\b"):
        match = re.search(pattern, path)
        if match:
            return int(match.group(1))
    named = re.search(r"name=(small|medium|normal)|_(normal|bigger)\.", path)
    if named:
        return {"small": 200, "medium": 400, "normal": 48, "bigger": 73}[named.group(1) or named.group(2)]
    return None


def _drip(stream, byte, seconds):
    end = time.monotonic() + seconds
    with contextlib.suppress(OSError):
        while time.monotonic() < end:
            stream.write(byte)
            stream.flush()
            time.sleep(0.5)


@contextlib.contextmanager
def serve_sites(host="127.0.0.1"):
    """Serve the fixture sites on `host` and a free port; yields the base URL ("http://127.0.0.1:PORT")."""
    with serving(SiteHandler, host) as server:
        yield base_url(server)


@contextlib.contextmanager
def serve_answers(answer):
    """A one-off site on 127.0.0.1: answer(path) gives (body bytes, content type); yields its base URL.

    For pages made in code (a page of many large photos); a reader that leaves early is no error.
    """
    class Handler(QuietHandler):
        def handle(self):  # a browser that drops a large image mid-body resets the connection
            with contextlib.suppress(OSError):
                super().handle()

        def do_GET(self):
            self.send_body(200, *answer(self.path))

    with serving(Handler) as server:
        yield base_url(server)


def image_paths(result, base):
    """The image URLs of a crawl result, relative to the fixture server at `base`."""
    return {i["image_url"][len(base):] if i["image_url"].startswith(base) else i["image_url"]
            for i in result["images"]}
