"""The memory of one audit of a hostile page: 60 different 14.9 MB photos (#15 finding 1).

    .venv/bin/python -m bench.crawl_memory [--runs 1]

Starts `python -m backend serve` over a fresh data folder and audits a local page of 60
large photos, sampling the server's process tree (server, Chromium, analysis workers)
every 0.2 s. Prints the tree's peak PSS (what the tree really holds: shared pages split
between the processes that share them), who held it at the peak, and the server's own
peak. The same audit and measurement as tests/safety/test_safety_crawl_memory.py.
"""
import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.hostile_photos import audit_hostile_page, describe  # noqa: E402 - the root is on the path now


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv if argv is not None else [])
    peaks = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            figures = audit_hostile_page(folder)
        peaks.append(figures["tree_peak_pss"])
        print(f"run {run + 1}: {describe(figures)}")
    print(f"whole tree, peak PSS: median {statistics.median(peaks) / 1024 ** 2:.0f} MB over {len(peaks)} run(s)")


if __name__ == "__main__":
    main(sys.argv[1:])
