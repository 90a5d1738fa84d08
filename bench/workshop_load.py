"""A class of students starting audits within the same minute, against the real server.

    .venv/bin/python -m bench.workshop_load [--students 30] [--phones 15] [--poll 1.0]

Starts `python -m backend serve` on a free loopback port over a fresh data folder, a
local class site (one small profile page per student, fixture photos), creates a
workshop with `python -m backend workshop create` (the join link names the server's
real port, read from what `serve` recorded). Half the class (--phones) joins the way a
phone does: the join link in a real Chromium at 375 px, "check from this page", the
join code, a profile link, consent, start, and the page's own polling. The other half
takes the extension's path: the same API calls the extension's service worker makes.
Every student starts at the same moment. Prints the total time, the median and the
longest time from start to finish, the longest queue anyone was shown, whether every
student saw their place in the queue only go down, 5xx answers, and the peak memory of
the server with its browsers and workers. Nothing leaves 127.0.0.1.
"""
import argparse
import sys

from tests.helpers.class_run import run_class


def main(argv=None):
    """Run the class once and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--phones", type=int, help="students on the phone page (default: half the class)")
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between a student's status checks")
    parser.add_argument("--workers", type=int, help="EXPOSURE_AUDIT_WORKERS for the server (default: its own)")
    parser.add_argument("--time-limit", type=float, default=900)
    args = parser.parse_args(argv)
    figures = run_class(args.students, args.poll, args.time_limit, workers=args.workers, phones=args.phones)
    done = figures["statuses"].count("done")
    went_up = [p for p in figures["positions"] if any(b > a for a, b in zip(p, p[1:]))]
    never_up = not went_up
    print(f"students: {figures['students']} ({figures['phones']} on the phone page in Chromium, "
          f"{figures['students'] - figures['phones']} on the extension's API path)")
    print(f"audits done: {done}/{figures['students']}  "
          f"photos graded: {sum(n or 0 for n in figures['photos'])}")
    print(f"total time: {figures['total_s']} s  (the audits started within {figures['start_spread_s']} s of each other)")
    print(f"time to finish: median {figures['median_finish_s']} s, max {figures['max_finish_s']} s")
    print(f"longest queue shown: {figures['max_queue_position']} audits ahead; "
          f"positions only went down: {never_up}")
    for positions in went_up:
        print(f"  went up: {positions}")
    print(f"requests: {figures['requests']}  5xx: {figures['http_errors'] or 'none'}  "
          f"'database is locked' in the log: {figures['database_locked']}")
    print(f"peak memory of the server and its children: PSS {figures['peak_memory_mb']['pss']} MB "
          f"(summed RSS {figures['peak_memory_mb']['rss']} MB)")
    return 0 if done == figures["students"] else 1


if __name__ == "__main__":
    sys.exit(main())
