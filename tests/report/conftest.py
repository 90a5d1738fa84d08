"""The report tests' fake audits (tests/helpers/report_audits.py) as fixtures."""
import copy
import threading

import pytest
from werkzeug.serving import make_server

from tests.helpers.report_audits import FB, IG, NAVER, TIKTOK, finished_audit, photo, thumbnails_for


@pytest.fixture
def done_audit():
    return copy.deepcopy(finished_audit())


@pytest.fixture
def thumbnails():
    """Thumbnails for the done audit; "ig4" has none (the placeholder case)."""
    return thumbnails_for(finished_audit())


@pytest.fixture
def fixed_audit():
    """The same profiles audited again after Instagram went private and the blog posts were hidden."""
    audit = finished_audit()
    audit.update(id="a-fixed", created_at="2026-11-27T18:00:00Z")
    audit["profiles"][0].update(status="private", photos_found=1)
    audit["profiles"][3].update(photos_found=0)
    audit["photos"] = [photo("ig-avatar2", IG, "none", kind="avatar", size=(320, 320))] + [
        p for p in audit["photos"] if p["profile_url"] == FB]
    audit["identities"] = [{"id": "person-1", "photo_count": 2, "high_risk_photo_count": 2}]
    audit["summary"] = {"photos": 3, "photos_with_faces": 2, "high_risk_photos": 2, "largest_identity_kit": 2}
    return audit


@pytest.fixture
def failed_audit():
    return {
        "id": "a-failed", "status": "failed", "created_at": "2026-11-21T10:00:00Z", "consent": "self",
        "error": {"code": "browser_unavailable", "message": "The browser could not start."},
        "progress": {"stage": "crawl", "profiles_done": 0, "profiles_total": 2,
                     "photos_found": 0, "photos_analyzed": 0},
        "profiles": [{"url": IG, "platform": "instagram", "status": "error", "message": "timeout", "photos_found": 0},
                     {"url": TIKTOK, "platform": "tiktok", "status": "blocked", "message": None, "photos_found": 0}],
        "photos": [], "identities": [],
        "summary": {"photos": 0, "photos_with_faces": 0, "high_risk_photos": 0, "largest_identity_kit": 0},
    }


@pytest.fixture
def no_faces_audit():
    photos = [photo(f"nf{i}", NAVER, "none", size=(800, 600)) for i in range(1, 4)]
    return {
        "id": "a-nofaces", "status": "done", "created_at": "2026-11-22T11:00:00Z", "consent": "self",
        "progress": {"stage": "done", "profiles_done": 1, "profiles_total": 1,
                     "photos_found": 3, "photos_analyzed": 3},
        "profiles": [{"url": NAVER, "platform": "naver_blog", "status": "ok", "message": None, "photos_found": 3}],
        "photos": photos, "identities": [],
        "summary": {"photos": 3, "photos_with_faces": 0, "high_risk_photos": 0, "largest_identity_kit": 0},
    }


@pytest.fixture
def no_faces_thumbnails(no_faces_audit):
    return thumbnails_for(no_faces_audit, leave_out=())


@pytest.fixture
def live(app):
    """The real app on a free loopback port, for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
