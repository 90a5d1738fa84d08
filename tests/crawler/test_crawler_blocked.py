"""The network guard end to end: refused URLs and redirect tricks never reach a loopback canary.

The allow flag is OFF here. A canary server on 127.0.0.1 (and ::1) counts every
connection; after each crawl it must have seen none. Redirect tricks start on a
fixture server at 127.0.0.2, which only these tests treat as public.
"""
import socket
import socketserver
import threading
from urllib.parse import quote

import pytest
from sites import serve_sites

from crawler import BlockedURL, Crawler, Limits, check_url, netguard
from crawler.fetch import fetch_image

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


class _Canary(socketserver.ThreadingTCPServer):
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


class _Canary6(_Canary):
    address_family = socket.AF_INET6


@pytest.fixture(scope="module")
def canary():
    """A loopback server on 127.0.0.1 and [::1] (same port) that counts connections."""
    servers = [_Canary(("127.0.0.1", 0), _Silent)]
    try:
        servers.append(_Canary6(("::1", servers[0].server_address[1]), _Silent))
    except OSError:
        pass  # no IPv6 loopback here; the v6 spellings are still refused by the guard
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield servers[0].server_address[1]
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def guarded():
    # Generous time: on a loaded machine a two-hop redirect through the proxy can take seconds,
    # and a navigation that times out reports "error", not the refusal behind it.
    with Crawler(limits=Limits(page_timeout_s=20, profile_timeout_s=30, scroll_rounds=2, settle_ms=200)) as crawler:
        yield crawler


@pytest.fixture
def public_redirector(monkeypatch):
    """A fixture server on 127.0.0.2 that the guard treats as public (the allow flag stays off)."""
    monkeypatch.delenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", raising=False)
    refusal = netguard.refusal
    monkeypatch.setattr(netguard, "refusal", lambda ip: None if str(ip) == "127.0.0.2" else refusal(ip))
    with serve_sites(host="127.0.0.2") as base:
        yield base


@pytest.fixture(autouse=True)
def flag_off(monkeypatch):
    monkeypatch.delenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", raising=False)


def test_the_lists_are_long_enough():
    assert len(DIRECT) + len(REDIRECT_TARGETS) + 2 >= 60


@pytest.mark.slow
@pytest.mark.parametrize("template", DIRECT)
def test_refused_url_never_connects(guarded, canary, template):
    url = template.format(p=canary)
    before = _Canary.connections
    result = guarded.crawl(url)
    assert result["status"] == "blocked", result["message"]
    assert result["images"] == []
    with pytest.raises(BlockedURL):
        check_url(url)
    assert _Canary.connections == before


@pytest.mark.slow
@pytest.mark.parametrize("template", REDIRECT_TARGETS)
def test_redirect_to_loopback_is_refused(guarded, canary, public_redirector, template):
    target = template.format(p=canary)
    before = _Canary.connections
    result = guarded.crawl(public_redirector + "/to?url=" + quote(target, safe=""))
    assert result["status"] == "blocked"
    with pytest.raises(BlockedURL):
        fetch_image(public_redirector + "/to?url=" + quote(target, safe=""), 1000, _soon())
    assert _Canary.connections == before


@pytest.mark.slow
def test_page_subrequests_to_loopback_are_refused(guarded, canary, public_redirector):
    before = _Canary.connections
    result = guarded.crawl(public_redirector + "/canary-page?port=%d" % canary)
    assert result["status"] in ("ok", "blocked")
    assert result["images"] == []
    assert _Canary.connections == before


@pytest.mark.slow
def test_public_redirector_itself_is_reachable(guarded, public_redirector):
    # The control: without this, the redirect tests could pass because nothing worked at all.
    result = guarded.crawl(public_redirector + "/site/blog/")
    assert result["status"] == "ok" and len(result["images"]) == 4


def _soon():
    import time
    return time.monotonic() + 5
