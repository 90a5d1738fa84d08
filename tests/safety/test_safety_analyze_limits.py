"""/api/v1/analyze bounds its memory and its callers (#15 finding 9).

Before: a 190 KB 7000x7000 PNG made one worker use 1.05-1.22 GB, 8 uploads at once took
2.0 GB, and one token could upload without end.
"""
import io
import subprocess
import sys
import threading

import pytest
from PIL import Image

from backend.analysis import worker
from backend.api import analyze as analyze_api
from tests.helpers.fakes import TOKEN
from tests.helpers.live_server import ROOT

# Decodes one photo file at the working size in a fresh process; prints how much its peak grew (MB).
DECODE_PEAK = """
import resource, sys
from backend.analysis import decode
from backend.analysis.faces import MAX_DETECT_PIXELS
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
image, scale, size = decode.open_working_image(data, MAX_DETECT_PIXELS)
assert image.width * image.height <= MAX_DETECT_PIXELS, image.size
print(size[0], size[1], (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.slow
@pytest.mark.parametrize("mode, fmt, width, height, limit_mb", [
    # Decoded in full and converted, these grew the decoding process by 367, 935 and 374 MB;
    # now by 92 (the JPEG decoder itself decodes at half size), 420 and 233 (loaded once, then halved).
    ("RGB", "JPEG", 8000, 6000, 150),
    ("RGBA", "PNG", 7000, 7000, 500),
    ("RGB", "PNG", 7000, 7000, 300),
])
def test_a_huge_photo_is_decoded_at_the_working_size(tmp_path, mode, fmt, width, height, limit_mb):
    photo = tmp_path / f"huge.{fmt.lower()}"
    Image.linear_gradient("L").resize((width, height)).convert(mode).save(photo, fmt, compress_level=1)
    printed = subprocess.run([sys.executable, "-c", DECODE_PEAK, str(photo)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    assert (int(printed[0]), int(printed[1])) == (width, height), "the original's size is reported"
    assert int(printed[2]) < limit_mb


@pytest.mark.slow
def test_faces_of_a_photo_decoded_smaller_are_measured_in_the_original_pixels(fixtures_dir):
    original = Image.open(fixtures_dir / "faces" / "obama.jpg")
    large = io.BytesIO()
    original.resize((original.width * 5, original.height * 5), Image.LANCZOS).save(large, "JPEG", quality=95)
    small, big = (worker.analyze_photo(data) for data in ((fixtures_dir / "faces" / "obama.jpg").read_bytes(),
                                                           large.getvalue()))
    assert (big["width"], big["height"]) == (original.width * 5, original.height * 5)
    face, face5 = small["faces"][0], big["faces"][0]
    assert face5["risk"] == face["risk"]
    for side, side5 in zip(face["box"], face5["box"]):
        assert abs(side5 - 5 * side) <= 0.03 * 5 * max(face["box"])
    assert abs(face5["quality"]["inter_eye_px"] - 5 * face["quality"]["inter_eye_px"]) < 0.05 * 5 * face[
        "quality"]["inter_eye_px"]


def upload(client, token=TOKEN, data=b"not a photo"):
    return client.post("/api/v1/analyze", headers={"Authorization": f"Bearer {token}"},
                       data={"image": (io.BytesIO(data), "p.jpg")})


def test_analyses_are_limited_per_token(app, client):
    app.config["ANALYSES_PER_HOUR"] = 3
    assert [upload(client).status_code for _ in range(3)] == [422] * 3
    refused = upload(client)
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "rate_limited"
    from backend import store, tokens

    db = store.open_store(app.config["DATABASE"])
    other = client.post("/api/v1/pair", json={"code": tokens.new_pairing_code(db, 5)}).get_json()["token"]
    assert upload(client, other).status_code == 422, "another token has its own count"


def test_uploads_wait_in_a_small_queue_and_the_rest_are_told_to_retry(app, monkeypatch):
    release, started = threading.Event(), threading.Semaphore(0)

    def slow_analysis(images, **_options):
        started.release()
        release.wait(60)
        return {"photos": [{"skipped": "held", "width": None, "height": None, "risk": "none", "faces": []}]}

    monkeypatch.setattr(analyze_api, "analyze_images", slow_analysis)
    count = analyze_api.AT_ONCE + analyze_api.WAITING + 2
    statuses = [None] * count

    def send(i):
        statuses[i] = upload(app.test_client()).status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for _ in range(analyze_api.AT_ONCE):
        assert started.acquire(timeout=30)
    # Everyone beyond the running and the waiting places is answered at once.
    for thread in threads:
        thread.join(0.5)
    assert statuses.count(503) == 2, statuses
    release.set()
    for thread in threads:
        thread.join(60)
    assert statuses.count(422) == analyze_api.AT_ONCE + analyze_api.WAITING, statuses
