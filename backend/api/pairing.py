"""POST /api/v1/pair: trade the pairing code the server printed for a bearer token."""
import threading
import time

from flask import Blueprint, current_app, jsonify

from .. import auth
from ..db import get_db
from ..errors import ApiError
from .body import json_body

bp = Blueprint("pairing", __name__, url_prefix="/api/v1")

# Guessing codes: at most this many wrong codes a minute for the whole server.
WRONG_CODES_PER_MINUTE = 20
_wrong_lock = threading.Lock()


@bp.post("/pair")
def pair():
    body = json_body()
    code = body.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > 64:
        raise ApiError(422, "invalid_code", "Type the code your teacher or parent gave you, like K7QD-M2XA.",
                       "code")
    _refuse_if_guessing()
    try:
        paired = auth.pair(get_db(), code)
    except auth.ClassFull:
        raise ApiError(403, "class_full", "This class is full: as many students have joined as your teacher "
                       "set. Ask your teacher for help.", "code") from None
    if paired is None:
        _note_wrong_code()
        raise ApiError(403, "invalid_code", "That code is wrong, used or expired: ask your teacher or parent "
                       "for a new code.", "code")
    return jsonify(paired)


def _wrong_codes():
    return current_app.extensions.setdefault("exposure_wrong_codes", [])


def _refuse_if_guessing():
    with _wrong_lock:
        wrong, cutoff = _wrong_codes(), time.monotonic() - 60
        wrong[:] = [t for t in wrong if t > cutoff]
        if len(wrong) >= WRONG_CODES_PER_MINUTE:
            raise ApiError(429, "rate_limited", "Too many wrong codes: wait a minute and try again, "
                           "or ask your teacher or parent.")


def _note_wrong_code():
    with _wrong_lock:
        _wrong_codes().append(time.monotonic())
