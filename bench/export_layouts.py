"""Export layouts and hostile index files: `python -m bench.export_layouts` (also in `make bench`).

1. Whose photo (#24): over every fixture export (tests/helpers/export_builders.py: each layout
   since 2019, ten Facebook languages, X with retweeted media, Instagram HTML with its logo),
   the owner's photos found out of those expected, images read that are not the owner's,
   and photos of the wrong kind, through open_export() as the server and the CLI call it.
2. Linear time (#27): the time to parse one index file of each of the second review's worst
   patterns against its size, and what a ZIP of only a file list (2,000,000 entries) and a
   "[{},{},…]" JSON index cost before they are refused.
3. A responsive server (#27): /api/v1/health polled on the real server while it checks an
   uploaded export whose 48 MB index is the slowest pattern; its slowest answer.
"""
import json
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from backend.export import ExportError, list_export, open_export  # noqa: E402
from backend.export.index import html_page  # noqa: E402
from tests.helpers.export_builders import VARIANTS, write_zip  # noqa: E402
from tests.helpers.hostile_zips import PATTERNS, directory_only_zip, empty_objects_zip, pattern_zip  # noqa: E402
from tests.helpers.live_server import LiveServer  # noqa: E402

SIZES_KB = (256, 1024, 4096, 16384)
SERVER_INDEX_MB = 48
SERVER_PATTERN = "<a "  # the slowest of PATTERNS to parse, per byte


def whose_photo(scratch):
    """Owner photos found / expected, images that are not the owner's, wrong kinds: per platform."""
    totals = {}
    for variant, build in sorted(VARIANTS.items()):
        files, expected = build()
        with open_export(write_zip(scratch / "e.zip", files)) as export:
            listed = {photo.name: photo.kind for photo in export.photos}
        row = totals.setdefault(variant.split("-")[0], [0, 0, 0, 0, 0])
        row[0] += len(set(listed) & set(expected))
        row[1] += len(expected)
        row[2] += len(set(listed) - set(expected))
        row[3] += sum(1 for name, kind in listed.items() if name in expected and expected[name][0] != kind)
        row[4] += 1
    for platform, (found, expected, foreign, wrong, exports) in sorted(totals.items()):
        print(f"export_layouts, {platform}: owner photos found {found}/{expected}, images read that are not the "
              f"owner's {foreign}, wrong kinds {wrong} ({exports} fixture exports)")
    found, expected, foreign, wrong = (sum(row[i] for row in totals.values()) for i in range(4))
    print(f"export_layouts, all {sum(r[4] for r in totals.values())} fixture exports: {found}/{expected} owner photos "
          f"({100 * found / expected:.1f} %), {foreign} not the owner's, {wrong} of the wrong kind")


def refused(read, path):
    """(the error's code or None, seconds, peak bytes traced) of reading a hostile export."""
    code = None
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read(path)
    except ExportError as error:
        code = error.code
    seconds, peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return code, seconds, peak


def linear_time(scratch):
    """Seconds to parse an index of each pattern at each size, and the growth per 4x."""
    for pattern in PATTERNS:
        times, cells = [], []
        for kb in SIZES_KB:
            text = pattern * (kb * 1024 // len(pattern))
            started, refused = time.perf_counter(), ""
            try:
                html_page(text)
            except ExportError as error:
                refused = f" ({error.code})"
            times.append(time.perf_counter() - started)
            cells.append(f"{kb // 1024 or kb}{' MB' if kb >= 1024 else ' kB'} {times[-1]:.2f} s{refused}")
        growth = statistics.median(b / max(a, 1e-9) for a, b in zip(times, times[1:]))
        cells = ", ".join(cells)
        print(f"export_layouts, index {pattern!r} repeated: {cells}; each 4x the size takes {growth:.1f}x the time "
              f"(4.0 is linear, 16 quadratic)")
    path = directory_only_zip(scratch / "list.zip", 2_000_000)
    code, seconds, peak = refused(open_export, path)
    print(f"export_layouts, a ZIP of only a file list ({path.stat().st_size / 1024 ** 2:.0f} MB, 2,000,000 entries): "
          f"{code} in {seconds * 1000:.0f} ms, {peak / 1024 ** 2:.1f} MB held (the review: 12 s, 89 to 1,021 MB)")
    path = empty_objects_zip(scratch / "json.zip", 63)
    code, seconds, peak = refused(list_export, path)
    print(f"export_layouts, a 63 MB \"[{{}},{{}},…]\" index: {code} in {seconds:.1f} s, {peak / 1024 ** 2:.0f} MB "
          "held, its text the most of it (the review: 17.9 s, 1,493 MB)")


def responsive_server(scratch):
    """The slowest /api/v1/health answer while the real server checks a hostile upload."""
    (scratch / "server").mkdir()
    server = LiveServer(scratch / "server").start()
    try:
        body = pattern_zip(scratch / "hostile.zip", SERVER_PATTERN, SERVER_INDEX_MB * 1024 ** 2 // len(SERVER_PATTERN),
                           stored=True).read_bytes()
        auth = {"Authorization": f"Bearer {server.token}"}
        started = call(server, "POST", "/api/v1/exports?consent=self", b"", auth)
        for offset in range(0, len(body), started["part_bytes"]):
            call(server, "PUT", f"{started['part_url']}?offset={offset}", body[offset:offset + started["part_bytes"]],
                 auth)
        finished = {}
        worker = threading.Thread(target=lambda: finished.update(
            answer=call(server, "POST", started["finish_url"], b"", auth), at=time.perf_counter()))
        began = time.perf_counter()
        worker.start()
        latencies = poll_health(server, worker.is_alive)
        worker.join()
        took = finished["at"] - began
        deadline = time.perf_counter() + took
        idle = poll_health(server, lambda: time.perf_counter() < deadline)
        print(f"export_layouts, /api/v1/health while the server checked a {len(body) / 1024 ** 2:.0f} MB export whose "
              f"index is {SERVER_PATTERN!r} repeated: {len(latencies)} answers in {took:.1f} s, slowest "
              f"{max(latencies) * 1000:.0f} ms, median {statistics.median(latencies) * 1000:.0f} ms; the same server "
              f"idle just after: slowest {max(idle) * 1000:.0f} ms, median {statistics.median(idle) * 1000:.0f} ms "
              f"(the review: 10.2 s behind a 364-byte ZIP); the export: "
              f"{finished['answer'].get('platform') or finished['answer']}")
    finally:
        server.stop()


def poll_health(server, going):
    """The seconds each /api/v1/health call took, polled every 50 ms while `going()`."""
    latencies = []
    while going():
        asked = time.perf_counter()
        call(server, "GET", "/api/v1/health", None, {})
        latencies.append(time.perf_counter() - asked)
        time.sleep(0.05)
    return latencies


def call(server, method, path, body, headers):
    request = urllib.request.Request(server.base_url + path, data=body, method=method,
                                     headers={"Content-Type": "application/octet-stream", **headers})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"{}")


def main():
    with tempfile.TemporaryDirectory(prefix="exposure-bench-layouts-") as scratch:
        whose_photo(Path(scratch))
        linear_time(Path(scratch))
        responsive_server(Path(scratch))


if __name__ == "__main__":
    main()
