import pytest

from tests.e2e.live_server import LiveServer
from tests.e2e.profile_site import ProfileSite


@pytest.fixture
def site():
    with ProfileSite() as served:
        yield served


@pytest.fixture
def live_server(tmp_path):
    server = LiveServer(tmp_path)
    server.start()
    yield server
    server.stop()
