"""Workshops: create one (a join code for the class, a key for the teacher), renew its join code,
find it by its teacher key, close it (which deletes everything in it).

Both secrets are kept as hashes. The join code is typed by students, so it has the
pairing code's shape and alphabet; the teacher key rides in the dashboard URL, like a
report key, and is long enough never to be guessed. So that the dashboard can show the
join code again, the code is also kept sealed with the teacher key: readable only with
the dashboard link, never from the database file alone.

A join code gives at most `class_size` pairings (the teacher sets it): one student cannot
trade the class's code for unlimited fresh tokens.
"""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from .. import store
from ..tokens import CODE_ALPHABET, digest

DEFAULT_JOIN_DAYS = 2
MAX_JOIN_DAYS = 30
MAX_NAME_LENGTH = 80
DEFAULT_CLASS_SIZE = 30
MAX_CLASS_SIZE = 300


def create_workshop(db, name, join_days=DEFAULT_JOIN_DAYS, class_size=DEFAULT_CLASS_SIZE):
    """Create a workshop; return {"id", "name", "join_code", "join_expires_at", "teacher_key", "class_size"}.

    The teacher key is shown this once: only its hash is kept.
    """
    name = check_name(name)
    class_size = check_class_size(class_size)
    workshop_id = secrets.token_hex(4)
    teacher_key = secrets.token_urlsafe(24)
    code, code_hash, expires = _new_join_code(join_days)
    store.add_workshop(db, workshop_id, name, code_hash, expires, digest(teacher_key), class_size,
                       seal(code, teacher_key, code_hash))
    return {"id": workshop_id, "name": name, "join_code": code, "join_expires_at": expires,
            "teacher_key": teacher_key, "class_size": class_size}


def renew_join_code(db, workshop_id, join_days=DEFAULT_JOIN_DAYS, teacher_key=None):
    """A new join code for the workshop (the old one stops working); {"join_code", "join_expires_at"}.

    Without the teacher key (the command line) the dashboard cannot show the new code again.
    """
    code, code_hash, expires = _new_join_code(join_days)
    sealed = seal(code, teacher_key, code_hash) if teacher_key else None
    store.set_workshop_join_code(db, workshop_id, code_hash, expires, sealed)
    return {"join_code": code, "join_expires_at": expires}


def join_code_of(workshop, teacher_key):
    """The workshop's current join code, unsealed with the teacher key, or None when it cannot be."""
    sealed = workshop.get("join_sealed")
    if not sealed or not teacher_key:
        return None
    code = unseal(sealed, teacher_key, workshop["join_hash"])
    # Only a code that hashes to the stored hash is the real one (a wrong key gives noise).
    return code if code and digest(code.replace("-", "")) == workshop["join_hash"] else None


def seal(code, teacher_key, code_hash):
    """The join code XOR a pad only the teacher key makes (one pad per code), as hex."""
    return bytes(a ^ b for a, b in zip(code.encode(), _pad(teacher_key, code_hash))).hex()


def unseal(sealed, teacher_key, code_hash):
    try:
        return bytes(a ^ b for a, b in zip(bytes.fromhex(sealed), _pad(teacher_key, code_hash))).decode()
    except (ValueError, UnicodeDecodeError):
        return None


def _pad(teacher_key, code_hash):
    return hmac.new(teacher_key.encode(), b"join-code:" + code_hash.encode(), hashlib.sha256).digest()


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
    """The workshop's name stripped, or FormError: 1 to 80 printable characters."""
    name = " ".join(str(name or "").split())
    if not name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise FormError("name", f"a workshop name is 1 to {MAX_NAME_LENGTH} printable characters")
    return name


class FormError(ValueError):
    """A bad value for one field of a new workshop; `field` names it for the form."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def check_join_days(days):
    """`days` as an int from 1 to 30, or FormError."""
    return _whole_number(days, MAX_JOIN_DAYS, "join_days", f"a join code lives 1 to {MAX_JOIN_DAYS} whole days")


def check_class_size(size):
    """`size` as an int from 1 to 300, or FormError."""
    return _whole_number(size, MAX_CLASS_SIZE, "class_size", f"a class has 1 to {MAX_CLASS_SIZE} students")


def _whole_number(value, most, field, message):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FormError(field, message) from None
    if not 1 <= number <= most:
        raise FormError(field, message)
    return number


def _new_join_code(days):
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    expires = (datetime.now(timezone.utc) + timedelta(days=check_join_days(days))).isoformat(timespec="seconds")
    # The hash of the code as tokens.pair normalises what a student types: upper case, no dash.
    return f"{raw[:4]}-{raw[4:]}", digest(raw), expires
