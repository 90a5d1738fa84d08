"""Analysis workers end with the server, even when it is killed with kill -9 (#15 finding 8).

Before, a killed server left its pool (about 450 MB with the models) running for good.
"""
import os
import signal
import time
import urllib.request
import uuid

import pytest

from tests.helpers.live_server import LiveServer, descendants

pytestmark = pytest.mark.slow


def upload(server, data):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(server.base_url + "/api/v1/analyze", data=body, method="POST", headers={
        "Authorization": f"Bearer {server.token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status


def python_descendants(pid):
    """The server's child processes that run Python: the forkserver and the analysis workers."""
    found = set()
    for child in descendants(pid):
        try:
            if "python" in os.readlink(f"/proc/{child}/exe"):
                found.add(child)
        except OSError:
            continue
    return found


def alive(pids):
    return {pid for pid in pids if os.path.exists(f"/proc/{pid}") and _state(pid) != "Z"}


def _state(pid):
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_workers_exit_when_the_server_is_killed(tmp_path, fixtures_dir):
    server = LiveServer(tmp_path / "data", extra_env={"EXPOSURE_ANALYSIS_WORKERS": "2"})
    server.data_dir.mkdir()
    server.start()
    try:
        assert upload(server, (fixtures_dir / "faces" / "obama2.jpg").read_bytes()) == 200  # the pool is up
        workers = python_descendants(server.process.pid)
        assert len(workers) >= 2, "the forkserver and at least one worker"
        os.kill(server.process.pid, signal.SIGKILL)  # the server alone, not its process group
        server.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while alive(workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = alive(workers)
        for pid in left:  # never leave them behind for the next test, whatever the outcome
            os.kill(pid, signal.SIGKILL)
        assert not left, f"{len(left)} analysis processes outlived the server"
    finally:
        server.stop()
