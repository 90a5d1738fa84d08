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
        raise ApiError(422, "invalid_code", "Send the pairing code the server printed, like K7QD-M2XA.", "code")
    _refuse_if_guessing()
    token = auth.pair(get_db(), code)
    if token is None:
        _note_wrong_code()
        raise ApiError(403, "invalid_code", "That pairing code is wrong, used or expired. "
                       "Run `python -m backend pair` for a new one.", "code")
    return jsonify({"token": token})


def _wrong_codes():
    return current_app.extensions.setdefault("exposure_wrong_codes", [])


def _refuse_if_guessing():
    with _wrong_lock:
        wrong, cutoff = _wrong_codes(), time.monotonic() - 60
        wrong[:] = [t for t in wrong if t > cutoff]
        if len(wrong) >= WRONG_CODES_PER_MINUTE:
            raise ApiError(429, "rate_limited", "Too many wrong pairing codes: wait a minute and try again.")


def _note_wrong_code():
    with _wrong_lock:
        _wrong_codes().append(time.monotonic())
