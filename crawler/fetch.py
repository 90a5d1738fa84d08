"""Downloading one image under the guard: every redirect hop checked, bytes capped, a total deadline.

The connection goes to the address the guard approved (no second DNS lookup),
and the body is read in chunks against both the byte cap and a deadline, so an
image that drips a byte at a time ends on time.
"""
import http.client
import socket
import ssl
import threading
import time
from urllib.parse import urljoin, urlsplit

from . import netguard

CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """An image that could not be fetched within the limits; the message is plain words."""


class Budget:
    """Bytes of images one audit may hold in memory, shared by every download of the audit.

    Checked as each chunk arrives, not after the crawl: an audit of a page with 60 different
    15 MB photos held 985 MB before a budget applied after the crawl could drop any of them.
    """

    def __init__(self, total):
        self.total, self.used = total, 0
        self._lock = threading.Lock()

    @property
    def exhausted(self):
        return self.used >= self.total

    def take(self, size):
        """Reserve `size` bytes; False (nothing reserved) when that would pass the budget."""
        with self._lock:
            if self.used + size > self.total:
                return False
            self.used += size
            return True

    def give_back(self, size):
        with self._lock:
            self.used = max(0, self.used - size)


def fetch_image(url, max_bytes, deadline, max_redirects=10, headers=None, budget=None):
    """GET `url` following at most `max_redirects` guarded redirects before `deadline` (time.monotonic()).

    Returns {"url", "data", "content_type"}. Raises BlockedURL for a refused hop
    and FetchError for anything else. With a `budget`, the bytes kept are taken from it
    as they arrive (the caller gives them back if it drops the image).
    """
    if budget is not None and budget.exhausted:
        raise FetchError("the audit's memory for images is used up")
    for _ in range(max_redirects + 1):
        status, response_headers, body_reader = _request(url, deadline, headers or {})
        if status in REDIRECTS and response_headers.get("location"):
            body_reader.close()
            url = urljoin(url, response_headers["location"])
            continue
        try:
            if status != 200:
                raise FetchError(f"the image answered HTTP {status}")
            declared = response_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError("the image is larger than the limit")
            data = _read_capped(body_reader, max_bytes, deadline, budget)
        finally:
            body_reader.close()
        content_type = response_headers.get("content-type")
        return {"url": url, "data": data, "content_type": content_type.split(";")[0].strip() if content_type else None}
    raise FetchError("too many redirects")


def _request(url, deadline, headers):
    host, port = netguard.split_url(url)
    addresses = netguard.resolve_host(host, port)
    parts = urlsplit(url)
    path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    connection = _PinnedConnection(parts.scheme, host, port, addresses, _remaining(deadline))
    # A watchdog ends the connection at the deadline even while headers drip in.
    watchdog = threading.Timer(_remaining(deadline), connection.abort)
    watchdog.daemon = True
    watchdog.start()
    connection.watchdog = watchdog
    try:
        connection.request("GET", path, headers={"Accept": "image/avif,image/webp,image/*,*/*;q=0.5", **headers})
        response = connection.getresponse()
    except (OSError, http.client.HTTPException) as error:
        watchdog.cancel()
        connection.close()
        raise FetchError(f"the image could not be downloaded ({type(error).__name__})") from None
    return response.status, {k.lower(): v for k, v in response.getheaders()}, _Body(connection, response)


def _read_capped(body, max_bytes, deadline, budget=None):
    chunks = []
    try:
        data = _read_chunks(body, max_bytes, deadline, budget, chunks)
    except FetchError:
        if budget is not None:
            budget.give_back(sum(map(len, chunks)))
        raise
    return data


def _read_chunks(body, max_bytes, deadline, budget, chunks):
    size = 0
    while True:
        body.connection.pinned_sock.settimeout(_remaining(deadline))
        try:
            chunk = body.response.read1(CHUNK) if hasattr(body.response, "read1") else body.response.read(CHUNK)
        except (OSError, http.client.HTTPException):
            raise FetchError("the image download was too slow or broke off") from None
        if not chunk:
            _remaining(deadline)  # an end forced by the watchdog is a failure, not a short image
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError("the image is larger than the limit")
        if budget is not None and not budget.take(len(chunk)):
            raise FetchError("the audit's memory for images is used up")
        chunks.append(chunk)


def _remaining(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("the image download was too slow")
    return left


class _Body:
    def __init__(self, connection, response):
        self.connection = connection
        self.response = response

    def close(self):
        self.connection.watchdog.cancel()
        self.connection.close()


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to an address the guard approved, speaking to `host` by name."""

    def __init__(self, scheme, host, port, addresses, timeout):
        super().__init__(host, port, timeout=timeout)
        self._scheme = scheme
        self._addresses = addresses

    def connect(self):
        error = None
        for address in self._addresses:
            try:
                self.sock = socket.create_connection((address, self.port), self.timeout)
                break
            except OSError as failure:
                error = failure
        else:
            raise error or OSError("no address")
        if self._scheme == "https":
            context = ssl.create_default_context()
            self.sock = context.wrap_socket(self.sock, server_hostname=self.host)
        # http.client drops self.sock once a response owns it; reads and the watchdog still need it.
        self.pinned_sock = self.sock

    def abort(self):
        """Shut the socket down from another thread so a blocked read returns at once."""
        sock = getattr(self, "pinned_sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
