"""The Host check of the real server started on another loopback address (`--host 127.0.0.5`).

SECURITY.md ("What the server binds to"): a loopback address or localhost is answered
whatever address the server listens on, so both `Host: 127.0.0.1` and the address it
listens on (`Host: 127.0.0.5:<port>`) are; any other name gets 421 unless it is in
EXPOSURE_ALLOWED_HOSTS. Before, the server's own address got 421: the phone page it
printed (http://127.0.0.5:<port>/) could not be opened.
"""
import http.client
import json
import socket

import pytest

from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.slow

ADDRESS = "127.0.0.5"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # As a user starts it: no EXPOSURE_ALLOWED_HOSTS naming the address (LiveServer sets one otherwise).
    live = LiveServer(tmp_path_factory.mktemp("other-loopback"), host=ADDRESS,
                      extra_env={"EXPOSURE_ALLOWED_HOSTS": ""})
    live.start()
    yield live
    live.stop()


def _get(server, path, host):
    connection = http.client.HTTPConnection(ADDRESS, server.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host, "Authorization": f"Bearer {server.token}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_it_listens_on_that_address_only(server):
    assert f"on http://{ADDRESS}:{server.port}" in server.output()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=5).close()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:{port}", f"{ADDRESS}:{{port}}", ADDRESS,
                                  "localhost:{port}", "[::1]:{port}"])
def test_a_loopback_name_is_answered(server, host):
    status, body = _get(server, "/api/v1/audits", host.format(port=server.port))
    assert status == 200, body
    assert "audits" in json.loads(body)


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:{port}", f"{ADDRESS}.attacker.example",
                                  "192.168.1.5:{port}", "127.1:{port}"])
def test_a_foreign_host_gets_421(server, host):
    status, body = _get(server, "/api/v1/audits", host.format(port=server.port))
    assert status == 421, body
    assert json.loads(body)["error"]["code"] == "unknown_host"


def test_the_phone_page_it_prints_opens(server):
    status, body = _get(server, "/", f"{ADDRESS}:{server.port}")
    assert status == 200
    assert b"<html" in body.lower()
