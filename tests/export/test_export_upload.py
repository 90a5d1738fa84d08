"""POST /api/v1/exports: an export uploaded, audited and marked photo by photo; the upload
kept in a private folder only while its audit runs."""
import os
import stat

from backend import store
from backend.export import uploads
from backend.jobs import run_audit
from tests.helpers.export_builders import VARIANTS, write_zip
from tests.helpers.export_upload import client_calls, upload_export
from tests.helpers.fakes import fake_analyze, wait_until_finished


def test_an_uploaded_export_is_audited_and_its_photos_marked(tmp_path, client, auth):
    files, expected = VARIANTS["instagram-2025-json"]()
    body = write_zip(tmp_path / "e.zip", files).read_bytes()
    assert len(body) > 2 * 1024 * 1024  # sent in three parts
    status, created = upload_export(*client_calls(client, auth), body)
    assert status == 202, created
    assert (created["platform"], created["photos_found"]) == ("instagram", len(expected))
    audit = wait_until_finished(client, auth, created["id"])
    assert audit["status"] == "done"
    assert audit["profiles"][0]["url"] == "export:instagram" and not audit["profiles"][0]["audited_by_others"]
    photos = audit["photos"]
    assert len(photos) == len(expected)
    assert {p["kind"]: p["visibility"] for p in photos} == {
        "post_photo": "followers", "story_photo": "followers", "profile_photo": "public"}
    assert [p["archived"] for p in photos].count(True) == 1
    assert all(p["image_url"] is None and p["taken_at"].startswith("2023-01-01") for p in photos)
    assert audit["progress"]["photos_analyzed"] == audit["progress"]["photos_found"] == len(expected)
    assert list((tmp_path / "exports").iterdir()) == []  # removed when the audit ended


def test_the_upload_folder_is_private_while_it_waits(tmp_path):
    path = uploads.start(tmp_path / "data", "abc123")
    with open(write_zip(tmp_path / "e.zip", VARIANTS["x-2022"]()[0]), "rb") as stream:
        uploads.append(tmp_path / "data", "abc123", 0, stream, part_limit=10 ** 8)
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path.parent.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert uploads.sweep(tmp_path / "data") == 1 and not path.parent.exists()


def test_parts_out_of_order_or_too_large_are_refused(client, auth, tmp_path):
    post, put = client_calls(client, auth)
    status, started = post("/api/v1/exports?consent=self", b"")
    assert status == 201
    assert put(f"{started['part_url']}?offset=0", b"PK")[0] == 200
    status, answer = put(f"{started['part_url']}?offset=0", b"PK")  # a repeat
    assert status == 422 and answer["error"]["code"] == "upload_out_of_order"
    status, answer = put(f"{started['part_url']}?offset=2", b"x" * (uploads.PART_BYTES + 1))
    assert status == 413
    assert uploads.export_path(tmp_path, started["id"]).stat().st_size == 2
    other = {"Authorization": "Bearer someone-else"}
    assert client.put(f"{started['part_url']}?offset=2", data=b"x", headers=other).status_code == 401


class PublicInstagram:
    """A crawl that found the same platform's profile public (a logged-out visitor sees it)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def crawl(self, url, on_progress=None, platform=None, look_for=None):
        return {"url": url, "platform": "instagram", "status": "ok", "message": "", "images": []}


def test_an_exports_photos_are_public_when_the_account_is(tmp_path):
    zipped = write_zip(tmp_path / "e.zip", VARIANTS["instagram-2023-json"]()[0])
    db = store.open_store(tmp_path / "a.db")
    store.add_audit(db, "a1", "t", "self", "k", [{"url": "https://www.instagram.com/jane/", "platform": "instagram"},
                                                 {"url": "export:instagram", "platform": "instagram"}])
    run_audit(db, "a1", PublicInstagram, fake_analyze, export_path=lambda _: zipped)
    photos = store.get_audit(db, "a1")["result"]["photos"]
    assert len(photos) == 5 and {p["visibility"] for p in photos} == {"public"}


def test_an_export_gone_after_a_restart_says_upload_it_again(tmp_path):
    db = store.open_store(tmp_path / "a.db")
    store.add_audit(db, "a2", "t", "self", "k", [{"url": "export:x", "platform": "x"}])
    run_audit(db, "a2", PublicInstagram, fake_analyze, export_path=lambda _: tmp_path / "gone.zip")
    profile = store.get_audit(db, "a2")["profiles"][0]
    assert profile["status"] == "error" and "upload it again" in profile["message"]


def test_a_full_part_is_taken_under_a_server_that_ends_the_input_itself(client, auth, tmp_path):
    # waitress (`python -m backend serve`) sets wsgi.input_terminated; werkzeug then caps the stream
    # itself, and a part of exactly PART_BYTES (every part but the last) was refused as too large.
    post, _ = client_calls(client, auth)
    started = post("/api/v1/exports?consent=self", b"")[1]
    terminated = {"wsgi.input_terminated": True}
    full = client.put(f"{started['part_url']}?offset=0", data=b"x" * uploads.PART_BYTES, headers=auth,
                      content_type="application/octet-stream", environ_base=terminated)
    assert full.status_code == 200 and full.get_json()["received"] == uploads.PART_BYTES
    over = client.put(f"{started['part_url']}?offset={uploads.PART_BYTES}", data=b"x" * (uploads.PART_BYTES + 1),
                      headers=auth, content_type="application/octet-stream", environ_base=terminated)
    assert over.status_code == 413 and over.get_json()["error"]["code"] == "part_too_large"
    assert uploads.export_path(tmp_path, started["id"]).stat().st_size == uploads.PART_BYTES


def test_a_fleet_server_refuses_exports_in_the_json_error_shape(tmp_path):
    from backend.app import create_app

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "e.db"), "DATA_DIR": str(tmp_path),
                      "API_TOKEN": "fleet-token", "BROKER_URL": "redis://:secret@127.0.0.1:9/0",
                      "FLEET_SECRET": "x" * 32})
    try:
        answer = app.test_client().post("/api/v1/exports?consent=self",
                                        headers={"Authorization": "Bearer fleet-token"})
        assert answer.status_code == 503
        assert answer.get_json()["error"]["code"] == "not_with_fleet" and answer.get_json()["error"]["message"]
        assert not (tmp_path / "exports").exists() or not any((tmp_path / "exports").iterdir())
    finally:
        app.extensions["exposure_jobs"].shutdown()


def test_an_exports_finish_counts_against_the_hourly_audits(app, client, auth, tmp_path):
    # Before, only the start was checked: a finish after the hour's last audit was still queued (#27 finding 6).
    app.config["AUDITS_PER_HOUR"] = 1
    post, put = client_calls(client, auth)
    started = post("/api/v1/exports?consent=self", b"")[1]
    body = write_zip(tmp_path / "e.zip", VARIANTS["x-2022"]()[0]).read_bytes()
    assert put(f"{started['part_url']}?offset=0", body)[0] == 200
    assert client.post("/api/v1/audits", json={"profiles": ["https://example.com/me"], "consent": "self"},
                       headers=auth).status_code == 202
    status, answer = post(started["finish_url"], b"")
    assert status == 429 and answer["error"]["code"] == "rate_limited"
    assert not uploads.export_path(tmp_path, started["id"]).parent.exists()
    assert len(client.get("/api/v1/audits", headers=auth).get_json()["audits"]) == 1


def test_pictures_the_export_lists_but_could_not_be_read_are_said(tmp_path, client, auth):
    files, expected = VARIANTS["instagram-2023-json"]()
    files["your_instagram_activity/content/stories.json"] = (
        b'{"ig_stories": [{"uri": "media/stories/202301/gone1.jpg", "creation_timestamp": 1672531200},'
        b' {"uri": "media/stories/202301/gone2.jpg", "creation_timestamp": 1672531200}]}')
    status, created = upload_export(*client_calls(client, auth), write_zip(tmp_path / "e.zip", files).read_bytes())
    assert status == 202, created
    assert (created["photos_found"], created["photos_unread"]) == (len(expected) - 1, 2)
    audit = wait_until_finished(client, auth, created["id"])
    assert audit["status"] == "done" and len(audit["photos"]) == len(expected) - 1
    assert audit["profiles"][0]["message"].startswith("2 pictures this export lists could not be read")
