"""A hostile page of 60 different 14.9 MB photos: the whole audit stays in bounded memory (#15 finding 1).

Before, one such audit took the server process to 985 MB, a Chromium renderer to 1.0 GB and
the process tree to 3.4 GB, and the idle server stayed at 1.5 GB afterwards: the 400 MB image
budget was applied only after the crawl. Real server, real Chromium, real analysis workers;
the audit and its measurement are tests/helpers/hostile_photos.py, shared with
`python -m bench.crawl_memory`.
"""
import pytest

from tests.helpers.hostile_photos import PHOTO_BYTES, audit_hostile_page, describe

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

MB = 1024 ** 2
TREE_BOUND = 1200 * MB  # what the review asked of the whole tree: server, Chromium, analysis workers
SERVER_BOUND = 700 * MB


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    measured = audit_hostile_page(tmp_path_factory.mktemp("crawl-memory"))
    print("\n" + describe(measured))
    return measured


def test_the_audit_keeps_to_its_image_budget(figures):
    assert abs(figures["photo_bytes"] - PHOTO_BYTES) < 1_000_000, figures["photo_bytes"]
    assert figures["audit"]["status"] == "done", figures["audit"]
    # The 400 MB budget holds 26-28 of these photos; the others are never downloaded into the server.
    assert 0 < len(figures["audit"]["photos"]) <= 400 * MB // figures["photo_bytes"]


def test_the_whole_process_tree_stays_under_1_2_gb(figures):
    # Before: 1.48 GB while the page was open (its renderer held every photo's bytes, 1.0 GB) and
    # 1.55 GB while grading (the server held every photo to the end, each worker its largest one).
    assert figures["tree_peak_pss"] < TREE_BOUND, describe(figures)


def test_the_server_process_keeps_to_its_bound_and_hands_memory_back(figures):
    # Before: the server process alone peaked at 985 MB with all 60 photos downloaded, and stayed
    # at 1.5 GB when idle. The budget plus the interpreter, Flask and Playwright's client is less.
    assert figures["server_peak"] < SERVER_BOUND, describe(figures)
    assert figures["server_after"] < figures["server_peak"], "memory was not handed back after the audit"
