"""The whole fleet for end-to-end tests: Redis, the real API host and real worker subprocesses."""
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.live_server import ROOT, LiveServer, descendants

# The secret the host and the workers sign events with; never in Redis.
FLEET_SECRET = "fleet-test-secret-" + "0123456789abcdef" * 2


def fleet_env(redis_server):
    """What the host and the workers are started with; a TLS Redis's test CA is trusted through
    SSL_CERT_FILE, as an operator's own CA would be."""
    # The default audit time limit (30 minutes, a visibility timeout of 36): a dead worker's
    # audit must be handed on through its liveness key, not by waiting that out.
    env = {"EXPOSURE_BROKER_URL": redis_server.url, "EXPOSURE_ALLOW_PRIVATE_NETWORKS": "1",
           "PYTHONUNBUFFERED": "1",
           "EXPOSURE_FLEET_SECRET": FLEET_SECRET}
    if redis_server.tls:
        env["SSL_CERT_FILE"] = str(redis_server.ca_file)
    return env


class Worker:
    """`python -m backend worker` in a session of its own, one audit at a time, one analysis process."""

    def __init__(self, folder, redis_server, name):
        self.folder, self.redis_server, self.name = Path(folder), redis_server, name
        self.process = None
        # A data folder the worker is told about and must never write to: it never opens the store.
        self.data_dir = self.folder / f"{name}-data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.folder / f"{name}.log"

    def start(self, timeout=180):
        env = {**os.environ, **fleet_env(self.redis_server), "EXPOSURE_WORKER_CONCURRENCY": "1",
               "EXPOSURE_ANALYSIS_WORKERS": "1", "EXPOSURE_DATA_DIR": str(self.data_dir)}
        env.pop("EXPOSURE_API_TOKEN", None)
        self._log = open(self.log_path, "a")
        self.process = subprocess.Popen([sys.executable, "-m", "backend", "worker"], cwd=ROOT, env=env,
                                        stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None or "raised:" in self.output():
                raise RuntimeError(f"worker failed: {self.output()}")
            # Ready: connected to the queue, and its pool process has warmed browser and models.
            if re.search(r"ready\.", self.output()) and self.warmed():
                return self
            time.sleep(0.3)
        raise RuntimeError(f"worker did not start: {self.output()}")

    def warmed(self):
        names = {pid: _command(pid) for pid in descendants(self.process.pid)}
        return any("chrom" in name for name in names.values())

    def output(self):
        # The worker writes the file; this process only reads it, before and after the worker ends.
        return self.log_path.read_text(errors="replace")

    def took(self, audit_id):
        """Whether this worker received a delivery of the audit (Celery logs the task id)."""
        return f"[{audit_id}." in self.output()

    def outcomes(self, audit_id):
        """What each delivery of the audit on this worker returned: "done", "failed", "dropped"."""
        return re.findall(r"\[%s\.[^\]]+\] succeeded in [0-9.]+s: '(\w+)'" % re.escape(audit_id), self.output())

    def kill(self):
        """SIGKILL the worker, its pool, its browser and its analysis: a machine lost mid-audit."""
        pids = {self.process.pid} | descendants(self.process.pid)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=30)

    def stop(self, timeout=90):
        """SIGTERM, as a service manager stops it; returns the exit code."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        leftovers = [pid for pid in descendants(self.process.pid)] if self.process else []
        for pid in leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._log.close()
        return self.process.returncode


def _command(pid):
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def fleet_server(folder, redis_server):
    """The API host with the fleet: limits raised so one test token may start every audit."""
    server = LiveServer(folder, extra_env={**fleet_env(redis_server), "EXPOSURE_AUDITS_PER_HOUR": "200",
                                           "EXPOSURE_PROFILES_PER_DAY": "200"})
    return server.start()
