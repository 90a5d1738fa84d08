"""The store: the only module that talks to SQLite (through sqlite-utils).

What is kept, and for how long (docs/design.md, "Privacy of the tool itself"): audits
with their profile links, grades and small thumbnails, until the audit is deleted
or its retention period ends; hashed tokens; hashed pairing codes until used.
Never face encodings, never original images.
"""
import contextlib
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

import sqlite_utils
from sqlite_utils.db import NotFoundError
from sqlite_utils.migrations import Migrations

BUSY_TIMEOUT_S = 30
ACTIVE = ("queued", "running")

migrations = Migrations("exposure")


class AuditGone(LookupError):
    """The audit was deleted while someone still worked on it (a run, an event from a worker).

    The store's own word for it, so no caller has to know sqlite-utils' NotFoundError.
    """


@migrations()
def m001_initial(db):
    db["tokens"].create({"hash": str, "created_at": str, "label": str, "workshop_id": str}, pk="hash")
    db["pairing_codes"].create({"hash": str, "expires_at": str, "workshop_id": str}, pk="hash")
    db["audits"].create({
        "id": str, "token_hash": str, "consent": str, "status": str, "stage": str,
        "profiles_total": int, "profiles_done": int, "photos_found": int, "photos_analyzed": int,
        "attempts": int, "error": str, "report_key": str, "result": str,
        "created_at": str, "updated_at": str, "finished_at": str,
    }, pk="id")
    db["audits"].create_index(["token_hash", "created_at"])
    db["audits"].create_index(["status", "created_at"])
    db["audit_profiles"].create({
        "audit_id": str, "position": int, "url": str, "platform": str,
        "status": str, "message": str, "photos_found": int,
    }, pk=("audit_id", "position"), foreign_keys=[("audit_id", "audits", "id")])
    db["audit_profiles"].create_index(["url"])
    db["thumbnails"].create({"audit_id": str, "photo_id": str, "jpeg": bytes},
                            pk=("audit_id", "photo_id"), foreign_keys=[("audit_id", "audits", "id")])


@migrations()
def m002_workshops(db):
    # A class workshop: the join code and the teacher key are kept as hashes only.
    db["workshops"].create({"id": str, "name": str, "join_hash": str, "join_expires_at": str,
                            "teacher_key_hash": str, "created_at": str}, pk="id")
    db["workshops"].create_index(["join_hash"], unique=True)
    db["tokens"].create_index(["workshop_id"])



@migrations()
def m003_profile_verified(db):
    db["audit_profiles"].add_column("verified", int)


@migrations()
def m004_profile_left_out(db):
    # Pictures on a profile's page that are not its owner's (other accounts', the site's own): counted, never kept.
    db["audit_profiles"].add_column("other_accounts_left_out", int)
    db["audit_profiles"].add_column("site_images_left_out", int)


@migrations()
def m005_reader_and_deleted_reports(db):
    # "This is me": the identity group the reader chose in the report (an id, no face data).
    db["audits"].add_column("reader", str)
    # A deleted audit leaves only a hash of its id, so an old report link can say it was deleted.
    db["deleted_audits"].create({"id_hash": str, "deleted_at": str}, pk="id_hash")


@migrations()
def m006_workshop_class_size(db):
    # The class size caps the pairings one join code gives; the join code is kept sealed with
    # the teacher key so the dashboard can show it; a closed class leaves the hashes of its
    # tokens behind (nothing else) so a student's browser can be told the class ended.
    db["workshops"].add_column("class_size", int)
    db["workshops"].add_column("join_pairings", int, not_null_default=0)
    db["workshops"].add_column("join_sealed", str)
    db["ended_tokens"].create({"hash": str, "ended_at": str}, pk="hash")


@migrations()
def m007_token_use_and_origin(db):
    # last_used_at: a token expires after TOKEN_LIFETIME_DAYS without use. origin: the extension
    # that paired, the only one cross-origin calls are answered for.
    db["tokens"].add_column("last_used_at", str)
    db["tokens"].add_column("origin", str)


@migrations()
def m008_reader_choice(db):
    # "This is me" becomes every group the reader said is them and the photos they took out,
    # as JSON: {"identities": [group ids], "not_me": [photo ids]}. Ids only, no face data.
    db.execute("""UPDATE audits SET reader = CASE reader
                  WHEN 'none' THEN json_object('identities', json_array(), 'not_me', json_array())
                  ELSE json_object('identities', json_array(reader), 'not_me', json_array()) END
                  WHERE reader IS NOT NULL""")


@migrations()
def m009_profile_left_out_reasons(db):
    # Why the other accounts' pictures on a profile's page were there: {reason: count} as JSON.
    db["audit_profiles"].add_column("left_out_reasons", str)


@migrations()
def m010_profile_role(db):
    # "own" (the reader's) or "others" (an account around them: a school's, a friend's; backend.around).
    db["audit_profiles"].add_column("role", str)
    # For an "others" account: "friend" or "school" (a school's or club's), which request to offer.
    db["audit_profiles"].add_column("relation", str)


def open_store(path, max_megabytes=0):
    """Open (and migrate) the database at `path`: WAL, a busy timeout, foreign keys.

    `max_megabytes` caps the file (a quota for a shared school server): past it,
    writes fail with "database or disk is full" as on a full disk.
    """
    # Autocommit: every statement commits at once unless inside writing(db), so no
    # implicit transaction is left open holding the write lock.
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None)
    db = sqlite_utils.Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    # Deleted audits are overwritten, not left readable in free pages of the file.
    db.execute("PRAGMA secure_delete = ON")
    if str(path) != ":memory:":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    migrations.apply(db)
    if max_megabytes:
        page_size = db.execute("PRAGMA page_size").fetchall()[0][0]
        db.execute(f"PRAGMA max_page_count = {int(max_megabytes * 1024 * 1024 // page_size)}")
    return db


@contextlib.contextmanager
def connect(path_or_config):
    """Open the store for a `with` block and close it after: a path, or a config with
    DATABASE (and MAX_DB_MB, the quota)."""
    if isinstance(path_or_config, Mapping):
        db = open_store(path_or_config["DATABASE"], path_or_config.get("MAX_DB_MB") or 0)
    else:
        db = open_store(path_or_config)
    try:
        yield db
    finally:
        close(db)


def close(db):
    """Close a store opened with open_store (its callers never touch the connection)."""
    db.conn.close()


@contextlib.contextmanager
def _audit_exists():
    # An update of a row that is gone raises sqlite-utils' NotFoundError: say it in the store's words.
    try:
        yield
    except NotFoundError:
        raise AuditGone from None


def room_left(db, folder):
    """Bytes the database can still grow by: free pages under its quota, and the disk's free space.

    Checked before an audit is accepted: an audit taken on a full store runs for minutes and
    then cannot save its result, or even that it failed.
    """
    page_size, pages, free_pages, max_pages = (
        _scalar(db, f"PRAGMA {name}", []) for name in ("page_size", "page_count", "freelist_count", "max_page_count"))
    return min((max_pages - pages + free_pages) * page_size, shutil.disk_usage(folder).free)


@contextlib.contextmanager
def writing(db):
    """A write transaction that takes the write lock first (BEGIN IMMEDIATE).

    A deferred BEGIN that reads before it writes cannot wait for another writer:
    SQLite answers "database is locked" at once. IMMEDIATE waits its busy timeout.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _scalar(db, sql, params):
    # fetchall, not fetchone: a statement left unfinished keeps a read snapshot open,
    # and a later write on this connection would then fail at once with "locked".
    return db.execute(sql, params).fetchall()[0][0]


def now():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _ago(**delta):
    return (datetime.now(timezone.utc) - timedelta(**delta)).isoformat(timespec="seconds")


# Tokens and pairing codes (stored as hashes only).

TOKEN_LIFETIME_DAYS = 90


def add_token(db, token_hash, label=None, workshop_id=None, origin=None):
    stamp = now()
    db["tokens"].insert({"hash": token_hash, "created_at": stamp, "label": label, "workshop_id": workshop_id,
                         "last_used_at": stamp, "origin": origin}, replace=True)


def find_token(db, token_hash, lifetime_days=TOKEN_LIFETIME_DAYS):
    """The token's row if it was used within its lifetime, else None; a use renews it.

    A pairing left on a shared or lost computer should not work for ever. The renewal is
    written at most once a day, so reading the API does not write on every call.
    """
    rows = list(db["tokens"].rows_where("hash = ?", [token_hash]))
    if not rows:
        return None
    row = rows[0]
    used = row.get("last_used_at") or row["created_at"]
    if used < _ago(days=lifetime_days):
        return None
    if used < _ago(days=1):
        db["tokens"].update(token_hash, {"last_used_at": now()})
    return row


def paired_origins(db):
    """The extension origins that paired with this server (cross-origin calls are answered for these)."""
    return {row[0] for row in db.execute("SELECT DISTINCT origin FROM tokens WHERE origin IS NOT NULL").fetchall()}


def add_pairing_code(db, code_hash, expires_at, workshop_id=None):
    db["pairing_codes"].insert({"hash": code_hash, "expires_at": expires_at,
                                "workshop_id": workshop_id}, replace=True)


def take_pairing_code(db, code_hash):
    """Use up a pairing code: return its row if it existed and had not expired, else None."""
    # One statement, so two requests can never both use the same code.
    taken = db.execute("DELETE FROM pairing_codes WHERE hash = ? RETURNING expires_at, workshop_id",
                       [code_hash]).fetchall()
    db.execute("DELETE FROM pairing_codes WHERE expires_at < ?", [now()])
    if taken and taken[0][0] >= now():
        return {"expires_at": taken[0][0], "workshop_id": taken[0][1]}
    return None


# Audits.

def add_audit(db, audit_id, token_hash, consent, report_key, profiles, check=None):
    """Record a queued audit; `profiles` is a list of {"url", "platform"} (and "role", "own" or "others").
    Returns the audit as written, as get_audit reads it: no caller reads it back.

    `check(db)` runs inside the same write transaction, before the insert, and may raise to
    refuse: a rate limit counted and then recorded in two steps lets 30 requests at once all
    count the same 19 earlier audits and all pass (BEGIN IMMEDIATE makes them take turns).
    """
    stamp = now()
    audit = {
        "id": audit_id, "token_hash": token_hash, "consent": consent, "status": "queued",
        "stage": "queued", "profiles_total": len(profiles), "profiles_done": 0,
        "photos_found": 0, "photos_analyzed": 0, "attempts": 0, "error": None,
        "report_key": report_key, "result": None, "created_at": stamp, "updated_at": stamp,
        "finished_at": None,
    }
    rows = [{"audit_id": audit_id, "position": i, "url": p["url"], "platform": p["platform"],
             "status": None, "message": None, "photos_found": 0}
            # An own profile leaves its role empty (read as "own"): the columns came with m010.
            | {key: p[key] for key in ("role", "relation") if p.get(key)}
            for i, p in enumerate(profiles)]
    with writing(db):
        if check is not None:
            check(db)
        db["audits"].insert(audit)
        db["audit_profiles"].insert_all(rows)
    blank = dict.fromkeys(db["audit_profiles"].columns_dict)
    return dict.fromkeys(db["audits"].columns_dict) | audit | {"profiles": [blank | row for row in rows]}


def get_audit(db, audit_id):
    """The audit's row with its profiles (list of dicts) and its result (dict or None)."""
    rows = list(db["audits"].rows_where("id = ?", [audit_id]))
    if not rows:
        return None
    audit = rows[0]
    audit["result"] = json.loads(audit["result"]) if audit["result"] else None
    audit["reader"] = json.loads(audit["reader"]) if audit["reader"] else None
    audit["profiles"] = list(db["audit_profiles"].rows_where(
        "audit_id = ?", [audit_id], order_by="position"))
    return audit


def list_audits(db, token_hash):
    """The token's audits, newest first, without their results."""
    rows = db["audits"].rows_where(
        "token_hash = ?", [token_hash], order_by="created_at desc, rowid desc",
        select="id, consent, status, stage, profiles_total, profiles_done, photos_found, "
               "photos_analyzed, error, created_at, finished_at, report_key, "
               "json_extract(result, '$.summary') as summary")
    return [row | {"summary": json.loads(row["summary"]) if row["summary"] else None} for row in rows]


def update_audit(db, audit_id, **fields):
    fields["updated_at"] = now()
    with _audit_exists():
        db["audits"].update(audit_id, fields)


def update_profile(db, audit_id, position, **fields):
    with _audit_exists():
        db["audit_profiles"].update((audit_id, position), fields)


def finish_audit(db, audit_id, result, thumbnails):
    """Keep the result (grades, boxes, tips: no encodings) and the small thumbnails."""
    with _audit_exists(), writing(db):
        stamp = now()
        # First the audit row: if it was deleted meanwhile this raises AuditGone and nothing is kept.
        db["audits"].update(audit_id, {"status": "done", "stage": "done", "result": json.dumps(result),
                                       "updated_at": stamp, "finished_at": stamp, "error": None})
        db["thumbnails"].insert_all(
            ({"audit_id": audit_id, "photo_id": pid, "jpeg": jpeg} for pid, jpeg in thumbnails.items()),
            replace=True)


def fail_audit(db, audit_id, reason):
    stamp = now()
    with _audit_exists():
        db["audits"].update(audit_id, {"status": "failed", "stage": "failed", "error": reason,
                                       "updated_at": stamp, "finished_at": stamp})


def get_thumbnails(db, audit_id):
    return {row["photo_id"]: row["jpeg"] for row in db["thumbnails"].rows_where("audit_id = ?", [audit_id])}


def delete_audit(db, audit_id):
    """Delete the audit and every row derived from it; a hash of its id says it was deleted."""
    with writing(db):
        for table in ("thumbnails", "audit_profiles"):
            db.execute(f"DELETE FROM {table} WHERE audit_id = ?", [audit_id])
        deleted = db.execute("DELETE FROM audits WHERE id = ?", [audit_id]).rowcount
        if deleted:
            db["deleted_audits"].insert({"id_hash": _id_hash(audit_id), "deleted_at": now()}, replace=True)
    # secure_delete zeroes the pages in the database file; the write-ahead log still
    # holds earlier copies of them until it is checkpointed and emptied.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    return deleted > 0


def purge_expired(db, retention_days):
    """Delete audits older than the retention period; return how many went."""
    return _purge(db, "audits", delete_audit, "deleted_audits", "deleted_at", retention_days)


def _purge(db, table, delete, tombstones, stamp, retention_days):
    """Delete each row of `table` older than the retention period with `delete`, then the
    tombstones (hashes kept so a late poll can be told "deleted") just as old."""
    old = [r["id"] for r in db[table].rows_where("created_at < ?", [_ago(days=retention_days)], select="id")]
    for row_id in old:
        delete(db, row_id)
    db.execute(f"DELETE FROM {tombstones} WHERE {stamp} < ?", [_ago(days=retention_days)])
    return len(old)


def was_deleted(db, audit_id):
    """True when an audit with this id was deleted (within the retention period)."""
    return _scalar(db, "SELECT count(*) FROM deleted_audits WHERE id_hash = ?", [_id_hash(audit_id)]) > 0


def audit_contents(db, audit_id):
    """What deleting the audit removes: {"profiles", "photos", "thumbnails"} counts."""
    audit = get_audit(db, audit_id)
    photos = len((audit["result"] or {}).get("photos", [])) if audit else 0
    return {"profiles": len(audit["profiles"]) if audit else 0, "photos": photos,
            "thumbnails": _scalar(db, "SELECT count(*) FROM thumbnails WHERE audit_id = ?", [audit_id])}


def set_reader(db, audit_id, choice):
    """Keep who the reader said they are: {"identities": [group ids], "not_me": [photo ids]}
    (no identities: none of the people found), or None: not said."""
    with _audit_exists():
        db["audits"].update(audit_id, {"reader": json.dumps(choice) if choice is not None else None,
                                       "updated_at": now()})


def _id_hash(audit_id):
    return hashlib.sha256(str(audit_id).encode()).hexdigest()


def active_audits(db):
    """Audits queued or running, oldest first (to resume after a restart)."""
    return list(db["audits"].rows_where("status IN (?, ?)", list(ACTIVE), order_by="created_at, rowid",
                                        select="id, status, attempts"))


def stalled_audits(db, seconds):
    """Audits running with no news for `seconds`: their worker is gone and no other took them."""
    return [row["id"] for row in db["audits"].rows_where(
        "status = 'running' AND updated_at < ?", [_ago(seconds=seconds)], select="id")]


def queue_position(db, audit):
    """How many active audits were created before this queued one."""
    if audit["status"] != "queued":
        return 0
    # By rowid, the order rows were written in under the write lock: created_at is taken
    # before the lock and has whole seconds, so a class starting at once would see its
    # places swap, and a student's place go up.
    return _scalar(
        db, "SELECT count(*) FROM audits WHERE status IN (?, ?) AND rowid < (SELECT rowid FROM audits WHERE id = ?)",
        [*ACTIVE, audit["id"]])


def count_recent_audits(db, token_hash, hours=1):
    return _scalar(db, "SELECT count(*) FROM audits WHERE token_hash = ? AND created_at >= ?",
                   [token_hash, _ago(hours=hours)])


def recent_profile_urls(db, token_hash, hours=24):
    return {row[0] for row in db.execute(
        "SELECT DISTINCT p.url FROM audit_profiles p JOIN audits a ON a.id = p.audit_id "
        "WHERE a.token_hash = ? AND a.created_at >= ?", [token_hash, _ago(hours=hours)]).fetchall()}


def other_tokens_for_profile(db, url, token_hash):
    """How many unrelated tokens have checked this profile, told only to its verified owner.

    Told to anyone, the count let token B learn that token A had checked a profile (#15): now
    only a caller who proved the profile is theirs (the code in its bio) learns it, which is
    who the flag protects. Everyone else gets 0.

    Not counted, because they are no stranger to the reader: tokens of the reader's own
    workshop (the class checking a demo link), a guardian's checks (the family), tokens that
    proved they own the profile (the owner's other browser), and a class's token when the reader's
    own is in no class (the student's phone joined the class; their own browser was paired alone)."""
    return _scalar(
        db, "SELECT count(DISTINCT a.token_hash) FROM audit_profiles p JOIN audits a ON a.id = p.audit_id "
        "LEFT JOIN tokens o ON o.hash = a.token_hash "
        "WHERE p.url = ? AND a.token_hash != ? AND a.consent != 'guardian' AND coalesce(p.verified, 0) = 0 "
        "AND NOT EXISTS (SELECT 1 FROM audit_profiles vp JOIN audits va ON va.id = vp.audit_id "
        "                WHERE vp.url = p.url AND va.token_hash = a.token_hash AND vp.verified = 1) "
        "AND (o.workshop_id IS NULL OR (o.workshop_id IS NOT (SELECT workshop_id FROM tokens WHERE hash = ?) "
        "     AND (SELECT workshop_id FROM tokens WHERE hash = ?) IS NOT NULL)) "
        "AND EXISTS (SELECT 1 FROM audit_profiles mp JOIN audits ma ON ma.id = mp.audit_id "
        "            WHERE mp.url = p.url AND ma.token_hash = ? AND mp.verified = 1)",
        [url, token_hash, token_hash, token_hash, token_hash])


def latest_reader_choice(db, token_hash, urls):
    """The token's latest finished audit where the reader said who they are ("Which one is you?")
    and which checked one of these profile links; or None."""
    urls = list(urls)
    if not urls:
        return None
    marks = ", ".join("?" for _ in urls)
    rows = db.execute(
        "SELECT a.id FROM audits a WHERE a.token_hash = ? AND a.status = 'done' AND a.reader IS NOT NULL "
        f"AND EXISTS (SELECT 1 FROM audit_profiles p WHERE p.audit_id = a.id AND p.url IN ({marks})) "
        "ORDER BY a.finished_at DESC, a.rowid DESC LIMIT 1", [token_hash, *urls]).fetchall()
    return get_audit(db, rows[0][0]) if rows else None


def previous_audit(db, audit):
    """The same token's latest earlier finished audit of the same set of profiles, or None."""
    urls = sorted(p["url"] for p in audit["profiles"])
    candidates = db.execute(
        "SELECT id FROM audits WHERE token_hash = ? AND status = 'done' AND created_at <= ? AND id != ? "
        "ORDER BY created_at DESC, rowid DESC LIMIT 20",
        [audit["token_hash"], audit["created_at"], audit["id"]]).fetchall()
    for (candidate_id,) in candidates:
        earlier = get_audit(db, candidate_id)
        if sorted(p["url"] for p in earlier["profiles"]) == urls:
            return earlier
    return None


# Workshops (a class: one join code many students use; the teacher sees aggregates only).

def add_workshop(db, workshop_id, name, join_hash, join_expires_at, teacher_key_hash, class_size, join_sealed):
    db["workshops"].insert({"id": workshop_id, "name": name, "join_hash": join_hash,
                            "join_expires_at": join_expires_at, "teacher_key_hash": teacher_key_hash,
                            "created_at": now(), "class_size": class_size, "join_pairings": 0,
                            "join_sealed": join_sealed})


def get_workshop(db, workshop_id):
    rows = list(db["workshops"].rows_where("id = ?", [workshop_id]))
    return rows[0] if rows else None


def list_workshops(db):
    """Every workshop, newest first, with how many students joined (no hashes)."""
    return [dict(zip(("id", "name", "created_at", "join_expires_at", "participants"), row)) for row in db.execute(
        "SELECT w.id, w.name, w.created_at, w.join_expires_at, "
        "(SELECT count(*) FROM tokens t WHERE t.workshop_id = w.id) "
        "FROM workshops w ORDER BY w.created_at DESC, w.rowid DESC").fetchall()]


def find_workshop_by_join_code(db, join_hash):
    """{"workshop_id", "expires_at"} for a join code still open, else None (a join code is not used up)."""
    rows = db.execute("SELECT id, join_expires_at FROM workshops WHERE join_hash = ? AND join_expires_at >= ?",
                      [join_hash, now()]).fetchall()
    return {"workshop_id": rows[0][0], "expires_at": rows[0][1]} if rows else None


def join_workshop(db, join_hash):
    """Count one more pairing with an open join code: {"workshop_id", "name"}, "full" when the code
    has given as many pairings as the class has students, or None for no open code."""
    # One statement: thirty students pairing at once can never pass the cap together.
    joined = db.execute(
        "UPDATE workshops SET join_pairings = join_pairings + 1 WHERE join_hash = ? AND join_expires_at >= ? "
        "AND join_pairings < coalesce(class_size, join_pairings + 1) RETURNING id, name",
        [join_hash, now()]).fetchall()
    if joined:
        return {"workshop_id": joined[0][0], "name": joined[0][1]}
    return "full" if find_workshop_by_join_code(db, join_hash) else None


def set_workshop_join_code(db, workshop_id, join_hash, join_expires_at, join_sealed=None):
    """Replace the workshop's join code (the old one stops working at once; the new one counts from 0)."""
    db["workshops"].update(workshop_id, {"join_hash": join_hash, "join_expires_at": join_expires_at,
                                         "join_pairings": 0, "join_sealed": join_sealed})


def count_workshop_participants(db, workshop_id):
    return _scalar(db, "SELECT count(*) FROM tokens WHERE workshop_id = ?", [workshop_id])


_WORKSHOP_AUDITS = "SELECT a.id FROM audits a JOIN tokens t ON t.hash = a.token_hash WHERE t.workshop_id = ?"


def workshop_audits(db, workshop_id):
    """The workshop's audits, oldest first, each as get_audit gives it (with profiles and result)."""
    ids = [row[0] for row in db.execute(
        _WORKSHOP_AUDITS + " ORDER BY a.created_at, a.rowid", [workshop_id]).fetchall()]
    return [audit for audit in (get_audit(db, audit_id) for audit_id in ids) if audit is not None]


def delete_workshop(db, workshop_id):
    """Delete the workshop and everything in it: audits, their rows, tokens, codes; return audits deleted."""
    # Deleted content is overwritten, not left in free pages of the file.
    db.execute("PRAGMA secure_delete = ON")
    with writing(db):
        for table in ("thumbnails", "audit_profiles"):
            db.execute(f"DELETE FROM {table} WHERE audit_id IN ({_WORKSHOP_AUDITS})", [workshop_id])
        deleted = db.execute(f"DELETE FROM audits WHERE id IN ({_WORKSHOP_AUDITS})", [workshop_id]).rowcount
        db.execute("INSERT OR REPLACE INTO ended_tokens (hash, ended_at) SELECT hash, ? FROM tokens "
                   "WHERE workshop_id = ?", [now(), workshop_id])
        db.execute("DELETE FROM tokens WHERE workshop_id = ?", [workshop_id])
        db.execute("DELETE FROM pairing_codes WHERE workshop_id = ?", [workshop_id])
        found = db.execute("DELETE FROM workshops WHERE id = ?", [workshop_id]).rowcount
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return deleted if found else None


def purge_expired_workshops(db, retention_days):
    """Delete workshops (with everything in them) older than the retention period; return how many."""
    return _purge(db, "workshops", delete_workshop, "ended_tokens", "ended_at", retention_days)


def token_ended(db, token_hash):
    """True when the token belonged to a workshop the teacher closed (its hash is all that is left)."""
    return bool(db.execute("SELECT 1 FROM ended_tokens WHERE hash = ?", [token_hash]).fetchall())
