"""Fixtures for the export tests: an app over a temporary data folder; export ZIPs are built
in code (export_builders.py)."""
import sys
from pathlib import Path

import pytest

from backend.app import create_app

sys.path.insert(0, str(Path(__file__).parent))

TOKEN = "test-token-for-exports"


def fake_analyze(images, on_progress=None, **_options):
    """Reads every photo as the real analysis does (the callables run), grades none."""
    photos, images = [], list(images)
    for done, (key, data) in enumerate(images, start=1):
        if on_progress:
            on_progress(done, len(images))
        data = data() if callable(data) else data
        photos.append({"key": key, "width": len(data or b""), "height": 1, "risk": "none", "skipped": None,
                       "faces": [], "thumbnail": None})
    return {"photos": photos, "identities": [],
            "summary": {"photos": len(photos), "photos_with_faces": 0, "high_risk_photos": 0,
                        "largest_identity_kit": 0}}


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPOSURE_DATA_DIR", str(tmp_path))
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "exposure.db"), "DATA_DIR": str(tmp_path),
                      "API_TOKEN": TOKEN, "ANALYZE": fake_analyze, "AUDIT_WORKERS": 1})
    yield app
    app.extensions["exposure_jobs"].shutdown(wait=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def auth():
    return {"Authorization": f"Bearer {TOKEN}"}
