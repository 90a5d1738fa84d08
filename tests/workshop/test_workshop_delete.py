"""Closing a workshop deletes everything in it; retention applies to workshops too."""
import functools
import threading
from concurrent.futures import wait
from datetime import datetime, timedelta, timezone
from pathlib import Path

from backend import create_app, store
from backend.workshop import close_workshop
from tests.helpers.fakes import TOKEN, FakeCrawler, fake_photo, fake_result
from tests.helpers.workshop import finish, join, token_hash

OUTSIDER = {"Authorization": f"Bearer {TOKEN}"}


def file_bytes(app):
    path = Path(app.config["DATABASE"])
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def fill(client, db, workshop, n=3):
    students = [join(client, workshop["join_code"]) for _ in range(n)]
    for i, headers in enumerate(students):
        finish(db, headers, f"ws-audit-{i}", f"https://www.instagram.com/student_handle_{i}/", ("high", "none"))
    return students


def close(client, workshop, **form):
    return client.post(f"/workshops/{workshop['id']}/close", data={"key": workshop["teacher_key"], **form})


def test_closing_deletes_every_audit_token_and_row_of_the_workshop(app, client, db, workshop):
    students = fill(client, db, workshop)
    finish(db, OUTSIDER, "outside-audit", "https://www.instagram.com/someone_else/", ("high",))

    response = close(client, workshop, confirm="yes")
    assert response.status_code == 200
    assert "3 audits" in response.get_data(as_text=True)

    assert [a["id"] for a in db["audits"].rows] == ["outside-audit"]
    assert {r["audit_id"] for r in db["audit_profiles"].rows} == {"outside-audit"}
    assert {r["audit_id"] for r in db["thumbnails"].rows} == {"outside-audit"}
    assert db["tokens"].count == 0 and db["workshops"].count == 0
    for headers in students:
        assert client.get("/api/v1/audits", headers=headers).status_code == 401
    assert client.get(f"/workshops/{workshop['id']}?key={workshop['teacher_key']}").status_code == 404
    assert client.get("/api/v1/audits/outside-audit", headers=OUTSIDER).status_code == 200


def test_nothing_of_a_closed_workshop_is_left_in_the_database_file(app, client, db, workshop):
    fill(client, db, workshop)
    assert b"student_handle_1" in file_bytes(app)
    # Some SQLite builds leave deleted rows in free pages unless told otherwise (Debian's does not).
    db.execute("PRAGMA secure_delete = OFF")
    close_workshop(db, workshop["id"])
    db.conn.close()
    raw = file_bytes(app)
    assert b"student_handle_" not in raw
    assert "2-3반".encode() not in raw
    assert b"THUMB-ws-audit" not in raw


def test_closing_needs_the_confirmation_and_the_key(client, db, workshop):
    fill(client, db, workshop)
    assert close(client, workshop).status_code == 400
    wrong = client.post(f"/workshops/{workshop['id']}/close", data={"key": "not-the-key", "confirm": "yes"})
    assert wrong.status_code == 404
    assert db["audits"].count == 3 and db["workshops"].count == 1


def test_an_audit_running_while_the_workshop_closes_is_not_brought_back(app, client, db, workshop):
    headers = join(client, workshop["join_code"])
    started, release = threading.Event(), threading.Event()

    late = "https://www.instagram.com/late_student/"
    slow_crawler = functools.partial(FakeCrawler, [{"data": b"x", "page_url": late, "image_url": late + "p.jpg"}],
                                     started=started, gate=release, platform="instagram")

    def one_photo(images, **_options):
        return fake_result([fake_photo(k, "high", thumbnail=b"THUMB-late") for k, _ in images])

    runner = app.extensions["exposure_jobs"]
    runner.crawler_factory, runner.analyze = slow_crawler, one_photo
    store.add_audit(db, "running-audit", token_hash(headers), "self", "k",
                    [{"url": "https://www.instagram.com/late_student/", "platform": "instagram"}])
    future = runner.submit("running-audit")
    assert started.wait(10)
    assert close(client, workshop, confirm="yes").status_code == 200
    release.set()
    # The runner's writes to the deleted audit fail (it is gone); none may bring rows back.
    wait([future], timeout=10)
    assert future.done()
    assert db["audits"].count == 0 and db["thumbnails"].count == 0 and db["audit_profiles"].count == 0


def test_cli_close_deletes_the_workshop(runner, client, db, workshop):
    fill(client, db, workshop)
    result = runner.invoke(args=["workshop", "close", workshop["id"], "--yes"])
    assert result.exit_code == 0, result.output
    assert "3 audits deleted" in result.output
    assert db["audits"].count == 0 and db["workshops"].count == 0
    again = runner.invoke(args=["workshop", "close", workshop["id"], "--yes"])
    assert again.exit_code != 0 and "no workshop" in again.output


def test_workshops_past_the_retention_period_go_with_everything_in_them(app, client, db, workshop):
    fill(client, db, workshop)
    old = (datetime.now(timezone.utc) - timedelta(days=app.config["RETENTION_DAYS"] + 1)).isoformat(timespec="seconds")
    db["workshops"].update(workshop["id"], {"created_at": old})
    # A restart runs the retention purge (and then every hour).
    restarted = create_app({"DATABASE": app.config["DATABASE"], "DATA_DIR": app.config["DATA_DIR"],
                            "AUDIT_WORKERS": 1})
    restarted.extensions["exposure_jobs"].shutdown(wait=True)
    assert db["workshops"].count == 0 and db["audits"].count == 0 and db["tokens"].count == 0


def test_a_young_workshop_is_kept_by_the_purge(client, db, workshop):
    fill(client, db, workshop)
    assert store.purge_expired_workshops(db, 30) == 0
    assert db["audits"].count == 3


def test_a_closed_class_leaves_only_its_tokens_hashes_and_those_go_with_retention(client, db, workshop):
    students = fill(client, db, workshop, n=2)
    close_workshop(db, workshop["id"])
    hashes = {token_hash(s) for s in students}
    assert {row["hash"] for row in db["ended_tokens"].rows} == hashes
    assert set(db["ended_tokens"].columns_dict) == {"hash", "ended_at"}, "nothing but the hash and when"
    assert not store.token_ended(db, token_hash(OUTSIDER))
    old = (datetime.now(timezone.utc) - timedelta(days=31)).isoformat(timespec="seconds")
    db["ended_tokens"].update(next(iter(hashes)), {"ended_at": old})
    store.purge_expired_workshops(db, 30)
    assert db["ended_tokens"].count == 1
