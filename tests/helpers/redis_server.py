"""A real Redis for the fleet tests: Debian's redis-server on a free loopback port with a password,
and MONITOR, which sees every command (and so every byte) anyone sends it."""
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import redis

from tests.helpers.live_server import free_port


class RedisServer:
    """`with RedisServer(folder) as server:` server.url has the password; nothing is saved to disk.

    With `tls=True` it listens only for TLS, with a certificate for 127.0.0.1 from a test
    CA made here; clients trust it through SSL_CERT_FILE=server.ca_file.
    """

    def __init__(self, folder, tls=False):
        self.folder = Path(folder)
        self.password = secrets.token_urlsafe(16)
        self.port, self.process, self.tls = None, None, tls
        self.ca_file = self.folder / "ca.pem"

    @property
    def url(self):
        if self.tls:
            return f"rediss://:{self.password}@127.0.0.1:{self.port}/0?ssl_cert_reqs=required"
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def _listen_options(self):
        if not self.tls:
            return ["--port", str(self.port)]
        _make_certificates(self.folder)
        return ["--port", "0", "--tls-port", str(self.port), "--tls-cert-file", str(self.folder / "server.pem"),
                "--tls-key-file", str(self.folder / "server.key"), "--tls-ca-cert-file", str(self.ca_file),
                "--tls-auth-clients", "no"]

    def __enter__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is missing: `make test` installs it (scripts/ensure-redis)")
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, *self._listen_options(), "--bind", "127.0.0.1", "--requirepass", self.password,
             "--save", "", "--appendonly", "no", "--dir", str(self.folder), "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__()  # never leave a server behind a failed start
            raise
        return self

    def _wait_ready(self):
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)

    def client(self):
        return redis.Redis.from_url(self.url, **({"ssl_ca_certs": str(self.ca_file)} if self.tls else {}))

    def contents(self):
        """Every key and every value in the database, as (key, bytes) pairs: strings, lists,
        hashes, sets, sorted sets and every entry of every stream."""
        client, found = self.client(), []
        for key in client.scan_iter(count=500):
            kind = client.type(key).decode()
            if kind == "string":
                values = [client.get(key)]
            elif kind == "list":
                values = client.lrange(key, 0, -1)
            elif kind == "hash":
                values = [part for pair in client.hgetall(key).items() for part in pair]
            elif kind == "set":
                values = list(client.smembers(key))
            elif kind == "zset":
                values = client.zrange(key, 0, -1)
            elif kind == "stream":
                values = [part for _, fields in client.xrange(key) for pair in fields.items() for part in pair]
            else:
                values = []
            found += [(key, value) for value in values if value is not None]
        return found


def _make_certificates(folder):
    """A test CA and a server certificate for 127.0.0.1 signed by it (openssl, from Debian)."""
    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=Exposure Check test CA")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=127.0.0.1")
    (Path(folder) / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "san.cnf")


class Monitor:
    """Records the arguments of every command Redis receives (MONITOR), as raw bytes."""

    def __init__(self, server):
        self.commands, self._buffer = [], b""
        self._sock = socket.create_connection(("127.0.0.1", server.port))
        for command in (["AUTH", server.password], ["MONITOR"]):
            self._sock.sendall(_resp(command))
            self._read_line()
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _read_line(self):
        while b"\r\n" not in self._buffer:
            chunk = self._sock.recv(1 << 16)
            if not chunk:
                raise EOFError
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\r\n", 1)
        return line

    def _listen(self):
        try:
            while True:
                line = self._read_line()
                if line.startswith(b"+") and b"] " in line:
                    self.commands.append(parse_monitor_line(line))
        except (EOFError, OSError):
            pass

    def close(self):
        self._sock.close()


def _resp(parts):
    out = b"*%d\r\n" % len(parts)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        out += b"$%d\r\n%s\r\n" % (len(data), data)
    return out


ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"a": b"\a", b"b": b"\b"}


def parse_monitor_line(line):
    """The raw arguments of one MONITOR line: `+<time> [<db> <client>] "ARG" "ARG" ...`, each
    argument quoted with Redis's escapes (\\xHH, \\n, \\", ...)."""
    args, i = [], line.index(b"] ") + 2
    while i < len(line):
        i += 1  # the opening quote
        out = bytearray()
        while line[i:i + 1] != b'"':
            if line[i:i + 1] == b"\\":
                following = line[i + 1:i + 2]
                if following == b"x":
                    out.append(int(line[i + 2:i + 4], 16))
                    i += 4
                    continue
                out += ESCAPES.get(following, following)
                i += 2
                continue
            out += line[i:i + 1]
            i += 1
        args.append(bytes(out))
        i += 2  # the closing quote and the space
    return args
