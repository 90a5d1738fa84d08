"""The network guard end to end: refused URLs and redirect tricks never reach a loopback canary.

The allow flag is OFF here. A canary server on 127.0.0.1 (and ::1) counts every
connection; after each crawl it must have seen none. Redirect tricks start on a
fixture server at 127.0.0.2, which only these tests treat as public.
"""
from urllib.parse import quote

import pytest

from crawler import BlockedURL, Crawler, Limits, check_url, netguard
from crawler.fetch import fetch_image
from tests.helpers.blocked_urls import DIRECT, REDIRECT_TARGETS, loopback_canary
from tests.helpers.blocked_urls import Canary as _Canary
from tests.helpers.sites import serve_sites


@pytest.fixture(scope="module")
def canary():
    with loopback_canary() as port:
        yield port


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
