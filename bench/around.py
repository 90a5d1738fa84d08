"""Accounts around me: the time to check 10 others' accounts of 30 photos each, and the share of it
spent on faces (finding, grading and comparing them with the reader's; nothing else is kept).

`python -m bench.around`. Ten local fixture accounts (tests/helpers/school_site.py's photos: the
reader alone, other people, groups), each a page of 30 photos at 1080 px at most, like a
platform's feed. The crawl is the real Crawler with a warm Chromium; the faces are the real
models in the analysis pool, compared with one photo of the reader (as `audit --me` does).
"""
import functools
import http.server
import io
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCOUNTS, PHOTOS = 10, 30
SIDE_PX = 1080


def main():
    sys.path.insert(0, str(ROOT))
    os.environ["EXPOSURE_ALLOW_PRIVATE_NETWORKS"] = "1"  # the accounts are local fixture sites
    from backend import around
    from backend.analysis import pool
    from backend.config import THUMBNAIL_PX
    from crawler import Crawler
    from tests.helpers.school_site import GROUPS, READER

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        reference = around.me_reference([(ROOT / "tests/fixtures/faces/obama.jpg").read_bytes()])  # workers warm
        with Crawler() as crawler:
            crawler.crawl(base + "/account/0/")  # the browser's first launch is not an account's time
            started = time.perf_counter()
            images = []
            for account in range(ACCOUNTS):
                url = f"{base}/account/{account}/"
                crawled = crawler.crawl(url)
                images += [{**image, "profile_url": url} for image in crawled["images"]]
            crawl_s = time.perf_counter() - started
        started = time.perf_counter()
        found, thumbnails = around.check(images, reference, THUMBNAIL_PX)
        faces_s = time.perf_counter() - started
    finally:
        server.shutdown()
        pool.shutdown()
    expected = sum(1 for i in range(ACCOUNTS * PHOTOS) if _name(i) in {*READER, *GROUPS})
    total = crawl_s + faces_s
    print(f"accounts around me, {ACCOUNTS} accounts x {PHOTOS} photos ({len(images)} crawled): "
          f"{total:.1f} s in all, {total / ACCOUNTS:.1f} s an account; faces {faces_s:.1f} s "
          f"({100 * faces_s / total:.0f}%), crawl {crawl_s:.1f} s; photos of the reader found {len(found)} "
          f"of {expected} ({len(thumbnails)} thumbnails), {os.cpu_count()} cores")


def _name(index):
    from tests.helpers.school_site import GROUPS, OTHERS, READER

    names = [*READER, *OTHERS, *GROUPS]
    return names[index % len(names)]


@functools.lru_cache(maxsize=None)
def _picture(name):
    from PIL import Image

    from tests.helpers.school_site import photo

    image = Image.open(io.BytesIO(photo(name))).convert("RGB")
    image.thumbnail((round(SIDE_PX * 0.7), round(SIDE_PX * 0.7)))
    return image


def _photo(index):
    """Photo `index`: its fixture picture on a background of its own, so every post is a different
    picture (the crawler drops the same picture seen twice)."""
    import random

    from PIL import Image

    rng = random.Random(index)
    blocks = Image.new("RGB", (6, 6))
    blocks.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(36)])
    canvas = blocks.resize((SIDE_PX, SIDE_PX), Image.NEAREST)
    picture = _picture(_name(index))
    canvas.paste(picture, (rng.randrange(SIDE_PX - picture.width + 1), rng.randrange(SIDE_PX - picture.height + 1)))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=88)
    return out.getvalue()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) == 2 and parts[0] == "account":
            account = int(parts[1])
            photos = "".join(f'<article><img src="/photo/{account * PHOTOS + j}.jpg" alt="post"></article>'
                             for j in range(PHOTOS))
            return self._send("text/html; charset=utf-8",
                              f"<!doctype html><title>Club {account}</title><h1>Club {account}</h1>{photos}".encode())
        if len(parts) == 2 and parts[0] == "photo":
            return self._send("image/jpeg", _photo(int(parts[1].split(".")[0])))
        self.send_error(404)

    def _send(self, kind, body):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    main()
