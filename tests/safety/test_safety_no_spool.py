"""No request body with a photo is written to disk, on the real server (#27 finding 9).

Before: waitress buffered every body over 512 KB in a temporary file before the app saw it,
and werkzeug spooled each uploaded file over 500 KB of /analyze to another one. The server
runs here with TMPDIR in a folder of the test's own; while photos are sent, its open files
are read from /proc every millisecond, and none may be a temporary file.
"""
import io
import os
import socket
import threading
import time

import pytest
from PIL import Image

from tests.helpers.live import multipart
from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    temp = tmp_path_factory.mktemp("server-tmp")
    live = LiveServer(tmp_path_factory.mktemp("no-spool"), extra_env={"TMPDIR": str(temp)})
    live.temp = temp
    live.start()
    yield live
    live.stop()


def big_photo():
    """A 1600x1200 JPEG of noise: about 2 MB, far past both spooling thresholds (500-512 KB)."""
    image = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    assert out.tell() > 1024 * 1024
    return out.getvalue()


def photo_sized_files(folder):
    """Files left in the server's TMPDIR that could hold a photo (a library keeps a 51-byte session
    stamp there)."""
    return [path for path in folder.rglob("*") if path.is_file() and path.stat().st_size > 4096]


class TempFileWatch:
    """Reads the server's open files every millisecond; keeps those that are temporary files (in its
    TMPDIR, or unlinked: Python's TemporaryFile is unlinked as soon as it is made)."""

    def __init__(self, server):
        self.fd_dir, self.temp = f"/proc/{server.process.pid}/fd", str(server.temp)
        self.seen, self._stop = set(), threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def check(self):
        for fd in os.listdir(self.fd_dir):
            try:
                target = os.readlink(f"{self.fd_dir}/{fd}")
            except OSError:
                continue
            if target.startswith(self.temp) or (target.endswith("(deleted)") and target.startswith("/")
                                                and not target.startswith("/dev/shm/")):
                self.seen.add(target)

    def _watch(self):
        while not self._stop.is_set():
            self.check()
            time.sleep(0.001)


def send_slowly(server, path, content_type, body, pause_after):
    """POST `body` over a plain socket, pausing after `pause_after` bytes (waitress has buffered
    them by then); returns the status line and the pause's files seen."""
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nAuthorization: Bearer {server.token}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(head + body[:pause_after])
        time.sleep(1)
        watch = TempFileWatch(server)
        watch.check()
        sock.sendall(body[pause_after:])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode(), watch.seen


def test_a_photo_waiting_in_waitress_is_not_in_a_temporary_file(server):
    content_type, body = multipart([], [("image", big_photo())])
    status, seen = send_slowly(server, "/api/v1/analyze", content_type, body, pause_after=len(body) - 1000)
    assert seen == set(), f"the body waited in a temporary file: {seen}"
    assert " 200 " in status, status
    assert photo_sized_files(server.temp) == []


def test_photos_sent_to_analyze_and_own_profile_touch_no_temporary_file(server):
    photo = big_photo()
    with TempFileWatch(server) as watch:
        content_type, body = multipart([], [("image", photo)])
        status, answer = server.request("POST", "/api/v1/analyze", headers={"Content-Type": content_type},
                                        body=None, raw=body)
        assert status == 200, answer
        content_type, body = multipart(
            [("profile", "https://www.instagram.com/someone.own/"), ("consent", "self"), ("kind", "post_photo"),
             ("kind", "post_photo")], [("photo", photo), ("photo", photo[: len(photo) // 2] + photo[-2:])])
        status, answer = server.request("POST", "/api/v1/own-profile", headers={"Content-Type": content_type},
                                        body=None, raw=body)
        assert status == 202, answer
        server.wait_for(answer["id"], lambda audit: audit["status"] in ("done", "failed"))
    assert watch.seen == set(), f"a photo went to a temporary file: {watch.seen}"
    assert photo_sized_files(server.temp) == []
