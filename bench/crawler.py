"""Crawler benchmark: a local profile with 50 photos, lazy loading and infinite scroll.

`python -m bench` (or `python -m bench.crawler`). Prints the median and spread
of the time one crawl takes, with a warm browser (one Crawler, as a worker
uses it) and cold (a new browser each time, as crawl_profile does).
"""
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5


def main():
    """Run the benchmark and print its figures."""
    sys.path.insert(0, str(ROOT))
    from crawler import Crawler, Limits, crawl_profile
    from tests.helpers.sites import serve_sites

    os.environ["EXPOSURE_ALLOW_PRIVATE_NETWORKS"] = "1"  # the profile is a local fixture site
    limits = Limits()
    with serve_sites() as base:
        url = base + "/site/bench/"
        with Crawler(limits=limits) as crawler:
            crawler.crawl(url)  # first launch of the browser is not part of a profile's time
            warm = [_timed(lambda: crawler.crawl(url)) for _ in range(RUNS)]
        cold = [_timed(lambda: crawl_profile(url, limits=limits)) for _ in range(2)]
    _report("warm browser", warm)
    _report("new browser", cold)


def _timed(crawl):
    start = time.perf_counter()
    result = crawl()
    return time.perf_counter() - start, len(result["images"]), result["status"]


def _report(label, runs):
    seconds = [s for s, _, _ in runs]
    photos = sorted({n for _, n, _ in runs})
    statuses = sorted({s for _, _, s in runs})
    print(f"crawler, 50-photo profile ({label}): median {statistics.median(seconds):.2f} s, "
          f"min {min(seconds):.2f} s, max {max(seconds):.2f} s over {len(runs)} runs; "
          f"photos found {photos}, status {statuses}")


if __name__ == "__main__":
    main()
