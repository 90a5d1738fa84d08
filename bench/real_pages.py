"""Crawler on pages that follow real logged-out pages: the owner's photos, each once, and nothing else.

`python -m bench.real_pages` prints the table in crawler/README.md: for each
fixture of tests/crawler/real/ (served locally under its real host name), the
state, the owner's photos found of those the page holds, other people's
pictures returned (a URL the page's `theirs` pattern marks as another
account's), junk returned (any other URL that is not the owner's), duplicates,
and what was left out: other accounts' pictures by reason, and the site's own.
Then the totals against the targets (owner's photos >= 0.95; other people's
pictures, junk and duplicates returned <= 5% of the owner's photos).
"""
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ("| fixture | platform | state (expected) | owner's photos found | other people's pictures returned "
          "| junk returned | duplicates | others left out, by reason (expected) | site's own left out (expected) |")


def main():
    """Crawl every real-structure fixture once and print the table."""
    sys.path.insert(0, str(ROOT))
    from test_crawler_around_owner import AROUND
    from test_crawler_real_pages import FAST, PAGES, tally

    from crawler import Crawler
    from tests.helpers.real_pages import PAGES as FILES
    from tests.helpers.real_pages import REDIRECTS, serve_real_pages

    os.environ["EXPOSURE_ALLOW_PRIVATE_NETWORKS"] = "1"  # local fixtures, read under their real host names
    os.environ["EXPOSURE_TEST_HOST_MAP"] = "1"
    print(HEADER)
    print("|" + " --- |" * HEADER.count(" | ") + " --- |")
    totals = dict(found=0, expected=0, dups=0, theirs=0, junk=0, states=0, others=0, others_expected=0)
    with serve_real_pages() as base, Crawler(limits=FAST) as crawler:
        for page in PAGES + AROUND:
            result = crawler.crawl(base + page.path)
            counts, strays = tally(result, page)
            theirs = [url for url in strays if page.theirs and re.search(page.theirs, url)]
            row = dict(found=sum(1 for n in counts.values() if n), expected=len(page.owner),
                       dups=sum(n - 1 for n in counts.values() if n > 1), theirs=len(theirs),
                       junk=len(strays) - len(theirs), states=int(result["status"] == page.status),
                       others=result["other_images_left_out"]["other_accounts"], others_expected=page.others)
            left = result["other_images_left_out"]
            print(f"| `{_file(FILES, REDIRECTS, page.path)}` | {result['platform']} | {result['status']} ({page.status}) "
                  f"| {row['found']}/{row['expected']} | {row['theirs']} | {row['junk']} | {row['dups']} "
                  f"| {left['other_accounts']}{_reasons(left.get('reasons'))} ({page.others}{_reasons(page.reasons)}) "
                  f"| {left['site']} ({page.site}) |")
            for key, value in row.items():
                totals[key] += value
    wrong = totals["theirs"] + totals["junk"] + totals["dups"]
    print(f"\nstates right {totals['states']}/{len(PAGES) + len(AROUND)}; owner's photos found "
          f"{totals['found']}/{totals['expected']} ({totals['found'] / totals['expected']:.2f}, target >= 0.95); "
          f"returned, not the owner's: other people's pictures {totals['theirs']}, junk {totals['junk']}, "
          f"duplicates {totals['dups']} ({wrong / totals['expected']:.1%} of the owner's photos, target <= 5%); "
          f"other accounts' pictures left out {totals['others']} (expected {totals['others_expected']})")


def _file(files, redirects, path):
    """The fixture file a page path is served from (after the redirect a logged-out visitor gets)."""
    host, rest = path.split("/", 3)[2], "/" + path.split("/", 3)[3]
    return files.get((host, redirects.get((host, rest), rest).split("?")[0]), "?")


def _reasons(reasons):
    return ": " + ", ".join(f"{name} {n}" for name, n in sorted(reasons.items())) if reasons else ""


if __name__ == "__main__":
    main()
