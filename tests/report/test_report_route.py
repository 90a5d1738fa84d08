"""The report page through the real Flask route and a real SQLite store."""
import pytest

from backend import create_app, store
from backend.db import open_configured_store


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "report.db"),
                      "DATA_DIR": str(tmp_path), "API_TOKEN": "report-test-token", "RUN_JOBS": False})
    yield app
    app.extensions["exposure_jobs"].shutdown(wait=True)


def keep(app, audit_id, audit, thumbnails):
    """Store `audit` (a fake in the DESIGN.md shape) as a finished audit; its report key back."""
    db = open_configured_store(app.config)
    try:
        store.add_audit(db, audit_id, "token-hash", audit["consent"], "key-" + audit_id,
                        [{"url": p["url"], "platform": p["platform"]} for p in audit["profiles"]])
        for position, profile in enumerate(audit["profiles"]):
            store.update_profile(db, audit_id, position, status=profile["status"],
                                 message=profile["message"], photos_found=profile["photos_found"])
        result = {k: audit[k] for k in ("photos", "identities", "summary")}
        store.finish_audit(db, audit_id, result, thumbnails)
    finally:
        db.conn.close()
    return "key-" + audit_id


def test_report_route_renders_the_stored_audit(app, done_audit, thumbnails):
    key = keep(app, "a1", done_audit, thumbnails)
    response = app.test_client().get(f"/audits/a1/report?key={key}",
                                      headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="ko">' in html and "공개된 사진 8장에 내 얼굴이" in html
    assert html[html.index('id="profiles"'):].count("<img") == len(thumbnails)
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert f'href="?key={key}&amp;lang=en"' in html


def test_report_route_shows_what_changed(app, done_audit, fixed_audit, thumbnails):
    keep(app, "a1", done_audit, thumbnails)
    key = keep(app, "a2", fixed_audit, {})
    html = app.test_client().get(f"/audits/a2/report?key={key}&lang=en").get_data(as_text=True)
    assert "What changed since" in html
    assert '<span class="name">Instagram:</span> <span class="was">5</span> → <strong class="now better">0</strong>' in html
