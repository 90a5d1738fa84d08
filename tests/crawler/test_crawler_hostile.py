"""Hostile pages end within their limits, with the right status and whatever was visible."""
import time

import pytest

from crawler import Crawler, Limits
from tests.helpers.sites import image_paths as found

LIMITS = Limits(page_timeout_s=3, profile_timeout_s=12, image_timeout_s=2, scroll_rounds=6, max_images=10,
                max_image_bytes=2_000_000, settle_ms=300, hang_grace_s=3)


@pytest.fixture(scope="module")
def hostile():
    with Crawler(limits=LIMITS) as crawler:
        yield crawler


def crawl_timed(crawler, url):
    start = time.monotonic()
    result = crawler.crawl(url)
    return result, time.monotonic() - start


@pytest.mark.slow
def test_page_that_never_finishes_loading(hostile, site, allow_private):
    result, took = crawl_timed(hostile, site + "/never")
    assert result["status"] == "error" and "time limit" in result["message"]
    assert found(result, site) == {"/img/biden/slow.jpg"}  # what arrived is still what a stranger sees
    assert took < LIMITS.profile_timeout_s + 5


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/loop", "/redirect/12"])
def test_redirect_loops_and_long_chains(hostile, site, allow_private, path):
    result, _ = crawl_timed(hostile, site + path)
    assert (result["status"], result["message"]) == ("error", "too many redirects")


@pytest.mark.slow
def test_short_redirect_chain_is_followed(hostile, site, allow_private):
    result, _ = crawl_timed(hostile, site + "/redirect/3")
    assert result["status"] == "ok" and "/img/obama/obama.jpg" in found(result, site)


@pytest.mark.slow
def test_endless_feed_stops_at_the_image_limit(hostile, site, allow_private):
    result, took = crawl_timed(hostile, site + "/site/hostile/endless/")
    assert result["status"] == "ok"
    assert len(result["images"]) == LIMITS.max_images
    assert all(url.startswith("/gen/") for url in found(result, site))
    assert took < LIMITS.profile_timeout_s + 5


@pytest.mark.slow
def test_dripping_huge_tiny_and_duplicate_images_are_dropped(hostile, site, allow_private):
    result, took = crawl_timed(hostile, site + "/site/hostile/images/")
    assert result["status"] == "ok"
    assert found(result, site) == {"/img/biden/good.jpg"}
    assert took < LIMITS.profile_timeout_s + 5


@pytest.mark.slow
def test_huge_dom(hostile, site, allow_private):
    result, took = crawl_timed(hostile, site + "/site/hostile/hugedom/")
    assert found(result, site) == {"/img/obama/top.jpg"}
    assert took < LIMITS.profile_timeout_s + 5


@pytest.mark.slow
def test_busy_looping_page_is_ended_and_the_crawler_recovers(hostile, site, allow_private):
    result, took = crawl_timed(hostile, site + "/site/hostile/busy/")
    assert result["status"] == "error"
    assert took < LIMITS.profile_timeout_s + LIMITS.hang_grace_s + 5
    again = hostile.crawl(site + "/site/blog/")
    assert again["status"] == "ok" and len(again["images"]) == 4


@pytest.mark.slow
@pytest.mark.parametrize("code, status", [(404, "not_found"), (410, "not_found"), (401, "login_wall"),
                                          (429, "blocked"), (500, "error")])
def test_http_status_pages(hostile, site, allow_private, code, status):
    assert hostile.crawl(site + "/status/%d" % code)["status"] == status
