"""A crawl contacts only the page it was asked to visit and its resources (#15 finding 11).

Before, the crawl browser reached accounts.google.com, update.googleapis.com,
clients2.google.com and optimizationguide-pa.googleapis.com during every crawl. The guarded
proxy sees every connection the browser asks for, refused or not: its record is the test.
"""
import time
from urllib.parse import urlsplit

import pytest

from crawler import Crawler
from tests.helpers.crawl_limits import FAST

pytestmark = pytest.mark.slow

BACKGROUND_WAIT_S = 6  # the services fired within the first seconds of a browser's life


def test_a_crawl_asks_for_nothing_but_the_site(site, allow_private):
    with Crawler(limits=FAST) as crawler:  # a fresh browser: its start is when the services fire
        result = crawler.crawl(site + "/site/blog/")
        time.sleep(BACKGROUND_WAIT_S)
        asked = dict(crawler.browser.proxy.hosts)
    assert result["status"] == "ok" and result["images"]
    site_host = urlsplit(site).netloc
    assert set(asked) == {site_host}, f"the browser asked for other hosts: {sorted(set(asked) - {site_host})}"
