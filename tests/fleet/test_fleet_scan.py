"""The Redis scan of test_fleet_audits finds what it looks for: images, thumbnails and encodings
written into a real Redis the ways a careless change might send them."""
import base64
import io
import json

import numpy as np
import pytest
from PIL import Image

from tests.helpers.exposure_scan import exposures, is_original
from tests.helpers.redis_server import Monitor, parse_monitor_line


def jpeg(size):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 90)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.slow  # starts redis-server
def test_the_scan_finds_originals_thumbnails_and_encodings_however_they_travel(redis_server, fixtures_dir):
    client = redis_server.client()
    client.flushall()
    monitor = Monitor(redis_server)
    original = (fixtures_dir / "faces" / "obama.jpg").read_bytes()
    encoding = np.random.default_rng(1).normal(0, 0.1, 128)
    client.lpush("queue", json.dumps({"body": base64.b64encode(json.dumps(
        {"image": base64.b64encode(original).decode()}).encode()).decode()}))
    client.xadd("events", {"thumbnail": jpeg((160, 120))})
    client.set("vector-text", json.dumps({"encoding": encoding.tolist()}))
    client.hset("vector-packed", "e", encoding.tobytes())
    client.sadd("webp", _webp())
    client.set("noise", np.random.default_rng(2).bytes(200_000))

    held = {key.decode(): exposures(value) for key, value in redis_server.contents()}
    assert any(is_original(f) for f in held["queue"]), held["queue"]
    assert [f for f in held["events"] if f[0] == "image"] and not any(is_original(f) for f in held["events"])
    assert ("vector", "text") in held["vector-text"]
    assert ("vector", "packed <f8") in held["vector-packed"]
    assert [f for f in held["webp"] if f[1] == "WebP"]
    assert held["noise"] == []

    client.ping()
    monitor.close()
    received = [f for command in monitor.commands for arg in command for f in exposures(arg)]
    assert any(is_original(f) for f in received) and ("vector", "packed <f8") in received


def test_monitor_lines_are_read_back_byte_for_byte():
    line = b'+1700000000.1 [0 127.0.0.1:5000] "SET" "k" "\\xff\\xd8\\xff\\"q\\\\\\r\\n"'
    assert parse_monitor_line(line) == [b"SET", b"k", b'\xff\xd8\xff"q\\\r\n']


def _webp():
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 20, 30)).save(out, "WEBP")
    return out.getvalue()
