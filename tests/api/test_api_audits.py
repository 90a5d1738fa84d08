"""Audits through the API with a stand-in crawler and analysis (the real ones: test_e2e_*)."""


from backend import store
from tests.helpers.api_calls import start
from tests.helpers.fakes import wait_until_finished


def test_create_read_list_delete(app, client, auth):
    created = start(client, auth, consent="guardian")
    assert created["status"] == "queued"
    assert created["status_url"] == f"/api/v1/audits/{created['id']}"
    assert created["report_url"].startswith(f"/audits/{created['id']}/report?key=")
    done = wait_until_finished(client, auth, created["id"])
    assert done["status"] == "done"
    assert done["consent"] == "guardian"
    assert done["progress"]["profiles_done"] == done["progress"]["profiles_total"] == 1
    assert done["profiles"][0]["status"] == "ok"

    listed = client.get("/api/v1/audits", headers=auth).get_json()["audits"]
    assert [a["id"] for a in listed] == [created["id"]]
    assert "report_key" not in listed[0]
    assert listed[0]["summary"] == done["summary"] and listed[0]["status"] == "done"

    assert client.delete(f"/api/v1/audits/{created['id']}", headers=auth).status_code == 204
    assert client.get(f"/api/v1/audits/{created['id']}", headers=auth).status_code == 404
    db = store.open_store(app.config["DATABASE"])
    for table in ("audits", "audit_profiles", "thumbnails"):
        assert db[table].count == 0


def test_duplicate_links_are_audited_once(client, auth):
    created = start(client, auth, profiles=["https://example.com/me", "https://example.com/me"])
    done = wait_until_finished(client, auth, created["id"])
    assert len(done["profiles"]) == 1


def test_another_token_cannot_see_the_audit(app, client, auth):
    created = start(client, auth)
    from backend import tokens

    db = store.open_store(app.config["DATABASE"])
    other = client.post("/api/v1/pair", json={"code": tokens.new_pairing_code(db, 5)}).get_json()["token"]
    other_auth = {"Authorization": f"Bearer {other}"}
    assert client.get(f"/api/v1/audits/{created['id']}", headers=other_auth).status_code == 404
    assert client.delete(f"/api/v1/audits/{created['id']}", headers=other_auth).status_code == 404
    assert client.get("/api/v1/audits", headers=other_auth).get_json() == {"audits": []}


def test_audits_per_hour_are_limited(app, client, auth):
    app.config["AUDITS_PER_HOUR"] = 2
    start(client, auth)
    start(client, auth)
    response = client.post("/api/v1/audits", json={"profiles": ["https://example.com/me"], "consent": "self"},
                           headers=auth)
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"


def test_distinct_profiles_per_day_are_limited(app, client, auth):
    app.config["PROFILES_PER_DAY"] = 3
    start(client, auth, profiles=[f"https://example.com/u{i}" for i in range(3)])
    start(client, auth, profiles=["https://example.com/u0"])  # seen already: fine
    response = client.post("/api/v1/audits", json={"profiles": ["https://example.com/new"], "consent": "self"},
                           headers=auth)
    assert response.status_code == 429


def test_report_needs_its_key(client, auth):
    created = start(client, auth)
    wait_until_finished(client, auth, created["id"])
    assert client.get(f"/audits/{created['id']}/report").status_code == 404
    assert client.get(f"/audits/{created['id']}/report?key=wrong").status_code == 404


def test_a_full_data_folder_answers_503(app, client, auth):
    app.config["MAX_DB_MB"] = 0.2  # a quota reached after a few audits, like a full disk
    statuses = set()
    for _ in range(40):
        response = client.post("/api/v1/audits", headers=auth, json={
            "profiles": [f"https://example.com/{'x' * 1500}{i}" for i in range(10)], "consent": "self"})
        statuses.add(response.status_code)
        if response.status_code == 503:
            assert response.get_json()["error"]["code"] == "storage_unavailable"
            break
    assert 503 in statuses and statuses <= {202, 429, 503}


def big_thumbnails(images, **_options):
    """The stand-in analysis, with a thumbnail per photo that does not compress (fills a quota fast)."""
    import os

    from tests.helpers.fakes import fake_analyze

    result = fake_analyze(images)
    for photo in result["photos"]:
        photo["thumbnail"] = os.urandom(40_000)
    return result


def test_a_full_store_refuses_new_audits_and_no_audit_is_left_running(app, client, auth):
    from tests.helpers.fakes import FakeCrawler

    app.config["MAX_DB_MB"] = 1
    images = [{"data": b"x", "page_url": "https://example.com/me", "image_url": f"https://example.com/{i}.jpg"}
              for i in range(5)]
    runner = app.extensions["exposure_jobs"]
    runner.crawler_factory, runner.analyze = (lambda: FakeCrawler(images)), big_thumbnails
    app.config["AUDITS_PER_HOUR"] = 1000
    accepted, refusal = [], None
    for i in range(40):
        response = client.post("/api/v1/audits", headers=auth,
                               json={"profiles": [f"https://example.com/u{i}"], "consent": "self"})
        if response.status_code == 503:
            refusal = response.get_json()["error"]
            break
        assert response.status_code == 202, response.get_json()
        accepted.append(wait_until_finished(client, auth, response.get_json()["id"]))
    assert refusal and refusal["code"] == "storage_unavailable" and "full" in refusal["message"]
    assert accepted and {audit["status"] for audit in accepted} <= {"done", "failed"}
    assert all("full" in audit["error"] for audit in accepted if audit["status"] == "failed")


def test_an_audit_whose_failure_cannot_be_saved_is_answered_failed(app, client, auth, monkeypatch):
    import sqlite3

    def disk_full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    # The result and then the failure cannot be written, as on a disk that filled up meanwhile.
    monkeypatch.setattr(store, "finish_audit", disk_full)
    monkeypatch.setattr(store, "fail_audit", disk_full)
    created = start(client, auth)
    failed = wait_until_finished(client, auth, created["id"])
    assert failed["status"] == "failed" and "storage is full" in failed["error"]
    # Asked in Korean (the popup's language), the failure is said in Korean, not in the server's English.
    korean = client.get(f"/api/v1/audits/{created['id']}?lang=ko", headers=auth).get_json()
    assert korean["error"].startswith("서버의 저장 공간이 가득 차서") and "storage" not in korean["error"]
    listed = client.get("/api/v1/audits", headers=auth).get_json()["audits"]
    assert listed[0]["status"] == "failed"
    report = client.get(created["report_url"])
    assert report.status_code == 200
