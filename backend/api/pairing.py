"""POST /api/v1/pair: trade the pairing code the server printed for a bearer token."""
import string
import threading
import time

from flask import Blueprint, current_app, jsonify, request

from .. import tokens
from ..address import client_address
from ..request_guard import origin_allowed
from ..db import get_db
from ..errors import ApiError
from .body import json_body

bp = Blueprint("pairing", __name__, url_prefix="/api/v1")

# Guessing codes: an address may try at most WRONG_CODES_PER_ADDRESS different wrong codes a
# minute, and one wrong code may be sent at most WRONG_CODES_PER_MINUTE times a minute (from any
# address). A whole class may share one address (a school's NAT), so the per-address limit is far
# above what students typing by hand reach (20 locked a class out when one student tried codes),
# and still hopeless for guessing: a code is one of 31^8 (8.5e11); with 100 codes valid at once,
# 200 a minute find one in 81 years on average.
WRONG_CODES_PER_MINUTE = 20
WRONG_CODES_PER_ADDRESS = 200
# The counters live in memory; past this many addresses or codes the oldest are forgotten.
MAX_TRACKED = 10_000
_wrong_lock = threading.Lock()


@bp.post("/pair")
def pair():
    body = json_body()
    code = body.get("code")
    # Blank means ASCII blanks only, as the schema's pattern (\S, in JSON Schema's own regex) has it.
    if not isinstance(code, str) or not code.strip(string.whitespace) or len(code) > 64:
        raise ApiError(422, "invalid_code", "Type the code your teacher or parent gave you, like K7QD-M2XA.",
                       "code")
    guesses = _wrong_guesses()
    code_hash, address = tokens.digest(tokens.normalise_code(code)), client_address()
    guesses.refuse_if_guessing(address, code_hash)
    try:
        origin = request.headers.get("Origin")  # the extension pairing; request_guard let only extensions through
        paired = tokens.pair(get_db(), code, origin=origin if origin and origin_allowed(origin) else None)
    except tokens.ClassFull:
        raise ApiError(403, "class_full", "This class is full: as many students have joined as your teacher "
                       "set. Ask your teacher for help.", "code") from None
    if paired is None:
        guesses.note(address, code_hash)
        raise ApiError(403, "invalid_code", "That code is wrong, used or expired: ask your teacher or parent "
                       "for a new code.", "code")
    return jsonify(paired)


def _wrong_guesses():
    return current_app.extensions.setdefault("exposure_wrong_codes", WrongGuesses())


class WrongGuesses:
    """Wrong pairing codes of the last minute, counted per client address and per code.

    Never server-wide: then one client's 25 guesses locked a whole class out of pairing.
    The address is the client's own behind a trusted proxy (address.client_address); a class
    behind one NAT is one address, hence the high per-address limit.
    Per address it counts *different* wrong codes (guessing means trying many), so a class
    behind one school address typing the same mistyped code from the whiteboard is not
    locked out when the teacher corrects it; the same code sent again and again is counted
    per code instead. A right code from another address is never refused.
    """

    def __init__(self, limit=WRONG_CODES_PER_MINUTE, per_address=WRONG_CODES_PER_ADDRESS, window_s=60):
        self.limit, self.per_address, self.window_s = limit, per_address, window_s
        self.by_address = {}  # address -> {code hash: last time}
        self.by_code = {}  # code hash -> [times]

    def refuse_if_guessing(self, address, code_hash):
        with _wrong_lock:
            self._forget_old()
            if (len(self.by_address.get(address, ())) >= self.per_address
                    or len(self.by_code.get(code_hash, ())) >= self.limit):
                raise ApiError(429, "rate_limited", "Too many wrong codes: wait a minute and try again, "
                                   "or ask your teacher or parent.")

    def note(self, address, code_hash):
        with _wrong_lock:
            now = time.monotonic()
            self.by_address.setdefault(address, {})[code_hash] = now
            self.by_code.setdefault(code_hash, []).append(now)
            for table in (self.by_address, self.by_code):
                while len(table) > MAX_TRACKED:
                    table.pop(next(iter(table)))

    def _forget_old(self):
        cutoff = time.monotonic() - self.window_s
        for address, codes in list(self.by_address.items()):
            fresh = {code: t for code, t in codes.items() if t > cutoff}
            if fresh:
                self.by_address[address] = fresh
            else:
                del self.by_address[address]
        for code, times in list(self.by_code.items()):
            fresh = [t for t in times if t > cutoff]
            if fresh:
                self.by_code[code] = fresh
            else:
                del self.by_code[code]
