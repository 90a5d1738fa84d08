"""The real server killed with SIGKILL mid-audit keeps no export past its restart."""
import json
import urllib.request

import pytest

from tests.helpers.export_builders import VARIANTS, write_zip
from tests.helpers.export_upload import upload_export
from tests.helpers.live_server import LiveServer


def upload(server, body):
    def call(method):
        def send(path, data):
            request = urllib.request.Request(server.base_url + path, data=data, method=method,
                                             headers={"Authorization": f"Bearer {server.token}",
                                                      "Content-Type": "application/octet-stream"})
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        return send
    return upload_export(call("POST"), call("PUT"), body)


@pytest.mark.slow
def test_an_export_left_by_a_killed_server_is_removed_at_the_next_start(tmp_path):
    files, expected = VARIANTS["facebook-2024-json"]()
    body = write_zip(tmp_path / "export.zip", files).read_bytes()
    data = tmp_path / "data"
    data.mkdir()
    server = LiveServer(data).start()
    try:
        status, created = upload(server, body)
        assert status == 202 and created["photos_found"] == len(expected)
        folder = data / "exports" / created["id"]
        server.wait_for(created["id"], lambda audit: audit["status"] == "running", timeout=60)
        server.kill()
        assert (folder / "export.zip").is_file(), "the kill came too late to prove anything"
        server.start()
        assert list((data / "exports").iterdir()) == []
        audit, _ = server.wait_for(created["id"], lambda audit: audit["status"] in ("done", "failed"))
        assert audit["profiles"][0]["status"] == "error"
        assert "upload it again" in audit["profiles"][0]["message"]
        assert "export:" not in server.output() and created["id"] not in server.output()
    finally:
        server.stop()
