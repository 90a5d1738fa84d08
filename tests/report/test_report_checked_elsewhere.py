""""Checked elsewhere": said only to a profile's proven owner, about people unrelated to them."""
import pytest

from backend import store
from backend.report.document import audit_document
from backend.db import open_configured_store

URL = "https://www.instagram.com/minji.k/"


@pytest.fixture
def db(app):
    db = open_configured_store(app.config)
    yield db
    db.conn.close()


def check(db, audit_id, token, consent="self", verified=False, workshop=None):
    """`token` checks URL (and shows the ownership code on it when verified)."""
    if store.find_token(db, token) is None:
        store.add_token(db, token, workshop_id=workshop)
    store.add_audit(db, audit_id, token, consent, "key-" + audit_id, [{"url": URL, "platform": "instagram"}])
    store.update_profile(db, audit_id, 0, status="ok", verified=int(verified))
    store.finish_audit(db, audit_id, {"photos": [], "identities": [], "summary": {}}, {})


def flagged(app, db, audit_id):
    with app.test_request_context():
        (profile,) = audit_document(db, store.get_audit(db, audit_id))["profiles"]
    return profile["audited_by_others"]


def test_the_owner_hears_of_an_unrelated_check(app, db):
    check(db, "owner", "t-owner", verified=True)
    check(db, "stranger", "t-stranger")
    assert flagged(app, db, "owner") is True
    assert flagged(app, db, "stranger") is False  # nothing leaks to someone who has not shown it is theirs


def test_never_for_a_profile_the_reader_has_not_shown_is_theirs(app, db):
    check(db, "reader", "t-reader")
    check(db, "other", "t-other")
    assert flagged(app, db, "reader") is False


def test_never_inside_one_workshop(app, db):
    store.add_workshop(db, "w1", "Class 2-3", "join-hash", "2099-01-01T00:00:00+00:00", "teacher-hash",
                       class_size=30, join_sealed=None)
    check(db, "student", "t-student", verified=True, workshop="w1")
    check(db, "classmate", "t-classmate", workshop="w1")  # the class's demo link, checked by everyone
    assert flagged(app, db, "student") is False
    check(db, "outsider", "t-outsider")
    assert flagged(app, db, "student") is True


def test_never_for_the_family_or_the_owners_other_browser(app, db):
    check(db, "owner", "t-owner", verified=True)
    check(db, "parent", "t-parent", consent="guardian")  # a parent checking with their child
    check(db, "laptop", "t-laptop", verified=True)  # the owner's second browser shows the code too
    assert flagged(app, db, "owner") is False


def test_never_in_a_guardians_report(app, db):
    check(db, "family", "t-family", consent="guardian", verified=True)
    check(db, "stranger", "t-stranger")
    assert flagged(app, db, "family") is False


def test_never_for_the_students_phone_in_class_when_their_browser_was_paired_alone(app, db):
    store.add_workshop(db, "w1", "Class 2-3", "join-hash", "2099-01-01T00:00:00+00:00", "teacher-hash",
                       class_size=30, join_sealed=None)
    check(db, "laptop", "t-laptop", verified=True)  # the extension, paired on its own, shows the code
    check(db, "phone", "t-phone", workshop="w1")  # the same student's phone page, joined by the class's link
    assert flagged(app, db, "laptop") is False
    store.add_workshop(db, "w2", "Class 1-1", "join-hash-2", "2099-01-01T00:00:00+00:00", "teacher-hash-2",
                       class_size=30, join_sealed=None)
    check(db, "in-class", "t-in-class", verified=True, workshop="w2")
    assert flagged(app, db, "in-class") is True  # another class's student is no device of theirs
