"""The hostile page of #15 finding 1: 60 different 14.9 MB photos, audited on the real server.

Shared by tests/safety/test_safety_crawl_memory.py and `python -m bench.crawl_memory`, so the
test and the benchmark measure the same audit the same way: the server's process tree (the
server, Chromium's processes, the analysis workers) sampled every 0.2 s, PSS summed.
"""
import contextlib
import io
import struct
import zlib

import numpy as np
from PIL import Image

from tests.helpers.live_server import LiveServer, PeakMemory, tree_memory
from tests.helpers.sites import serve_answers

PHOTOS = 60
PHOTO_BYTES = 14_900_000


def large_jpeg():
    """One JPEG of about 14.9 MB (noise does not compress)."""
    noise = np.random.default_rng(15).integers(0, 256, (2800, 3800, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(noise).save(out, "JPEG", quality=97)
    data = out.getvalue()
    return data[:2] + b"\xff\xfe\x00\x10" + b"0" * 14 + data[2:]  # a comment segment to vary per copy


def variant(data, index):
    """The same pixels, different bytes: 60 different photos to the crawler's duplicate check."""
    return data[:6] + f"{index:014d}".encode() + data[20:]


@contextlib.contextmanager
def hostile_page():
    """(profile URL, bytes of one photo) of a local page showing PHOTOS different large photos."""
    photo = large_jpeg()
    page = ("<!doctype html><title>photos</title>"
            + "".join(f'<img src="/big/{i}.jpg" alt="photo {i}">' for i in range(PHOTOS))).encode()

    def answer(path):
        if path.startswith("/big/"):
            return variant(photo, int(path.split("/")[2].split(".")[0])), "image/jpeg"
        return page, "text/html"

    with serve_answers(answer) as base:
        yield base + "/profile/", len(photo)


def _status_bytes(pid, field):
    text = open(f"/proc/{pid}/status").read()
    return int(text.split(f"{field}:")[1].split()[0]) * 1024


def audit_hostile_page(data_dir):
    """Audit the hostile page once on a fresh real server; returns its memory figures (bytes).

    {"audit", "photo_bytes", "tree_peak_pss", "tree_peak_rss", "parts_at_peak" ({part: PSS}),
     "part_peaks" ({part: its own highest PSS}), "server_peak" (VmHWM), "server_after", "tree_after" (RSS)}
    """
    server = LiveServer(data_dir)
    with hostile_page() as (url, size):
        server.start()
        try:
            with PeakMemory(server.process.pid) as peak:
                status, created = server.request("POST", "/api/v1/audits", {"profiles": [url], "consent": "self"})
                assert status == 202, created
                audit, _ = server.wait_for(created["id"], lambda a: a["status"] in ("done", "failed"), timeout=600)
            figures = {"audit": audit, "photo_bytes": size, "tree_peak_pss": peak.pss, "tree_peak_rss": peak.rss,
                       "parts_at_peak": peak.parts, "part_peaks": peak.part_peaks,
                       "server_peak": _status_bytes(server.process.pid, "VmHWM"),
                       "server_after": _status_bytes(server.process.pid, "VmRSS"),
                       "tree_after": tree_memory(server.process.pid)[0]}
        finally:
            server.stop()
    return figures


def describe(figures):
    """One paragraph of the figures, in MB."""
    mb = 1024 ** 2
    parts = ", ".join(f"{name} {value / mb:.0f}" for name, value in sorted(figures["parts_at_peak"].items()))
    own = ", ".join(f"{name} {value / mb:.0f}" for name, value in sorted(figures["part_peaks"].items()))
    return (f"{PHOTOS} x {figures['photo_bytes'] / 1e6:.1f} MB photos, {len(figures['audit']['photos'])} kept: "
            f"the whole tree peaked at PSS {figures['tree_peak_pss'] / mb:.0f} MB "
            f"(summed RSS {figures['tree_peak_rss'] / mb:.0f} MB; at the peak, MB: {parts}; each part's own peak, "
            f"MB: {own}); "
            f"the server process peaked at {figures['server_peak'] / mb:.0f} MB and held "
            f"{figures['server_after'] / mb:.0f} MB afterwards; the tree {figures['tree_after'] / mb:.0f} MB RSS afterwards")


def png_claiming(width, height):
    """A tiny PNG whose header claims width x height (a decompression bomb's shape)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))
