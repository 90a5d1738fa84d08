"""Fixtures for the crawler tests: the local fixture sites and one shared Crawler."""
import pytest

from crawler import Crawler
from tests.helpers.crawl_limits import FAST, REAL_FAST
from tests.helpers.real_pages import serve_real_pages
from tests.helpers.sites import serve_sites


@pytest.fixture(scope="session")
def site():
    with serve_sites() as base:
        yield base


@pytest.fixture
def allow_private(monkeypatch):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")


@pytest.fixture(scope="module")
def crawler():
    with Crawler(limits=FAST) as shared:
        yield shared


# The fixture pages that follow real pages (tests/crawler/real/), served under their real host names.
@pytest.fixture(scope="module")
def real_site():
    with serve_real_pages() as base:
        yield base


@pytest.fixture
def host_map(monkeypatch):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("EXPOSURE_TEST_HOST_MAP", "1")


@pytest.fixture(scope="module")
def real_crawler():
    with Crawler(limits=REAL_FAST) as shared:
        yield shared
