"""POST /api/v1/own-profile: the photos of the user's own profile, sent by the extension,
audited from memory and marked "followers" (or "public")."""
import io

from werkzeug import formparser

from tests.helpers.export_builders import photo
from tests.helpers.fakes import wait_until_finished

PROFILE = "https://www.instagram.com/Jane.Doe/"


def form(photos, private="1", consent="self", profile=PROFILE):
    data = {"profile": profile, "consent": consent, "account_private": private,
            "photo": [(io.BytesIO(body), f"{i}.jpg", "image/jpeg") for i, (body, _) in enumerate(photos)],
            "kind": [kind for _, kind in photos]}
    return data


def test_own_profile_photos_are_audited_and_marked_followers(client, auth):
    photos = [(photo("obama.jpg"), "post_photo"), (photo("biden.jpg"), "post_photo"),
              (photo("obama2.jpg"), "profile_photo")]
    answer = client.post("/api/v1/own-profile", data=form(photos), headers=auth, content_type="multipart/form-data")
    assert answer.status_code == 202, answer.get_json()
    audit = wait_until_finished(client, auth, answer.get_json()["id"])
    assert audit["status"] == "done"
    assert audit["profiles"][0]["url"] == "own:https://www.instagram.com/jane.doe/"
    assert [p["visibility"] for p in audit["photos"]] == ["followers", "followers", "public"]


def test_a_public_accounts_photos_are_public(client, auth):
    answer = client.post("/api/v1/own-profile", data=form([(photo(), "post_photo")], private="0"), headers=auth,
                         content_type="multipart/form-data")
    audit = wait_until_finished(client, auth, answer.get_json()["id"])
    assert [p["visibility"] for p in audit["photos"]] == ["public"]


def test_bad_own_profile_requests_get_clear_errors(client, auth):
    cases = [(form([]), "missing_photos"), (form([(photo(), "selfie")]), "missing_photos"),
             (form([(photo(), "post_photo")], consent="friend"), "invalid_consent"),
             (form([(photo(), "post_photo")], profile="https://www.youtube.com/@jane"), "unsupported_platform"),
             (form([(photo(), "post_photo")], profile="not a link"), "invalid_url"),
             (form([(b"x", "post_photo")] * 61), "too_many_photos")]
    for data, code in cases:
        answer = client.post("/api/v1/own-profile", data=data, headers=auth, content_type="multipart/form-data")
        assert answer.status_code == 422 and answer.get_json()["error"]["code"] == code, (code, answer.get_json())


def test_no_photo_part_is_spooled_to_disk(client, auth, monkeypatch):
    spooled = []
    original = formparser.SpooledTemporaryFile

    def spy(*args, **kwargs):  # werkzeug's default for every file part: spill to disk past 500 kB
        spooled.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(formparser, "SpooledTemporaryFile", spy)
    big = photo("obama3.jpg")  # over werkzeug's 500 kB in-memory threshold
    assert len(big) > 500 * 1024
    answer = client.post("/api/v1/own-profile", data=form([(big, "post_photo")]), headers=auth,
                         content_type="multipart/form-data")
    assert answer.status_code == 202 and spooled == []
    wait_until_finished(client, auth, answer.get_json()["id"])


def test_the_limits_the_extension_reads_are_the_ones_the_upload_enforces(client, auth):
    from backend.api.limits import current_limits

    limits = client.get("/api/v1/own-profile", headers=auth).get_json()
    assert limits["max_photo_bytes"] == current_limits(1)["max_upload_bytes"]
    # The extension stops adding photos at max_body_bytes: a form that full is still accepted.
    count = -(-limits["max_body_bytes"] // limits["max_photo_bytes"])
    size = limits["max_body_bytes"] // count
    answer = client.post("/api/v1/own-profile", data=form([(b"\xff" * size, "post_photo")] * count),
                         headers=auth, content_type="multipart/form-data")
    assert answer.status_code == 202, answer.get_json()
    wait_until_finished(client, auth, answer.get_json()["id"])


def test_own_profile_photos_count_against_the_hourly_photo_checks(app, client, auth):
    # An own-profile check grades each photo as /analyze does: before, 60 photos a post went uncounted
    # while /analyze allowed 60 an hour (#27 finding 6).
    app.config["ANALYSES_PER_HOUR"] = 5
    four = form([(b"\xff" * 100, "post_photo")] * 4)
    answer = client.post("/api/v1/own-profile", data=four, headers=auth, content_type="multipart/form-data")
    assert answer.status_code == 202
    wait_until_finished(client, auth, answer.get_json()["id"])
    two = form([(b"\xff" * 100, "post_photo")] * 2)
    answer = client.post("/api/v1/own-profile", data=two, headers=auth, content_type="multipart/form-data")
    assert answer.status_code == 429 and "5 photos an hour" in answer.get_json()["error"]["message"]
    one = client.post("/api/v1/analyze", data={"image": (io.BytesIO(photo()), "p.jpg")}, headers=auth,
                      content_type="multipart/form-data")
    assert one.status_code == 200
    assert client.post("/api/v1/analyze", data={"image": (io.BytesIO(photo()), "p.jpg")}, headers=auth,
                       content_type="multipart/form-data").status_code == 429
    assert len(client.get("/api/v1/audits", headers=auth).get_json()["audits"]) == 1


def test_photos_waiting_for_a_busy_worker_are_held_to_a_budget(tmp_path, monkeypatch):
    # 40 posts queued behind one busy audit took the server from 85 to 693 MB (#27 finding 5).
    import threading
    import time

    from backend.app import create_app
    from tests.helpers.fakes import TOKEN, FakeCrawler, fake_analyze

    gate = threading.Event()

    def slow_analyze(images, **options):
        gate.wait(30)
        return fake_analyze(images, **options)

    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "o.db"), "DATA_DIR": str(tmp_path),
                      "API_TOKEN": TOKEN, "CRAWLER_FACTORY": FakeCrawler, "ANALYZE": slow_analyze,
                      "AUDIT_WORKERS": 1, "HANDED_BUDGET_BYTES": 3 * 1024 * 1024})
    client, auth = app.test_client(), {"Authorization": f"Bearer {TOKEN}"}
    runner = app.extensions["exposure_jobs"]
    try:
        def post():
            return client.post("/api/v1/own-profile", data=form([(b"\xff" * 1024 * 1024, "post_photo")]),
                               headers=auth, content_type="multipart/form-data")

        statuses = [post().status_code for _ in range(5)]
        assert statuses == [202, 202, 202, 503, 503], statuses  # one runs, two wait, the rest are refused
        assert post().get_json()["error"]["code"] == "busy"
        assert runner.handed.used == 3 * 1024 * 1024
        gate.set()
        for audit in client.get("/api/v1/audits", headers=auth).get_json()["audits"]:
            assert wait_until_finished(client, auth, audit["id"])["status"] == "done"
        deadline = time.monotonic() + 5  # given back just after the audit is written done
        while runner.handed.used and time.monotonic() < deadline:
            time.sleep(0.01)
        assert runner.handed.used == 0
        assert post().status_code == 202  # the room is given back when the audits end
    finally:
        gate.set()
        runner.shutdown(wait=True)
