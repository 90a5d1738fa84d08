"""Starting the real backend (`python -m backend serve`) in a subprocess for end-to-end tests."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port(host="127.0.0.1"):
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class LiveServer:
    """The real server on a free port, over a data folder that outlives restarts. `host` is a
    loopback address (127.0.0.2 stands for a school server: not this computer's 127.0.0.1)."""

    def __init__(self, data_dir, token="e2e-token", extra_env=None, host="127.0.0.1"):
        assert host.startswith("127."), "tests stay on loopback"
        self.data_dir, self.token, self.host = Path(data_dir), token, host
        self.extra_env = extra_env or {}
        self.process, self.port, self.pairing_code = None, None, None

    @property
    def base_url(self):
        return f"http://{self.host}:{self.port}"

    def start(self, timeout=60):
        self.port = free_port(self.host)
        env = {**os.environ, "EXPOSURE_DATA_DIR": str(self.data_dir), "EXPOSURE_API_TOKEN": self.token,
               "EXPOSURE_ALLOW_PRIVATE_NETWORKS": "1", "PYTHONUNBUFFERED": "1",
               **({"EXPOSURE_ALLOWED_HOSTS": self.host} if self.host != "127.0.0.1" else {}), **self.extra_env}
        self.log = open(self.data_dir / f"server-{self.port}.log", "w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "backend", "serve", "--host", self.host, "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()}")
            match = re.search(r"Pairing code: (\S+)", self.output())
            if match and self._healthy():
                self.pairing_code = match.group(1)
                return self
            time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.output()}")

    def output(self):
        self.log.flush()
        return Path(self.log.name).read_text()

    def _healthy(self):
        try:
            return self.request("GET", "/api/v1/health", auth=False)[0] == 200
        except OSError:
            return False

    def request(self, method, path, body=None, auth=True, headers=None, raw=None):
        """(status, parsed JSON or None) for one API call; `raw` bytes are sent as they are."""
        data = raw if raw is not None else json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw and "json" in response.headers.get(
                    "Content-Type", "") else raw.decode(errors="replace")
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw.startswith(b"{") else raw.decode(errors="replace")

    def wait_for(self, audit_id, predicate, timeout=240):
        """Poll the audit until `predicate(audit)` holds; return every distinct progress seen too."""
        deadline, seen = time.monotonic() + timeout, []
        while time.monotonic() < deadline:
            status, audit = self.request("GET", f"/api/v1/audits/{audit_id}")
            assert status == 200, audit
            if not seen or seen[-1] != audit["progress"]:
                seen.append(audit["progress"])
            if predicate(audit):
                return audit, seen
            time.sleep(0.2)
        raise AssertionError(f"audit did not reach the state in time: {audit['status']} {audit['progress']}")

    def kill(self):
        """SIGKILL the server and its browser children: nothing gets to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def browser_pids(self):
        """The Chromium processes descended from the server (Chromium starts sessions of its own)."""
        names = _process_table()[1]
        return sorted(pid for pid in descendants(self.process.pid) if "chrom" in names.get(pid, ""))

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "log", None):
            self.log.close()


def _process_table():
    """({pid: parent pid}, {pid: command name}) for every process readable in /proc."""
    parents, names = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name_end = stat.rindex(")")
            names[int(entry.name)] = stat[stat.index("(") + 1:name_end]
            parents[int(entry.name)] = int(stat[name_end + 2:].split()[1])
    return parents, names


def descendants(pid):
    """Every process started by `pid`, its children's children and so on (not `pid` itself)."""
    parents = _process_table()[0]
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def tree_memory(pid):
    """(RSS, PSS) in bytes of `pid` and all its descendants, summed.

    Summed RSS counts a shared page once in every process that maps it (Chromium's processes
    and the forked decoding workers share much); PSS splits each shared page between them, so
    its sum is what the tree really holds.
    """
    rss, pss, _ = tree_parts(pid)
    return rss, pss


def tree_parts(pid):
    """(RSS, PSS, {part: PSS}) of `pid` and its descendants; parts name who holds the memory
    ("server", "renderer", "chromium" for Chromium's other processes, "playwright" for its driver,
    "workers" for the rest: the analysis workers and their forkserver)."""
    rss = pss = 0
    parts = {}
    names = _process_table()[1]
    for member in {pid} | descendants(pid):
        try:
            rss += _kilobytes(Path(f"/proc/{member}/status").read_text(), "VmRSS")
            own = _kilobytes(Path(f"/proc/{member}/smaps_rollup").read_text(), "Pss")
            kind = _part(member, pid, names.get(member, ""))
        except OSError:
            continue  # ended between the listing and now
        pss += own
        parts[kind] = parts.get(kind, 0) + own
    return rss, pss, parts


def _part(member, root, name):
    if member == root:
        return "server"
    if name.startswith("node"):
        return "playwright"
    if "chrom" not in name:
        return "workers"
    return "renderer" if b"--type=renderer" in Path(f"/proc/{member}/cmdline").read_bytes() else "chromium"


def _kilobytes(text, field):
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) * 1024 if found else 0


class PeakMemory:
    """`with PeakMemory(pid) as peak:` samples the process tree every `every_s`; then `peak.rss`, `peak.pss`,
    `peak.parts`, the PSS of each part of the tree (tree_parts) at the moment of the PSS peak, and
    `peak.part_peaks`, each part's own highest PSS."""

    def __init__(self, pid, every_s=0.2):
        self.pid, self.every_s, self.rss, self.pss, self.samples = pid, every_s, 0, 0, 0
        self.parts, self.part_peaks = {}, {}
        self._stop = threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self):
        while not self._stop.is_set():
            rss, pss, parts = tree_parts(self.pid)
            if pss > self.pss:
                self.pss, self.parts = pss, parts
            for part, value in parts.items():
                self.part_peaks[part] = max(value, self.part_peaks.get(part, 0))
            self.rss = max(self.rss, rss)
            self.samples += 1
            self._stop.wait(self.every_s)
