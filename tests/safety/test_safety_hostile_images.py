"""Hostile images through a whole audit on the real server: each is dropped or skipped, the audit ends.

A local profile page (tests/helpers/sites.py, /site/hostile/decoder/) shows one real face photo beside
a 20000x20000 PNG bomb (three times), a truncated JPEG, a GIF and a TIFF served as .jpg, a GIF
of 5000 frames, a 0-byte file, HTML served as an image and a 100 MB body. The decoder's own
answer to each (the TIFF included) is tested in tests/analysis/; this is the path of a whole
audit. Real Playwright and Chromium, real face_recognition, real SQLite. The server's process
tree (with its browser and decoding workers) is sampled every 0.2 s: its memory must stay bounded.
"""
import pytest

from tests.helpers.live_server import LiveServer, PeakMemory
from tests.helpers.sites import serve_sites

pytestmark = pytest.mark.slow

# Measured (PSS of the tree): 0.7-0.8 GB; 1.8 GB when the browser still painted, and so
# decoded, the bombs (summed RSS, which counts shared pages in each process: 1.3 GB and 2.4 GB).
MEMORY_BOUND = 1.25 * 1024 ** 3
REAL_PHOTO = "/img/obama/me.jpg"
# What happens to each, found by running it. The crawler drops some before any decoding:
# Chromium shows these as broken images, so they are no candidates (a stranger sees no photo)...
BROKEN_IN_THE_BROWSER = {"/bad/tiff-named-jpg.jpg", "/bad/empty.jpg", "/bad/html.jpg"}
# ...and these are fetched and refused by the crawler's limits: a header over Pillow's bomb
# limit (400 MP), a body over the 15 MB byte cap (the download is cut there). Three copies of
# the bomb: a browser that decoded them as it paints them would need 1.6 GB for each...
BOMBS = {"/bad/bomb.jpg", "/bad/bomb.jpg?copy=2", "/bad/bomb.jpg?copy=3"}
OVER_THE_CRAWLERS_LIMITS = BOMBS | {"/bad/hundred-mb.jpg"}
# ...the safe decoder refuses the truncated JPEG, as a photo `skipped` with the reason...
SKIPPED = {"/bad/truncated.jpg": "damaged or truncated image"}
# ...and a GIF is a format browsers show: it is read (its first frame only) and has no face.
READ_WITHOUT_FACES = {"/bad/gif-named-jpg.jpg", "/bad/many-frames.jpg"}


@pytest.fixture
def hostile_profile():
    with serve_sites() as base:
        yield base


def test_hostile_images_are_dropped_or_skipped_and_the_audit_finishes_in_bounded_memory(tmp_path, hostile_profile):
    server = LiveServer(tmp_path)
    server.start()
    try:
        with PeakMemory(server.process.pid) as peak:
            status, created = server.request("POST", "/api/v1/audits", {
                "profiles": [hostile_profile + "/site/hostile/decoder/"], "consent": "self"})
            assert status == 202, created
            audit, _ = server.wait_for(created["id"], lambda a: a["status"] in ("done", "failed"))
    finally:
        server.stop()
    print(f"peak of the server's process tree: PSS {peak.pss / 1024 ** 2:.0f} MB, "
          f"summed RSS {peak.rss / 1024 ** 2:.0f} MB ({peak.samples} samples)")

    assert audit["status"] == "done", audit
    assert audit["profiles"][0]["status"] == "ok", audit["profiles"]
    photos = {p["image_url"].removeprefix(hostile_profile): p for p in audit["photos"]}
    assert set(photos) == {REAL_PHOTO} | set(SKIPPED) | READ_WITHOUT_FACES
    assert not (BROKEN_IN_THE_BROWSER | OVER_THE_CRAWLERS_LIMITS) & set(photos)

    real = photos[REAL_PHOTO]
    assert real["skipped"] is None and real["risk"] in ("high", "medium") and real["faces"]
    for path, reason in SKIPPED.items():
        assert photos[path]["skipped"] == reason, photos[path]
        assert photos[path]["faces"] == []
    for path in READ_WITHOUT_FACES:
        assert photos[path]["skipped"] is None and photos[path]["risk"] == "none", photos[path]
        assert (photos[path]["width"], photos[path]["height"]) == (320, 240)

    assert peak.samples > 5, "the memory was not sampled during the audit"
    assert peak.pss < MEMORY_BOUND, f"the server's processes held {peak.pss / 1024 ** 3:.2f} GB"
