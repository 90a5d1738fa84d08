"""Fixtures shared by every test area (flaskr style): the app on a temporary SQLite file, its
client and CLI runner, the real server and one real Chromium for a test module. Each area
(tests/<area>/) keeps only its own fixtures in its conftest; what tests share that is not a
fixture (fakes, local sites, the live server, the fleet) is in one package, tests/helpers/."""
import os
from pathlib import Path

import pytest

from backend import create_app
from crawler.browser import launch_options
from tests.helpers.fakes import TOKEN, FakeCrawler, fake_analyze
from tests.helpers.live_server import LiveServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir():
    return FIXTURES


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    # The same data folder for the app and for its CLI (`runner`, or `python -m backend ...`) in a test.
    monkeypatch.setenv("EXPOSURE_DATA_DIR", str(tmp_path))
    app = create_app({
        "TESTING": True,
        "DATABASE": str(tmp_path / "exposure.db"),
        "DATA_DIR": str(tmp_path),
        "API_TOKEN": TOKEN,
        "CRAWLER_FACTORY": FakeCrawler,
        "ANALYZE": fake_analyze,
        "AUDIT_WORKERS": 1,
    })
    yield app
    app.extensions["exposure_jobs"].shutdown(wait=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth():
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Where the browser tests' screenshots go: $EXPOSURE_SCREENSHOT_DIR (docs/screenshots to refresh
    the README's pictures of the pairing page, the dashboard, the handout and the phone page), else a
    temporary folder to look at."""
    folder = Path(os.environ.get("EXPOSURE_SCREENSHOT_DIR") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def seoul(monkeypatch):
    """This machine in Seoul: times are read in the server's local time zone, named."""
    import time
    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="module")
def live_backend(tmp_path_factory):
    """The real backend (`python -m backend serve`) for one test module."""
    server = LiveServer(tmp_path_factory.mktemp("backend")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium():
    """One real Chromium per test module (Debian's, as the crawler launches it)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def browser(chromium):
    """The same Chromium under the name the page tests use (the extension's tests have their own)."""
    return chromium
