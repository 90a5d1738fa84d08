"""The store can be read by its own user only: folder 0700, database, WAL and SHM 0600 (#15).

Another local user of a school server must not read report keys, profile links or thumbnails.
"""
import os
import stat

import pytest

from backend import create_app, store
from tests.helpers.live_server import LiveServer


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """A careless start: umask 022, the usual default, under which new files are world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def store_files(folder):
    return [folder / name for name in ("exposure.db", "exposure.db-wal", "exposure.db-shm")]


def test_a_new_store_is_private_even_under_umask_022(tmp_path, open_umask, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    app = create_app({"DATABASE": str(folder / "exposure.db"), "API_TOKEN": "t", "RUN_JOBS": False})
    app.test_client().post("/api/v1/audits", headers={"Authorization": "Bearer t"},
                           json={"profiles": ["https://example.com/me"], "consent": "self"})
    assert mode(folder) == 0o700
    # WAL and SHM exist only while a connection is open: hold one, as a running audit does.
    database = store.open_store(folder / "exposure.db")
    try:
        database.execute("PRAGMA user_version")
        for path in store_files(folder):
            assert path.exists(), path.name
            assert mode(path) == 0o600, path.name
    finally:
        database.conn.close()


def test_existing_open_modes_are_fixed_at_start(tmp_path, open_umask):
    folder = tmp_path / "data"
    folder.mkdir()
    create_app({"DATABASE": str(folder / "exposure.db"), "RUN_JOBS": False})
    for path in [folder, *folder.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (folder / "exposure.db-wal").touch(mode=0o644)
    create_app({"DATABASE": str(folder / "exposure.db"), "RUN_JOBS": False})
    assert mode(folder) == 0o700
    for path in folder.glob("exposure.db*"):
        assert mode(path) == 0o600, path.name


@pytest.mark.slow
def test_the_real_server_runs_with_umask_077(tmp_path, open_umask):
    server = LiveServer(tmp_path / "data")
    server.data_dir.mkdir(mode=0o755)
    server.start()
    try:
        status = (f"/proc/{server.process.pid}/status")
        umask = [line for line in open(status) if line.startswith("Umask:")][0].split()[1]
        assert umask == "0077"
        assert server.request("POST", "/api/v1/audits",
                              {"profiles": ["https://example.com/me"], "consent": "self"})[0] == 202
        assert mode(server.data_dir) == 0o700
        for path in server.data_dir.glob("exposure.db*"):
            assert mode(path) == 0o600, path.name
    finally:
        server.stop()
