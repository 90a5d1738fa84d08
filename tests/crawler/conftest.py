"""Fixtures for the crawler tests: the local fixture sites and one shared Crawler."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # real_pages.py
from real_pages import serve_real_pages
from sites import serve_sites

from crawler import Crawler, Limits

FAST = Limits(page_timeout_s=8, profile_timeout_s=30, image_timeout_s=5, scroll_rounds=8, settle_ms=300)


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
    from test_crawler_real_pages import FAST as REAL_FAST
    with Crawler(limits=REAL_FAST) as shared:
        yield shared
