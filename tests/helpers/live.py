"""Helpers for the safety tests against the real server: fresh tokens, many requests at once."""
import json
import os
import re
import subprocess
import sys
import threading
import urllib.request
import uuid

from tests.helpers.live_server import ROOT


def new_pairing_code(server):
    """A fresh one-time code from the real server's own command, `python -m backend pair`."""
    printed = subprocess.run([sys.executable, "-m", "backend", "pair"], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "EXPOSURE_DATA_DIR": str(server.data_dir)}, check=True).stdout
    return re.search(r"Pairing code: (\S+)", printed).group(1)


def new_token(server):
    """Pair a new client with the real server: a new code traded at /api/v1/pair."""
    code = new_pairing_code(server)
    status, body = server.request("POST", "/api/v1/pair", {"code": code}, auth=False)
    assert status == 200, body
    return body["token"]


def at_once(count, send):
    """Call send(i) from `count` threads released together; return the results in order."""
    barrier, results = threading.Barrier(count), [None] * count

    def run(i):
        barrier.wait()
        results[i] = send(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def post(server, path, body, token=None, headers=None):
    """(status, JSON body) of one POST, with the token when given."""
    request = urllib.request.Request(server.base_url + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def multipart(fields, files):
    """A multipart/form-data body: (content type, bytes)."""
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields]
    parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="p.jpg"\r\n'
              f"Content-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n" for name, data in files]
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()
