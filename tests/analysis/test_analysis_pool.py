"""The worker pool and the public verbs: hostile photos, dying workers, threads, paths."""
import json
import multiprocessing.forkserver
import os
import signal
import threading
from pathlib import Path

import pytest

from backend import analysis
from backend.analysis import pool
from tests.helpers.hostile_photos import png_claiming


def test_models_ready():
    assert analysis.models_ready() is True


def test_unreadable_photos_are_skipped_with_a_reason(fixture_bytes):
    obama = fixture_bytes["faces/obama.jpg"]
    images = [("empty", b""), ("html", b"<html>hi</html>"), ("bomb", png_claiming(20000, 20000)),
              ("truncated", obama[: len(obama) // 3]), ("ok", obama)]
    result = analysis.analyze_images(images)
    photos = {photo["key"]: photo for photo in result["photos"]}
    for key in ("empty", "html", "bomb", "truncated"):
        assert photos[key]["skipped"] and photos[key]["risk"] == "none" and photos[key]["faces"] == []
        assert photos[key]["thumbnail"] is None
    assert photos["ok"]["skipped"] is None and photos["ok"]["risk"] == "high"
    assert result["summary"]["photos"] == 5


@pytest.mark.slow
def test_a_worker_that_dies_does_not_break_the_call(fixture_bytes):
    images = [(str(i), fixture_bytes["faces/obama2.jpg"]) for i in range(6)]
    killed = []

    def kill_workers(done, total):
        # Workers this test's pool started; killing them is what an out-of-memory kill looks like.
        if not killed:
            for pid in pool.worker_pids():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

    result = analysis.analyze_images(images, on_progress=kill_workers)
    assert killed
    assert len(result["photos"]) == 6
    for photo in result["photos"]:
        assert photo["skipped"] in (None, pool.WORKER_DIED)
    # The pool was replaced: the next call works normally.
    again = analysis.analyze_images(images[:2])
    assert [photo["risk"] for photo in again["photos"]] == ["high", "high"]
    assert not set(pool.worker_pids()) & set(killed)


def test_several_threads_share_the_pool(fixture_bytes):
    results = {}

    def audit(name):
        results[name] = analysis.analyze_images([(name, fixture_bytes[name])])

    names = ["faces/obama.jpg", "faces/biden.jpg", "nofaces/coffee.png", "faces/astronaut.png"]
    threads = [threading.Thread(target=audit, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert {name: results[name]["photos"][0]["risk"] for name in names} == {
        "faces/obama.jpg": "high", "faces/biden.jpg": "high",
        "nofaces/coffee.png": "none", "faces/astronaut.png": "high"}
    assert len(pool.worker_pids()) <= pool.size()


def test_analyze_paths_reads_folders_recursively(fixtures_dir, tmp_path):
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "deep" / "er" / "face.jpg").write_bytes((fixtures_dir / "faces" / "biden.jpg").read_bytes())
    (tmp_path / "notes.txt").write_text("not a photo")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG broken")
    single, missing = fixtures_dir / "nofaces" / "coffee.png", tmp_path / "gone.jpg"
    result = analysis.analyze_paths([tmp_path, single, missing])
    keys = [photo["key"] for photo in result["photos"]]
    assert keys == [str(tmp_path / "broken.png"), str(tmp_path / "deep" / "er" / "face.jpg"),
                    str(single), str(missing)]
    risks = [photo["risk"] for photo in result["photos"]]
    assert risks == ["none", "high", "none", "none"]
    assert result["photos"][0]["skipped"] == "not an image or an unsupported format"
    assert result["photos"][3]["skipped"] == "file could not be read"


def test_empty_input_gives_an_empty_report():
    result = analysis.analyze_images([])
    assert result == {"photos": [], "identities": [], "summary": {
        "photos": 0, "photos_with_faces": 0, "high_risk_photos": 0,
        "largest_identity_kit": 0, "body_visible_photos": 0, "photos_with_location": 0,
        "user_identity": None}}


def test_oversized_or_empty_body_is_skipped_with_a_reason():
    huge = b"\xff\xd8\xff" + bytes(100 * 1024 * 1024)
    result = analysis.analyze_images([("huge", huge), ("empty", b"")])
    assert [photo["skipped"] for photo in result["photos"]] == ["too large (over 40 MB)", "empty file"]


def test_workers_are_not_forked_from_a_threaded_parent(fixture_bytes):
    analysis.analyze_images([("a", fixture_bytes["nofaces/coffee.png"])])
    # /proc/<pid>/stat: "pid (name) state ppid ..."; a forked worker's parent would be this process.
    parents = {int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) for pid in pool.worker_pids()}
    assert parents and os.getpid() not in parents


def test_result_is_plain_json_data(fixture_bytes):
    result = analysis.analyze_images([("a", fixture_bytes["faces/obama.jpg"]),
                                      ("b", fixture_bytes["nofaces/coffee.png"])], thumbnail_size=64)
    thumbnails = [photo.pop("thumbnail") for photo in result["photos"]]
    assert all(isinstance(data, bytes) and data[:2] == b"\xff\xd8" for data in thumbnails)
    text = json.dumps(result)          # numpy numbers would raise here
    assert json.loads(text)["photos"][0]["faces"][0]["risk"] == "high"


@pytest.mark.slow
def test_a_photo_whose_worker_dies_again_is_skipped_not_fatal(fixture_bytes):
    images = [(str(i), fixture_bytes["faces/obama2.jpg"]) for i in range(4)]

    def kill_every_time(done, total):
        # Each photo that finishes takes the workers down: every retry finds a dead pool.
        for pid in pool.worker_pids():
            os.kill(pid, signal.SIGKILL)

    result = analysis.analyze_images(images, on_progress=kill_every_time)
    reasons = [photo["skipped"] for photo in result["photos"]]
    assert len(reasons) == 4 and pool.WORKER_DIED in reasons
    assert analysis.analyze_images(images[:1])["photos"][0]["risk"] == "high"


def test_progress_is_reported_from_the_calling_thread(fixture_bytes):
    threads = set()
    analysis.analyze_images([("a", fixture_bytes["nofaces/coffee.png"]), ("b", b"")],
                            on_progress=lambda done, total: threads.add(threading.current_thread()))
    assert threads == {threading.current_thread()}


def test_models_load_once_per_worker_in_its_initializer():
    pool.shutdown()  # a new pool, whose workers have run no photo yet
    # eval: a builtin, so the question pickles to the worker without importing this test there.
    loaded = "__import__('backend.analysis.faces', fromlist=['faces'])._models is not None"
    assert pool.get().submit(eval, loaded).result(timeout=300) is True


def shared_mb(pid):
    """Memory of `pid` shared with other processes (smaps_rollup's Shared_Clean + Shared_Dirty)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    return sum(int(fields[key].split()[0]) for key in ("Shared_Clean", "Shared_Dirty")) // 1024


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the forkserver of a one-core machine starts without preloading")
def test_two_workers_share_the_models_the_forkserver_loaded(fixture_bytes, monkeypatch):
    monkeypatch.setenv("EXPOSURE_ANALYSIS_WORKERS", "2")
    pool.shutdown()
    # The forkserver is one per process: one an earlier one-worker pool started has no models.
    multiprocessing.forkserver._forkserver._stop()
    try:
        analysis.analyze_images([(str(i), fixture_bytes["faces/obama.jpg"]) for i in range(2)])
        workers = pool.worker_pids()
        # Each worker loading its own models shares only the libraries' code (about 60 MB).
        assert len(workers) == 2 and all(shared_mb(pid) > 150 for pid in workers)
    finally:
        pool.shutdown()


def test_size_follows_cores_memory_and_limit(monkeypatch):
    monkeypatch.delenv("EXPOSURE_ANALYSIS_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(pool, "available_mb", lambda: 100 * pool.WORKER_MB)
    assert pool.size() == pool.MAX_WORKERS
    monkeypatch.setattr(pool, "available_mb", lambda: pool.WORKER_MB + 1)
    assert pool.size() == 1
    monkeypatch.setattr(pool, "available_mb", lambda: 0)
    assert pool.size() == 1          # always one: a photo is still analysed
    monkeypatch.setattr(pool, "available_mb", lambda: None)
    with pool.limited(1):
        assert pool.size() == 1
        monkeypatch.setenv("EXPOSURE_ANALYSIS_WORKERS", "2")
        assert pool.size() == 2      # the setting wins
    monkeypatch.delenv("EXPOSURE_ANALYSIS_WORKERS")
    assert pool.size() == pool.MAX_WORKERS   # the limit ends with its block
