"""The request defences of the real server (waitress), with raw HTTP: not only Flask's test client.

A web page can make the browser call 127.0.0.1 (DNS rebinding: its own name resolving to
127.0.0.1) or send a huge body. The real server must answer 421 to an unknown Host, 403
to a web origin, and 413 to an oversized body as soon as it sees the Content-Length,
without first reading (and holding) the whole body.
"""
import http.client
import json
import socket

import pytest

from tests.helpers.live_server import LiveServer

pytestmark = pytest.mark.slow

TWENTY_MB = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("live-requests"))
    live.start()
    yield live
    live.stop()


def _get(server, path, headers):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_an_unknown_host_gets_421(server):
    status, _, body = _get(server, "/api/v1/health", {"Host": "attacker.example"})
    assert status == 421
    assert json.loads(body)["error"]["code"] == "unknown_host"
    # The control: the server's own name is answered.
    assert _get(server, "/api/v1/health", {"Host": f"127.0.0.1:{server.port}"})[0] == 200


def test_a_rebinding_name_on_the_servers_port_gets_421(server):
    status, _, _ = _get(server, "/api/v1/audits", {"Host": f"attacker.example:{server.port}",
                                                    "Authorization": f"Bearer {server.token}"})
    assert status == 421


def test_a_web_origin_gets_403_and_no_cors_header(server):
    status, headers, body = _get(server, "/api/v1/audits", {"Origin": "https://attacker.example",
                                                             "Authorization": f"Bearer {server.token}"})
    assert status == 403
    assert json.loads(body)["error"]["code"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in headers


def test_an_extension_origin_is_allowed(server):
    origin = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
    status, headers, _ = _get(server, "/api/v1/audits", {"Origin": origin,
                                                          "Authorization": f"Bearer {server.token}"})
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == origin


def test_a_20_mb_body_gets_413_before_it_is_sent(server):
    head = (f"POST /api/v1/audits HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Authorization: Bearer {server.token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {TWENTY_MB}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head + b'{"profiles": ["' + b"a" * 4096)
        # The rest (20 MB) is never sent: a server that waits for it answers nothing (a timeout here).
        answer = _read_response(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def _read_response(sock):
    """Bytes until the server closes or the headers and a little of the body are in."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pytest.fail("no answer: the server waits for the whole 20 MB body")
    return data
