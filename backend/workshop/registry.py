"""Workshops: create one (a join code for the class, a key for the teacher), renew its join code,
find it by its teacher key, close it (which deletes everything in it).

Both secrets are kept as hashes only. The join code is typed by students, so it has the
pairing code's shape and alphabet; the teacher key rides in the dashboard URL, like a
report key, and is long enough never to be guessed.
"""
import secrets
from datetime import datetime, timedelta, timezone

from .. import store
from ..auth import CODE_ALPHABET, digest

DEFAULT_JOIN_DAYS = 2
MAX_JOIN_DAYS = 30
MAX_NAME_LENGTH = 80


def create_workshop(db, name, join_days=DEFAULT_JOIN_DAYS):
    """Create a workshop; return {"id", "name", "join_code", "join_expires_at", "teacher_key"}.

    The join code and the teacher key are shown this once: only their hashes are kept.
    """
    name = check_name(name)
    workshop_id = secrets.token_hex(4)
    teacher_key = secrets.token_urlsafe(24)
    code, code_hash, expires = _new_join_code(join_days)
    store.add_workshop(db, workshop_id, name, code_hash, expires, digest(teacher_key))
    return {"id": workshop_id, "name": name, "join_code": code, "join_expires_at": expires,
            "teacher_key": teacher_key}


def renew_join_code(db, workshop_id, join_days=DEFAULT_JOIN_DAYS):
    """A new join code for the workshop (the old one stops working); {"join_code", "join_expires_at"}."""
    code, code_hash, expires = _new_join_code(join_days)
    store.set_workshop_join_code(db, workshop_id, code_hash, expires)
    return {"join_code": code, "join_expires_at": expires}


def find_workshop(db, workshop_id, teacher_key):
    """The workshop when `teacher_key` is its key, else None."""
    workshop = store.get_workshop(db, workshop_id) if 0 < len(workshop_id) <= 64 else None
    if workshop is None or not secrets.compare_digest(workshop["teacher_key_hash"], digest(teacher_key or "")):
        return None
    return workshop


def close_workshop(db, workshop_id):
    """Delete the workshop and everything in it; the number of audits deleted, or None if unknown."""
    return store.delete_workshop(db, workshop_id)


def dashboard_path(workshop_id, teacher_key):
    """The path of the teacher's dashboard (the key in it is the only way in)."""
    return f"/workshops/{workshop_id}?key={teacher_key}"


def check_name(name):
    """The workshop's name stripped, or ValueError: 1 to 80 printable characters."""
    name = " ".join(str(name or "").split())
    if not name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise ValueError(f"a workshop name is 1 to {MAX_NAME_LENGTH} printable characters")
    return name


def check_join_days(days):
    """`days` as an int from 1 to 30, or ValueError."""
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValueError("the join code's lifetime is a whole number of days") from None
    if not 1 <= days <= MAX_JOIN_DAYS:
        raise ValueError(f"a join code lives 1 to {MAX_JOIN_DAYS} days")
    return days


def _new_join_code(days):
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    expires = (datetime.now(timezone.utc) + timedelta(days=check_join_days(days))).isoformat(timespec="seconds")
    # The hash of the code as auth.pair normalises what a student types: upper case, no dash.
    return f"{raw[:4]}-{raw[4:]}", digest(raw), expires
