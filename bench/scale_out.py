"""Audits per minute with the embedded pool, and with 1 and 2 Celery workers on this machine.

    .venv/bin/python -m bench.scale_out [--audits 20] [--rounds 1] [--modes embedded,1,2]

Each run: the real API host (`python -m backend serve`) on a free loopback port, a local
class site (one page of 2 photos a student: tests/helpers/class_run.py), and N audits started
at once through the API and polled to the end, the way the extension does. The fleet
runs use a real redis-server on loopback with a password (tests/fleet) and real workers
(`python -m backend worker`, one audit at a time each), started and warmed before the clock
starts. Prints for each mode: audits per minute (median of the rounds), the API host's CPU
per audit (its process and everything it started: the embedded pool's browsers and
analysis processes count, a worker's do not), and the workers' peak memory (PSS), which
backend/fleet/worker.py's SLOT_BYTES is set from. Nothing leaves 127.0.0.1.
"""
import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.class_run import ClassSite  # noqa: E402 - the repository root is on the path now
from tests.helpers.fleet import Worker, fleet_env  # noqa: E402
from tests.helpers.live_server import LiveServer, PeakMemory, descendants  # noqa: E402
from tests.helpers.redis_server import RedisServer  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


class TreeCPU:
    """CPU seconds of a process and all it starts, sampled: `with TreeCPU(pid) as cpu: ...; cpu.seconds`.

    Each process's own user+system time is kept at its last sample, so one that ends during
    the run still counts (up to its last 0.2 s).
    """

    def __init__(self, pid, every_s=0.2):
        self.pid, self.every_s, self._last = pid, every_s, {}
        self._stop = threading.Event()

    def _sample(self):
        for member in {self.pid} | descendants(self.pid):
            try:
                stat = Path(f"/proc/{member}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            self._last[member] = (int(fields[11]) + int(fields[12])) / TICKS

    def __enter__(self):
        self._sample()
        self._start = dict(self._last)

        def loop():
            while not self._stop.wait(self.every_s):
                self._sample()

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def seconds(self):
        return sum(value - self._start.get(pid, 0.0) for pid, value in self._last.items())


def run_audits(server, site, count, offset):
    """Start `count` audits at once and poll each to its end; (seconds, statuses)."""
    ids = []
    began = time.monotonic()
    for n in range(offset, offset + count):
        status, created = server.request("POST", "/api/v1/audits",
                                         {"profiles": [site.student_url(n)], "consent": "self"})
        assert status == 202, created
        ids.append(created["id"])
    statuses = {}
    while len(statuses) < len(ids) and time.monotonic() - began < 1800:
        for audit_id in ids:
            if audit_id not in statuses:
                audit = server.request("GET", f"/api/v1/audits/{audit_id}")[1]
                if audit["status"] in ("done", "failed"):
                    statuses[audit_id] = audit["status"]
        time.sleep(0.5)
    return time.monotonic() - began, list(statuses.values())


def measure(mode, audits, rounds, scratch):
    """One mode ("embedded", or a number of workers): per round (audits per minute, host CPU per audit)."""
    folder = Path(tempfile.mkdtemp(prefix=f"scale-{mode}-", dir=scratch))
    limits = {"EXPOSURE_AUDITS_PER_HOUR": "10000", "EXPOSURE_PROFILES_PER_DAY": "10000"}
    figures = {"rates": [], "cpu_per_audit": [], "failed": 0, "worker_pss_mb": []}
    with ClassSite() as site, (RedisServer(folder) if mode != "embedded" else contextlib.nullcontext()) as redis_server:
        env = limits if mode == "embedded" else {**limits, **fleet_env(redis_server)}
        server = LiveServer(folder, extra_env=env).start()
        workers = [] if mode == "embedded" else [Worker(folder, redis_server, f"w{n}") for n in range(mode)]
        try:
            for worker in workers:
                worker.start()
            peaks = [PeakMemory(worker.process.pid) for worker in workers]
            for peak in peaks:
                peak.__enter__()
            for number in range(rounds):
                with TreeCPU(server.process.pid) as cpu:
                    seconds, statuses = run_audits(server, site, audits, offset=number * audits)
                figures["rates"].append(60 * audits / seconds)
                figures["cpu_per_audit"].append(cpu.seconds / audits)
                figures["failed"] += sum(1 for s in statuses if s != "done") + audits - len(statuses)
            for peak in peaks:
                peak.__exit__()
            figures["worker_pss_mb"] = [round(peak.pss / 1024 ** 2) for peak in peaks]
        finally:
            for worker in workers:
                worker.stop()
            server.stop()
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--audits", type=int, default=20, help="audits started at once in each round")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--modes", default="embedded,1,2", help="embedded and/or numbers of workers")
    args = parser.parse_args(argv)
    modes = [m if m == "embedded" else int(m) for m in args.modes.split(",")]
    print(f"{args.audits} audits of one profile (2 photos) at once, {args.rounds} round(s); "
          f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="scale-out-") as scratch:
        for mode in modes:
            figures = measure(mode, args.audits, args.rounds, scratch)
            name = "embedded pool" if mode == "embedded" else f"{mode} worker{'s' if mode > 1 else ''}"
            memory = f"  worker peak PSS {figures['worker_pss_mb']} MB" if figures["worker_pss_mb"] else ""
            print(f"{name:<14} {statistics.median(figures['rates']):6.1f} audits/min  "
                  f"API host CPU {statistics.median(figures['cpu_per_audit']):5.2f} s/audit  "
                  f"failed {figures['failed']}{memory}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
