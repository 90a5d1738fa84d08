"""The whole fleet for end-to-end tests: Redis, the real API host and real worker subprocesses."""
import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from celery import Celery

from backend.fleet import broker
from tests.helpers.class_run import ClassSite
from tests.helpers.live_server import ROOT, LiveServer, descendants
from tests.helpers.profile_site import ProfileSite
from tests.helpers.redis_server import Monitor

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


class CountingClassSite(ClassSite):
    """The class site (one page of 2 photos per student), counting the requests for each student's page."""

    def __init__(self):
        super().__init__()
        self.server.RequestHandlerClass = type("Counting", (self.server.RequestHandlerClass,), {
            "do_GET": lambda handler: (self.hits.append(handler.path.split("?")[0]),
                                       super(type(handler), handler).do_GET())})
        self.hits = []

    def visits(self, n):
        return self.hits.count(f"/student-{n}/")


@contextlib.contextmanager
def running_fleet(redis_server, folder, slow_delay_s=4.0):
    """The fleet of the tests: a slow site's photo takes `slow_delay_s` to send."""
    redis_server.client().flushall()
    monitor = Monitor(redis_server)
    server = fleet_server(folder, redis_server)
    workers = [Worker(folder, redis_server, f"worker-{n}") for n in (1, 2)]
    try:
        for worker in workers:
            worker.start()
        with CountingClassSite() as site, ProfileSite(slow_delay_s=slow_delay_s) as slow_site:
            yield type("Fleet", (), {"server": server, "workers": workers, "monitor": monitor, "site": site,
                                     "slow_site": slow_site, "redis": redis_server, "folder": folder})
    finally:
        for worker in workers:
            if worker.process and worker.process.poll() is None:
                worker.stop()
        server.stop()
        monitor.close()


# What the fleet tests do and wait for.

def finished(audit):
    return audit["status"] in ("done", "failed")


def start(fleet, url):
    status, created = fleet.server.request("POST", "/api/v1/audits", {"profiles": [url], "consent": "self"})
    assert status == 202, created
    return created["id"]


def worker_running(fleet, audit_id, timeout=120):
    """The worker running the audit, once the host shows it running: asked of the workers
    themselves (Celery's remote control, `inspect active`, over the broker), never their logs.
    A worker's Celery name carries its process id (backend/fleet/worker.py)."""
    fleet.server.wait_for(audit_id, lambda audit: audit["status"] == "running", timeout=timeout)
    control = Celery("inspect", broker=fleet.redis.url, set_as_current=False).control
    by_pid = {worker.process.pid: worker for worker in fleet.workers}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for name, tasks in (control.inspect(timeout=2.0).active() or {}).items():
            if any(task["id"].startswith(f"{audit_id}.") for task in tasks):
                return by_pid[int(name.split("@")[0].removeprefix("exposure-"))]
    raise AssertionError("no worker is running the audit")


def wait_until(predicate, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def rows_of(fleet, audit_id):
    """What the host's SQLite file holds of an audit (read-only)."""
    conn = sqlite3.connect(f"file:{fleet.folder / 'exposure.db'}?mode=ro", uri=True)
    try:
        return {table: conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [audit_id]).fetchone()[0]
                for table, column in (("audits", "id"), ("audit_profiles", "audit_id"),
                                      ("thumbnails", "audit_id"))}
    finally:
        conn.close()


def delete_while_queued(fleet, student):
    """Both workers busy, one more audit queued and deleted: it is let go, never crawled, never kept.

    Every wait is on a state the host or Redis reports (the audit's status, the queue, kombu's
    unacked deliveries), never a fixed time or a worker's log line."""
    busy = [start(fleet, fleet.slow_site.url("/slow-blog/")) for _ in fleet.workers]
    queued = start(fleet, fleet.site.student_url(student))
    status, audit = fleet.server.request("GET", f"/api/v1/audits/{queued}")
    assert audit["status"] == "queued" and audit["queue_position"] >= 1
    assert fleet.server.request("DELETE", f"/api/v1/audits/{queued}")[0] == 204

    for audit_id in busy:
        assert fleet.server.wait_for(audit_id, finished, timeout=300)[0]["status"] == "done"
    # Read from Redis, not from the workers' logs: the deleted audit's task was taken from the
    # queue and acknowledged (kombu's "unacked" holds a delivery, its task id in the clear,
    # until its task returns; a killed worker's delivery stays there until its visibility timeout).
    client = fleet.redis.client()

    def let_go():
        held = client.hvals("unacked")
        return client.llen(broker.QUEUE) == 0 and not any(f'"{queued}.'.encode() in value for value in held)

    assert wait_until(let_go), "a worker took the deleted audit's task and let it go"
    assert not client.exists(broker.RUN_KEY.format(queued)), "no worker claimed it"
    assert fleet.site.visits(student) == 0, "the deleted audit's profile was never opened"
    assert fleet.server.request("GET", f"/api/v1/audits/{queued}")[0] == 404
    assert rows_of(fleet, queued) == {"audits": 0, "audit_profiles": 0, "thumbnails": 0}
