import contextlib
import sys
from pathlib import Path

import pytest

from tests.e2e.profile_site import ProfileSite
from tests.fleet.fleet import Worker, fleet_server
from tests.fleet.redis_server import Monitor, RedisServer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.workshop_load import ClassSite  # noqa: E402 - one page of 2 photos per student


class CountingClassSite(ClassSite):
    """The class site, counting the requests for each student's page."""

    def __init__(self):
        super().__init__()
        self.server.RequestHandlerClass = type("Counting", (self.server.RequestHandlerClass,), {
            "do_GET": lambda handler: (self.hits.append(handler.path.split("?")[0]),
                                       super(type(handler), handler).do_GET())})
        self.hits = []

    def visits(self, n):
        return self.hits.count(f"/student-{n}/")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def fleet(redis_server, tmp_path_factory):
    """Redis watched by MONITOR from the first command, the API host and two workers."""
    with running_fleet(redis_server, tmp_path_factory.mktemp("fleet")) as running:
        yield running


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
