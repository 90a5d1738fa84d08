"""The store: migrations, retention, recovery after a crash, queue positions."""
import functools
from datetime import datetime, timedelta, timezone

import pytest

from backend import jobs, runners, store
from tests.helpers.fakes import FakeCrawler


@pytest.fixture
def db(tmp_path):
    return store.open_store(tmp_path / "s.db")


def add(db, audit_id, token="t", urls=("https://example.com/a",)):
    store.add_audit(db, audit_id, token, "self", f"key-{audit_id}", [{"url": u, "platform": "generic"} for u in urls])


def test_migrations_are_idempotent(tmp_path):
    first = store.open_store(tmp_path / "m.db")
    first.conn.close()
    again = store.open_store(tmp_path / "m.db")
    assert {"tokens", "pairing_codes", "audits", "audit_profiles", "thumbnails"} <= set(again.table_names())
    assert again.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_reader_chosen_before_several_could_be_is_kept(tmp_path):
    """A store from before m008 kept one group id, or "none": both read as a choice after it."""
    import sqlite3

    import sqlite_utils

    old = sqlite_utils.Database(sqlite3.connect(str(tmp_path / "old.db"), isolation_level=None))
    store.migrations.apply(old, stop_before="m008_reader_choice")
    for audit_id, reader in (("one", "person-2"), ("nobody", "none"), ("unsaid", None)):
        add(old, audit_id)
        old["audits"].update(audit_id, {"reader": reader})
    old.conn.close()
    db = store.open_store(tmp_path / "old.db")
    assert store.get_audit(db, "one")["reader"] == {"identities": ["person-2"], "not_me": []}
    assert store.get_audit(db, "nobody")["reader"] == {"identities": [], "not_me": []}
    assert store.get_audit(db, "unsaid")["reader"] is None
    store.set_reader(db, "one", {"identities": ["a", "b"], "not_me": ["ph3"]})
    assert store.get_audit(db, "one")["reader"] == {"identities": ["a", "b"], "not_me": ["ph3"]}


def test_purge_removes_old_audits_and_their_rows(db):
    add(db, "old")
    add(db, "new")
    store.finish_audit(db, "old", {"photos": []}, {"ph1": b"jpeg"})
    old_stamp = (datetime.now(timezone.utc) - timedelta(days=31)).isoformat(timespec="seconds")
    db["audits"].update("old", {"created_at": old_stamp})
    assert store.purge_expired(db, 30) == 1
    assert [r["id"] for r in db["audits"].rows] == ["new"]
    assert db["thumbnails"].count == 0
    assert db.execute("SELECT count(*) FROM audit_profiles WHERE audit_id = 'old'").fetchone()[0] == 0


def test_queue_position_counts_active_audits_before(db):
    for audit_id in ("a", "b", "c"):
        add(db, audit_id)
    store.update_audit(db, "a", status="running")
    assert store.queue_position(db, store.get_audit(db, "c")) == 2
    assert store.queue_position(db, store.get_audit(db, "a")) == 0


def test_previous_audit_of_the_same_profiles(db):
    add(db, "first", urls=["https://example.com/a", "https://example.com/b"])
    store.finish_audit(db, "first", {"photos": []}, {})
    add(db, "other", urls=["https://example.com/c"])
    store.finish_audit(db, "other", {"photos": []}, {})
    add(db, "second", urls=["https://example.com/b", "https://example.com/a"])
    assert store.previous_audit(db, store.get_audit(db, "second"))["id"] == "first"


OneShotCrawler = functools.partial(FakeCrawler, status="not_found", message="404")


def empty_analysis(images, **_):
    return {"photos": [], "identities": [], "summary": {"photos": 0, "photos_with_faces": 0,
                                                        "high_risk_photos": 0, "largest_identity_kit": 0}}


def test_interrupted_audits_resume_or_fail(tmp_path):
    path = tmp_path / "r.db"
    db = store.open_store(path)
    add(db, "fresh")
    add(db, "crashed-once")
    add(db, "crashed-twice")
    store.update_audit(db, "crashed-once", status="running", attempts=1)
    store.update_audit(db, "crashed-twice", status="running", attempts=2)
    runner = runners.JobRunner(lambda: store.open_store(path), workers=1, crawler_factory=OneShotCrawler, analyze=empty_analysis)
    runner.resume_interrupted()
    runner.shutdown(wait=True)
    statuses = {r["id"]: (r["status"], r["error"]) for r in db["audits"].rows}
    assert statuses["fresh"][0] == "done"
    assert statuses["crashed-once"][0] == "done"
    assert statuses["crashed-twice"][0] == "failed"
    assert "more than once" in statuses["crashed-twice"][1]


def test_a_crashing_step_fails_the_audit_with_a_reason(tmp_path):
    db = store.open_store(tmp_path / "x.db")
    add(db, "a")

    def exploding_analysis(images, **_):
        raise MemoryError

    jobs.run_audit(db, "a", OneShotCrawler, exploding_analysis)
    audit = store.get_audit(db, "a")
    assert audit["status"] == "failed"
    assert "MemoryError" in audit["error"]


def test_an_audit_deleted_while_it_runs_keeps_nothing(tmp_path, caplog):
    db = store.open_store(tmp_path / "d.db")
    add(db, "a")

    def analysis_then_delete(images, **_):
        store.delete_audit(db, "a")  # the user deletes it while photos are graded
        return {"photos": [], "identities": [], "summary": {}}

    jobs.run_audit(db, "a", OneShotCrawler, analysis_then_delete)
    assert store.get_audit(db, "a") is None
    assert [db[t].count for t in ("audits", "audit_profiles", "thumbnails")] == [0, 0, 0]
    assert "Traceback" not in caplog.text


def test_audited_by_others_is_told_only_to_the_profiles_verified_owner(db):
    # Before: any other token's audit of the profile was reported to every caller (#15).
    url = "https://example.com/a"
    for token in ("stranger", "owner", "curious"):
        store.add_token(db, token)
    add(db, "by-stranger", token="stranger", urls=(url,))
    add(db, "by-curious", token="curious", urls=(url,))
    add(db, "by-owner", token="owner", urls=(url,))
    assert store.other_tokens_for_profile(db, url, "curious") == 0, "an unverified caller learns nothing"
    assert store.other_tokens_for_profile(db, url, "owner") == 0
    store.update_profile(db, "by-owner", 0, verified=1)
    assert store.other_tokens_for_profile(db, url, "owner") == 2, "the owner is told others checked it"


def test_writing_to_a_deleted_audit_raises_the_stores_own_error(db):
    add(db, "gone")
    store.delete_audit(db, "gone")
    for write in (lambda: store.update_audit(db, "gone", stage="analyzing"),
                  lambda: store.update_profile(db, "gone", 0, status="done"),
                  lambda: store.finish_audit(db, "gone", {"photos": []}, {"ph1": b"jpeg"}),
                  lambda: store.fail_audit(db, "gone", "no"),
                  lambda: store.set_reader(db, "gone", {"identities": ["i1"], "not_me": []})):
        with pytest.raises(store.AuditGone):
            write()
    assert store.get_thumbnails(db, "gone") == {}


def test_connect_opens_a_path_or_a_config_and_closes_after(tmp_path):
    import sqlite3

    with store.connect({"DATABASE": str(tmp_path / "c.db"), "MAX_DB_MB": 1}) as db:
        add(db, "one")
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        db.execute("SELECT 1")
    with store.connect(tmp_path / "c.db") as db:
        assert store.get_audit(db, "one")["id"] == "one"
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")
