"""The server's memory while own-profile posts wait behind busy audits (#27 finding 5).

`python -m bench.own_profile_memory [--root DIR]` starts the real server (of this tree, or of
another checkout with --root, to compare), keeps both audit workers busy with two slow crawls
of a local site, then sends 40 own-profile posts from 2 tokens, each one photo as large as the
server's limits allow. It prints how many were accepted and the server process's peak PSS
(sampled every 0.2 s). Nothing leaves 127.0.0.1.
"""
import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import live_server  # noqa: E402
from tests.helpers.live import multipart, new_token  # noqa: E402
from tests.helpers.profile_site import ProfileSite  # noqa: E402

POSTS, TOKENS = 40, 2
PHOTO_BYTES = 14 * 1024 * 1024  # under the limits of main before #27 and of the server now


def measure(root):
    live_server.ROOT = root  # the checkout whose server runs
    with tempfile.TemporaryDirectory() as folder, ProfileSite(slow_delay_s=30) as site:
        server = live_server.LiveServer(Path(folder)).start()
        try:
            for _ in range(2):  # both audit workers busy for minutes
                status, _ = server.request("POST", "/api/v1/audits", {"profiles": [site.url("/slow-blog/")],
                                                                     "consent": "self"})
                assert status == 202
            tokens = [new_token(server) for _ in range(TOKENS)]
            photo = os.urandom(PHOTO_BYTES)
            content_type, body = multipart([("profile", "https://www.instagram.com/someone.own/"),
                                            ("consent", "self"), ("kind", "post_photo")], [("photo", photo)])
            statuses = []
            with live_server.PeakMemory(server.process.pid) as peak:
                for i in range(POSTS):
                    headers = {"Authorization": f"Bearer {tokens[i % TOKENS]}", "Content-Type": content_type}
                    statuses.append(server.request("POST", "/api/v1/own-profile", raw=body, auth=False,
                                                   headers=headers)[0])
            return statuses, peak.part_peaks.get("server", 0)
        finally:
            server.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose server runs")
    args = parser.parse_args(argv)
    statuses, server_pss = measure(args.root.resolve())
    print(f"{POSTS} own-profile posts of {PHOTO_BYTES // 1024 ** 2} MB behind 2 busy audits: "
          f"{statuses.count(202)} accepted, {statuses.count(503)} got 503; "
          f"server process peak PSS {server_pss / 1024 ** 2:,.0f} MB")


if __name__ == "__main__":
    main()
