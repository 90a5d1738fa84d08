"""Large images reach the page as stand-ins of the same size: the renderer never holds their bytes.

The crawler reads only each image's layout and natural size from the page and downloads
the photos itself afterwards (fetch.py). Chromium's renderer keeps the encoded bytes of
every image a page has loaded, painted or not: a page of 60 different 15 MB photos held
1.0 GB in one renderer while it was open. So each image response is stopped once its
headers arrive (the DevTools Fetch domain, at the response stage): a small one goes on
unchanged while the page's small images stay under PAGE_BYTES; any other is answered with
an SVG of the same natural size, read from the first bytes of its body, and the rest of
the body is never read. Layout, `naturalWidth`, load events and lazy loaders see what they
would have seen. The time spent reading headers is bounded per image and per page, so a
page that drips its images cannot hold the crawl: past that, or when no size can be read,
the stand-in has no size of its own, and the crawler measures the photo when it downloads
it. (A body that stops arriving keeps only its own image waiting, as it would without
stand-ins: each paused request is handled on its own, and the crawl goes on.)
"""
import base64
import io
import logging
import time

from PIL import Image
from playwright.sync_api import Error as PlaywrightError

log = logging.getLogger(__name__)

SMALL_IMAGE = 512 * 1024       # a profile's thumbnails are 20-300 KB: they load as they are
PAGE_BYTES = 32 * 1024 * 1024  # small images the page may load as they are, all together
HEADER_BYTES = 256 * 1024      # how far into a body its size is looked for (JPEG APPn segments first)
READ_CHUNK = 64 * 1024
IMAGE_READ_S = 2.0             # the longest one image's header may take to arrive
PAGE_READ_S = 6.0              # ... and all of a page's headers together
ORIENTATION = 0x0112           # EXIF: orientations 5-8 are turned a quarter, which swaps the sides
PATTERNS = [{"urlPattern": "*", "resourceType": "Image", "requestStage": "Response"}]


class StandIns:
    """`StandIns(context, page).start()`; then `replaced` and `passed` count the page's images."""

    def __init__(self, context, page):
        self.context, self.page = context, page
        self.session = None
        self.loaded = 0          # bytes of small images let through
        self.reading_s = 0.0     # time spent reading headers
        self.replaced = self.passed = 0

    def start(self):
        """Intercept the page's image responses; False (the page loads images itself) if it cannot."""
        try:
            self.session = self.context.new_cdp_session(self.page)
            self.session.on("Fetch.requestPaused", self._paused)
            self.session.send("Fetch.enable", {"patterns": PATTERNS})
        except PlaywrightError:
            log.warning("image stand-ins are off for this page")
            return False
        return True

    def _paused(self, event):
        request_id = event["requestId"]
        if self._passes(event):
            self.passed += 1
            self._send_first(("Fetch.continueResponse", {"requestId": request_id}),
                             ("Fetch.continueRequest", {"requestId": request_id}))
            return
        size = self._read_size(request_id)
        self.replaced += 1
        self._send_first(("Fetch.fulfillRequest", {
            "requestId": request_id, "responseCode": 200,
            "responseHeaders": [{"name": "Content-Type", "value": "image/svg+xml"},
                                {"name": "Cache-Control", "value": "no-store"}],
            "body": base64.b64encode(svg(size)).decode()}),
            ("Fetch.failRequest", {"requestId": request_id, "errorReason": "Aborted"}))

    def _send_first(self, *calls):
        """Send the first of `calls` the browser accepts: a paused request left alone would hang."""
        for method, params in calls:
            try:
                self.session.send(method, params)
                return
            except PlaywrightError:
                continue  # the request or the page has gone, or the browser wants the next way

    def _passes(self, event):
        """True for a response that goes on as it is: no body to speak of, or a small image within the page's share."""
        status = event.get("responseStatusCode") or 0
        if event.get("responseErrorReason") or not 200 <= status < 300:
            return True
        length = _content_length(event.get("responseHeaders") or [])
        if length is not None and length <= SMALL_IMAGE and self.loaded + length <= PAGE_BYTES:
            self.loaded += length
            return True
        return False

    def _read_size(self, request_id):
        """(width, height) as the browser would show it, from the body's first bytes; None if not found in time."""
        start = time.monotonic()
        end = start + max(0.0, min(IMAGE_READ_S, PAGE_READ_S - self.reading_s))
        head, size = b"", None
        try:
            if time.monotonic() >= end:
                return None
            stream = self.session.send("Fetch.takeResponseBodyAsStream", {"requestId": request_id})["stream"]
            try:
                while size is None and len(head) < HEADER_BYTES and time.monotonic() < end:
                    chunk = self.session.send("IO.read", {"handle": stream, "size": READ_CHUNK})
                    data = chunk.get("data", "")
                    head += base64.b64decode(data) if chunk.get("base64Encoded") else data.encode("latin-1")
                    size = image_size(head)
                    if chunk.get("eof"):
                        break
            finally:
                self.session.send("IO.close", {"handle": stream})
        except PlaywrightError:
            pass  # the body failed or the page is closing: the stand-in has no size
        finally:
            self.reading_s += time.monotonic() - start
        return size


def image_size(head):
    """(width, height) of the image whose first bytes are `head`, EXIF orientation applied, or None."""
    try:
        with Image.open(io.BytesIO(head)) as image:
            width, height = image.size
            try:
                turned = image.getexif().get(ORIENTATION) in (5, 6, 7, 8)
            except Exception:  # noqa: BLE001 - EXIF cut short by `head`: read as unturned
                turned = False
    except Exception:  # noqa: BLE001 - not enough bytes yet, or no image Pillow knows
        return None
    return (height, width) if turned else (width, height)


def svg(size):
    """An empty SVG of `size` (width, height). Without one it has no size of its own, and the page
    lays it out at the default 300 x 150: a photo whose header came too slowly must not look
    like a 1 px decoration, or the crawl would drop it; the crawler measures what it downloads."""
    if size is None:
        return b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{size[0]}" height="{size[1]}"/>'.encode()


def _content_length(headers):
    for header in headers:
        if header.get("name", "").lower() == "content-length":
            value = header.get("value", "").strip()
            return int(value) if value.isdigit() else None
    return None
