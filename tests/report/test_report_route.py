"""The report page through the real Flask route and a real SQLite store."""
from tests.helpers.report_audits import keep


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


def test_the_report_view_is_built_once_a_request(app, done_audit, fixed_audit, thumbnails, monkeypatch):
    """The page with "what changed" and the API's read each build the view once (the document's
    summary and the page are one build), and the page still says what the API says."""
    from backend.report import view
    from backend.tokens import digest
    from tests.helpers.fakes import TOKEN

    builds, build = [], view.build
    monkeypatch.setattr(view, "build", lambda *a, **k: builds.append(1) or build(*a, **k))
    keep(app, "a1", done_audit, thumbnails, token_hash=digest(TOKEN))
    key = keep(app, "a2", fixed_audit, {}, token_hash=digest(TOKEN))
    html = app.test_client().get(f"/audits/a2/report?key={key}&lang=en").get_data(as_text=True)
    assert "What changed since" in html and len(builds) == 1
    body = app.test_client().get("/api/v1/audits/a2", headers={"Authorization": f"Bearer {TOKEN}"}).get_json()
    assert len(builds) == 2
    assert body["verdict"]["sentence"] in html
