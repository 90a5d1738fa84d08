import pytest

from tests.helpers.live_server import LiveServer
from tests.helpers.profile_site import ProfileSite


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
