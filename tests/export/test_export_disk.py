"""An export upload cannot fill the server's disk (#27 finding 2).

Before: parts were written whatever the free space or EXPOSURE_MAX_DB_MB (a part that failed
gave 500, and every new audit 503 after it), an unexpected error at finish left the ZIP on
disk, and an upload never finished stayed until the next start.
"""
import time

import pytest

from backend.api import exports as exports_api
from backend.app import create_app
from backend.export import uploads
from tests.helpers.export_upload import client_calls
from tests.helpers.fakes import TOKEN, FakeCrawler, fake_analyze

MB = 1024 * 1024


def upload_folders(data_dir):
    root = data_dir / "exports"
    return sorted(path.name for path in root.iterdir()) if root.is_dir() else []


def test_parts_past_the_quota_are_refused_and_the_upload_removed(app, client, auth, tmp_path):
    app.config["MAX_DB_MB"] = 6  # the store and the uploads together; 1.5 MB kept for audits' results
    post, put = client_calls(client, auth)
    started = post("/api/v1/exports?consent=self", b"")[1]
    answers = [put(f"{started['part_url']}?offset={i * MB}", b"x" * MB) for i in range(6)]
    statuses = [status for status, _ in answers]
    assert statuses[:3] == [200, 200, 200] and 507 in statuses, statuses
    refused = answers[statuses.index(507)][1]["error"]
    assert refused["code"] == "storage_full" and "storage is nearly full" in refused["message"]
    assert upload_folders(tmp_path) == []  # its parts gave their room back at once
    assert put(f"{started['part_url']}?offset=0", b"x")[0] == 404
    # and the store still takes audits (before: 503 for every one after a failed part)
    answer = client.post("/api/v1/audits", json={"profiles": ["https://example.com/me"], "consent": "self"},
                         headers=auth)
    assert answer.status_code == 202, answer.get_json()


def test_a_part_the_disk_has_no_room_for_is_refused(client, auth, tmp_path, monkeypatch):
    class Disk:
        free = 2 * MB + MB // 2  # the 2 MB kept for audits, and half a part

    monkeypatch.setattr(exports_api.shutil, "disk_usage", lambda _: Disk)
    post, put = client_calls(client, auth)
    started = post("/api/v1/exports?consent=self", b"")[1]
    assert put(f"{started['part_url']}?offset=0", b"x" * (MB // 4))[0] == 200  # a small part fits
    status, answer = put(f"{started['part_url']}?offset={MB // 4}", b"x" * MB)
    assert status == 507 and answer["error"]["code"] == "storage_full"
    assert upload_folders(tmp_path) == []


def test_a_part_the_disk_refuses_midway_is_taken_back(tmp_path):
    """The disk fills while the part is written (another program): the part is taken back, NoRoom."""
    uploads.start(tmp_path, "u1")
    path = uploads.export_path(tmp_path, "u1")
    path.write_bytes(b"PK-first-part")

    class FillingStream:
        def __init__(self):
            self.reads = 0

        def read(self, _size):
            self.reads += 1
            if self.reads > 2:
                raise OSError(28, "No space left on device")
            return b"y" * 1000

    with pytest.raises(uploads.NoRoom):
        uploads.append(tmp_path, "u1", len(b"PK-first-part"), FillingStream())
    assert path.read_bytes() == b"PK-first-part"


def test_an_unexpected_error_at_finish_leaves_nothing(client, auth, tmp_path, monkeypatch):
    def broken_parser(_path):
        raise AttributeError("'str' object has no attribute 'get'")  # a parser's bug, as in x.py

    monkeypatch.setattr(exports_api, "open_export", broken_parser)
    post, put = client_calls(client, auth)
    for _ in range(3):  # more than the two open uploads a token may have
        started = post("/api/v1/exports?consent=self", b"")[1]
        assert put(f"{started['part_url']}?offset=0", b"PK\x03\x04" + b"x" * MB)[0] == 200
        with pytest.raises(AttributeError):  # the test client re-raises what the server answers 500 for
            post(started["finish_url"], b"")
        assert upload_folders(tmp_path) == []


@pytest.fixture
def quick_expiry_app(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "e.db"), "DATA_DIR": str(tmp_path),
                      "API_TOKEN": TOKEN, "CRAWLER_FACTORY": FakeCrawler, "ANALYZE": fake_analyze,
                      "UPLOAD_IDLE_S": 0.6})
    yield app
    app.extensions["exposure_jobs"].shutdown(wait=True)


def test_an_abandoned_upload_is_removed_after_its_time_out(quick_expiry_app, auth, tmp_path):
    client = quick_expiry_app.test_client()
    post, put = client_calls(client, auth)
    kept = post("/api/v1/exports?consent=self", b"")[1]
    abandoned = post("/api/v1/exports?consent=self", b"")[1]
    assert put(f"{abandoned['part_url']}?offset=0", b"x" * MB)[0] == 200
    assert upload_folders(tmp_path) == sorted([kept["id"], abandoned["id"]])
    deadline = time.monotonic() + 3
    for offset in range(0, 30 * 1000, 1000):  # the other upload keeps sending, so it is kept
        time.sleep(0.1)
        assert put(f"{kept['part_url']}?offset={offset}", b"y" * 1000)[0] == 200
        if upload_folders(tmp_path) == [kept["id"]] or time.monotonic() > deadline:
            break
    assert upload_folders(tmp_path) == [kept["id"]]  # removed by the server's own timer
    status, answer = put(f"{abandoned['part_url']}?offset={MB}", b"x")
    assert status == 404 and "expired" in answer["error"]["message"]
    assert post("/api/v1/exports?consent=self", b"")[0] == 201  # its slot is free again
