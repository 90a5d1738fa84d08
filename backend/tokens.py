"""Pairing codes traded for bearer tokens (both stored hashed), and the codes derived from them.

Flask-free, so the CLI, the jobs and the fleet's host use it without a request; the
request-time check of a token is auth.py's.
"""
import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from . import store
# No 0/O or 1/I/L: the code is read off a terminal or a whiteboard and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def digest(secret):
    """The stored form of a token or a code: its SHA-256."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_pairing_code(db, minutes, workshop_id=None):
    """Create a one-time code like 'K7QD-M2XA' that expires after `minutes`; return it."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    code = f"{raw[:4]}-{raw[4:]}"
    expires = (datetime.now(timezone.utc) + timedelta(minutes=minutes)).isoformat(timespec="seconds")
    store.add_pairing_code(db, digest(normalise_code(code)), expires, workshop_id)
    return code


class ClassFull(Exception):
    """The join code has given as many pairings as the teacher said the class has students."""


def pair(db, code, origin=None):
    """Trade a pairing code, or a workshop's join code, for a new token: {"token", "workshop": {"name"}
    or None}; None when the code is unknown, used or expired; ClassFull when a join code's class is full.
    A join code is not used up at once: each student of the class gets a token of the workshop."""
    code_hash = digest(normalise_code(code))
    row = store.take_pairing_code(db, code_hash) or store.join_workshop(db, code_hash)
    if row == "full":
        raise ClassFull()
    if row is None:
        return None
    token = secrets.token_urlsafe(32)
    store.add_token(db, digest(token), workshop_id=row.get("workshop_id"), origin=origin)
    workshop = store.get_workshop(db, row["workshop_id"]) if row.get("workshop_id") else None
    return {"token": token, "workshop": {"name": workshop["name"]} if workshop else None}


def verification_code(token_hash):
    """The short code that proves a profile is the caller's when it appears in the profile's bio.

    Derived from the token's hash, so it needs no storage and differs per pairing.
    """
    digest_bytes = hashlib.sha256(b"exposure-check-verify:" + token_hash.encode()).digest()
    return "EC-" + "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest_bytes[:6])


def normalise_code(code):
    """The code as stored: upper case, letters and digits only (forgiving about case, dashes, spaces)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())
