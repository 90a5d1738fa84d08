"""The fleet tests' Redis (one a session) and fleet (one a module): tests/helpers/fleet.py."""
import pytest

from tests.helpers.fleet import running_fleet
from tests.helpers.redis_server import RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def fleet(redis_server, tmp_path_factory):
    """Redis watched by MONITOR from the first command, the API host and two workers."""
    with running_fleet(redis_server, tmp_path_factory.mktemp("fleet")) as running:
        yield running
