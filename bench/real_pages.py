"""Crawler on pages that follow real logged-out pages: the owner's photos, each once, and nothing else.

`python -m bench.real_pages` prints the table in crawler/README.md: for each
fixture of tests/crawler/real/ (served locally under its real host name), the
state, the owner's photos found of those the page holds, the pictures of other
accounts and of the site left out, duplicates and strays; then the totals
against the targets (owner's photos >= 0.95; others, chrome and duplicates
returned <= 5% of the owner's photos).
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    """Crawl every real-structure fixture once and print the table."""
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "crawler")]
    from real_pages import PAGES as FILES
    from real_pages import REDIRECTS, serve_real_pages
    from test_crawler_real_pages import FAST, PAGES, tally

    from crawler import Crawler

    os.environ["EXPOSURE_ALLOW_PRIVATE_NETWORKS"] = "1"  # local fixtures, read under their real host names
    os.environ["EXPOSURE_TEST_HOST_MAP"] = "1"
    print("| fixture | platform | state (expected) | owner's photos found | others left out | chrome left out "
          "| duplicates | returned, not the owner's |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    totals = dict(found=0, expected=0, dups=0, strays=0, states=0)
    with serve_real_pages() as base, Crawler(limits=FAST) as crawler:
        for page in PAGES:
            result = crawler.crawl(base + page.path)
            counts, strays = tally(result, page)
            found = sum(1 for n in counts.values() if n)
            dups = sum(n - 1 for n in counts.values() if n > 1)
            left = result["other_images_left_out"]
            host, path = page.path.split("/", 3)[2], "/" + page.path.split("/", 3)[3]
            path = REDIRECTS.get((host, path), path).split("?")[0]  # where a logged-out visitor ends
            name = FILES.get((host, path), "?")
            print(f"| `{name}` | {result['platform']} | {result['status']} ({page.status}) | {found}/{len(page.owner)} "
                  f"| {left['other_accounts']} (expected {page.others}) | {left['site']} (expected {page.site}) "
                  f"| {dups} | {len(strays)} |")
            totals["found"] += found
            totals["expected"] += len(page.owner)
            totals["dups"] += dups
            totals["strays"] += len(strays)
            totals["states"] += result["status"] == page.status
    share = totals["found"] / totals["expected"]
    wrong = (totals["dups"] + totals["strays"]) / totals["expected"]
    print(f"\nstates right {totals['states']}/{len(PAGES)}; owner's photos found {totals['found']}/{totals['expected']} "
          f"({share:.2f}); others, chrome and duplicates returned {totals['dups'] + totals['strays']} "
          f"({wrong:.1%} of the owner's photos)")


if __name__ == "__main__":
    main()
