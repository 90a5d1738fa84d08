"""Fixtures for the API: a flaskr-style app on a temporary SQLite file, its client and CLI runner."""
import time

import pytest

from backend import create_app

TOKEN = "test-token-for-the-api"


class FakeCrawler:
    """Stands in for crawler.Crawler in unit tests of the API (the end-to-end tests use the real one)."""

    def __init__(self, images=()):
        self.images = list(images)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def crawl(self, url, on_progress=None, look_for=None):
        return {"url": url, "platform": "generic", "status": "ok", "message": "", "images": self.images}


def fake_analyze(images, on_progress=None, **_options):
    images = list(images)
    for done, (_, data) in enumerate(images, start=1):
        if callable(data):
            data()  # an export's photo, read from its ZIP on demand as the real analysis does
        if on_progress:
            on_progress(done, len(images))
    photos = [{"key": k, "width": 10, "height": 10, "risk": "none", "skipped": None, "faces": [],
               "thumbnail": None} for k, _ in images]
    return {"photos": photos, "identities": [],
            "summary": {"photos": len(photos), "photos_with_faces": 0, "high_risk_photos": 0,
                        "largest_identity_kit": 0}}


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    # The same data folder for the app and for `python -m backend ...` run in a test.
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


def wait_until_finished(client, headers, audit_id, timeout=30):
    """Poll an audit through the API until it is done or failed; return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/audits/{audit_id}", headers=headers).get_json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"audit still {body['status']}")
