"""URL forms the backend must refuse, shared by the crawler and the API tests (issue 7: at least 60).

`{p}` is a port to fill in: a loopback canary's, so that a form that slips through shows up
as a connection. DIRECT are refused as they are; REDIRECT_TARGETS are where a public page
redirects to (the crawler test starts them on a fixture server it treats as public).
"""
import contextlib
import socket
import socketserver
import threading

DIRECT = [
    "http://127.0.0.1:{p}/", "https://127.0.0.1:{p}/", "HTTP://127.0.0.1:{p}/", "http://localhost:{p}/",
    "http://LOCALHOST:{p}/", "http://localhost.:{p}/", "http://sub.localhost:{p}/", "http://127.0.0.1.:{p}/",
    "http://2130706433:{p}/", "http://0x7f000001:{p}/", "http://0x7F.0.0.1:{p}/", "http://0177.0.0.1:{p}/",
    "http://017700000001:{p}/", "http://0177.1:{p}/", "http://127.1:{p}/", "http://127.0.1:{p}/",
    "http://0x7f.1:{p}/", "http://0:{p}/", "http://0.0.0.0:{p}/", "http://[::1]:{p}/",
    "http://[0:0:0:0:0:0:0:1]:{p}/", "http://[::ffff:127.0.0.1]:{p}/", "http://[::ffff:7f00:1]:{p}/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]:{p}/", "http://[64:ff9b::127.0.0.1]:{p}/", "http://[64:ff9b::7f00:1]:{p}/",
    "http://[2002:7f00:1::]:{p}/", "http://[::127.0.0.1]:{p}/", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:{p}/",
    "http://[fe80::1%25lo]:{p}/", "http://user:pw@127.0.0.1:{p}/", "http://127.0.0.1:{p}@localhost:{p}/",
    "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/", "http://100.64.0.1/", "http://100.100.100.200/", "http://metadata.google.internal/",
    "http://0xa9fea9fe/", "http://2852039166/", "http://0251.0376.0251.0376/", "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:a9fe:a9fe]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://224.0.0.1/",
    "http://255.255.255.255/", "http://240.0.0.1/", "http://198.18.0.1/", "http://192.0.0.170/", "http://[ff02::1]/",
    "http://[::]/", "http://1.2.3.4.5/", "http://256.1.1.1/",
    "file:///etc/passwd", "ftp://127.0.0.1:{p}/", "gopher://127.0.0.1:{p}/", "javascript:alert(1)",
    "data:text/html,<h1>x</h1>", "ws://127.0.0.1:{p}/", "view-source:http://127.0.0.1:{p}/", "chrome://settings",
    "about:blank", "blob:http://127.0.0.1:{p}/x", "http://127.0.0.1:{p}\\@example.com/",
]
REDIRECT_TARGETS = [
    "http://127.0.0.1:{p}/", "https://127.0.0.1:{p}/", "http://localhost:{p}/", "http://2130706433:{p}/",
    "http://0x7f000001:{p}/", "http://0177.0.0.1:{p}/", "http://127.1:{p}/", "http://0:{p}/", "http://[::1]:{p}/",
    "http://[::ffff:127.0.0.1]:{p}/", "http://[::ffff:7f00:1]:{p}/", "//127.0.0.1:{p}/",
    "/to?url=http%3A%2F%2F127.0.0.1%3A{p}%2Ftwo-hops",
]


class Canary(socketserver.ThreadingTCPServer):
    """A loopback server that counts every connection made to it (in `Canary.connections`)."""

    daemon_threads = True
    allow_reuse_address = True
    connections = 0

    def get_request(self):
        request = super().get_request()
        type(self).connections += 1
        return request


class _Silent(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.close()


class _Canary6(Canary):
    address_family = socket.AF_INET6


@contextlib.contextmanager
def loopback_canary():
    """A canary on 127.0.0.1 and [::1] (same port); yields the port to put in the URL forms."""
    servers = [Canary(("127.0.0.1", 0), _Silent)]
    try:
        servers.append(_Canary6(("::1", servers[0].server_address[1]), _Silent))
    except OSError:
        pass  # no IPv6 loopback here; the v6 spellings are still refused by the guard
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield servers[0].server_address[1]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
