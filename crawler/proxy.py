"""A local forward proxy that every browser connection goes through.

Chromium follows redirects, preconnects and opens tunnels without asking
Playwright's route handler, so route interception alone cannot guard every hop.
The browser is launched with this proxy (loopback included), and the proxy
applies the network guard to each connection: it resolves the host once, refuses
any non-public address, and connects to the very address it checked, so a DNS
answer cannot change between the check and the connection.
"""
import collections
import logging
import selectors
import socket
import socketserver
import threading
from urllib.parse import urlsplit

from . import netguard

log = logging.getLogger(__name__)

MAX_HEAD = 64 * 1024
MAX_HOSTS_KEPT = 1000
# Headers that describe one hop only; the proxy sets its own.
HOP_HEADERS = {b"connection", b"proxy-connection", b"keep-alive", b"proxy-authorization", b"upgrade"}
REFUSED = (b"HTTP/1.1 403 Forbidden\r\nX-Exposure-Guard: refused\r\nContent-Type: text/plain\r\n"
           b"Content-Length: 7\r\nConnection: close\r\n\r\nrefused")
BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class GuardProxy:
    """The guarded proxy on 127.0.0.1; `refused` counts connections it turned away.

    `hosts` counts the connections asked for per "host:port", refused or not: what the
    browser tried to reach (kept in memory for tests and the benchmark, never logged).
    """

    def __init__(self, idle_timeout_s=30.0):
        self.idle_timeout_s = idle_timeout_s
        self.refused = 0
        self.hosts = collections.Counter()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.proxy = self
        self._thread = None

    @property
    def url(self):
        """The proxy's address for Chromium's proxy settings."""
        return "http://127.0.0.1:%d" % self._server.server_address[1]

    def start(self):
        """Serve in a daemon thread; returns self."""
        self._thread = threading.Thread(target=self._server.serve_forever, name="guard-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and close the listening socket."""
        self._server.shutdown()
        self._server.server_close()

    def count_request(self, host, port):
        with self._lock:
            if len(self.hosts) < MAX_HOSTS_KEPT or f"{host}:{port}" in self.hosts:
                self.hosts[f"{host}:{port}"] += 1

    def count_refusal(self, reason):
        with self._lock:
            self.refused += 1
        log.debug("guard refused a connection")  # the reason may name a host: kept out of logs


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        proxy = self.server.proxy
        client = self.request
        client.settimeout(proxy.idle_timeout_s)
        try:
            head, rest = _read_head(client)
        except (OSError, ValueError):
            return
        method, target, version, headers = _parse_request(head)
        if method is None:
            client.sendall(BAD_GATEWAY)
            return
        if method == b"CONNECT":
            self._tunnel(client, target.decode("latin-1"), rest)
        else:
            self._forward(client, method, target.decode("latin-1"), version, headers, rest)

    def _tunnel(self, client, target, rest):
        upstream = self._connect(client, "https://%s/" % target)
        if upstream is None:
            return
        client.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        if rest:
            upstream.sendall(rest)
        _relay(client, upstream, self.server.proxy.idle_timeout_s)

    def _forward(self, client, method, target, version, headers, rest):
        parts = urlsplit(target)
        if parts.scheme != "http":
            self.server.proxy.count_refusal("not plain http through the proxy")
            client.sendall(REFUSED)
            return
        upstream = self._connect(client, target)
        if upstream is None:
            return
        path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        lines = [b"%s %s %s" % (method, path.encode("latin-1"), version)]
        lines += [h for h in headers if h.split(b":", 1)[0].strip().lower() not in HOP_HEADERS]
        lines.append(b"Connection: close")
        upstream.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + rest)
        _relay(client, upstream, self.server.proxy.idle_timeout_s, rewrite_response=True)

    def _connect(self, client, url):
        """Check `url`'s host and connect to one of the addresses that passed, or answer the client."""
        proxy = self.server.proxy
        try:
            host, port = netguard.split_url(url)
            proxy.count_request(host, port)
            addresses = netguard.resolve_host(host, port)
        except netguard.BlockedURL as refused:
            proxy.count_refusal(refused.reason)
            client.sendall(REFUSED)
            return None
        for address in addresses:
            try:
                return socket.create_connection((address, port), timeout=proxy.idle_timeout_s)
            except OSError:
                continue
        client.sendall(BAD_GATEWAY)
        return None


def _read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(8192)
        if not chunk:
            raise ValueError("connection closed before the request head")
        data += chunk
        if len(data) > MAX_HEAD:
            raise ValueError("request head too large")
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _parse_request(head):
    lines = head.split(b"\r\n")
    fields = lines[0].split(b" ")
    if len(fields) != 3:
        return None, None, None, None
    return fields[0].upper(), fields[1], fields[2], lines[1:]


def _close_response_head(data):
    """Make the response head say the connection closes after it, so Chromium never reuses it."""
    head, sep, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    kept = [lines[0]] + [h for h in lines[1:] if h.split(b":", 1)[0].strip().lower() not in HOP_HEADERS]
    kept.append(b"Connection: close")
    return b"\r\n".join(kept) + sep + body


def _relay(client, upstream, idle_timeout_s, rewrite_response=False):
    """Copy bytes both ways until one side closes or nothing moves for `idle_timeout_s`."""
    selector = selectors.DefaultSelector()
    selector.register(client, selectors.EVENT_READ, upstream)
    selector.register(upstream, selectors.EVENT_READ, client)
    pending_head = b"" if rewrite_response else None
    try:
        while True:
            events = selector.select(timeout=idle_timeout_s)
            if not events:
                return
            for key, _ in events:
                chunk = key.fileobj.recv(65536)
                if not chunk:
                    return
                if key.fileobj is upstream and pending_head is not None:
                    pending_head += chunk
                    if b"\r\n\r\n" not in pending_head and len(pending_head) < MAX_HEAD:
                        continue
                    chunk, pending_head = _close_response_head(pending_head), None
                key.data.sendall(chunk)
    except OSError:
        return
    finally:
        selector.close()
        upstream.close()
