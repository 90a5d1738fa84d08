"""Results sealed to the API host's key (libsodium sealed boxes), events signed with the fleet's secret.

A worker seals what it sends back with the host's public key, which travels with each
task; only the host, holding the private key in its data folder, can open it. So Redis,
often a machine shared with other services, never holds a readable thumbnail or grade,
only counts and states.

Sealing hides a result but does not say who made it: anyone who can write to Redis can seal
to a public key. So every event a worker sends is also signed (HMAC-SHA256) with the fleet's
shared secret (EXPOSURE_FLEET_SECRET), which the host and the workers are given by whoever
runs them and which never enters Redis or a task. The host keeps only events whose
signature holds.
"""
import base64
import hashlib
import hmac
import json
import os
import re
from pathlib import Path

from nacl.public import PrivateKey, PublicKey, SealedBox

KEY_FILE = "fleet.key"


def host_key(data_dir):
    """The host's private key, made once and kept (0600) beside the store, so results sealed
    before a restart can still be opened after it."""
    path = Path(data_dir) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return PrivateKey(path.read_bytes())
    key = PrivateKey.generate()
    with os.fdopen(fd, "wb") as handle:
        handle.write(bytes(key))
    return key


def public_text(key):
    """The public half of `key` as text, for the task message."""
    return base64.b64encode(bytes(key.public_key)).decode()


def seal(public_key_text, result, thumbnails):
    """Seal a result (plain data) and its thumbnails ({photo id: JPEG bytes}) to the host."""
    payload = json.dumps({"result": result,
                          "thumbnails": {k: base64.b64encode(v).decode() for k, v in thumbnails.items()}})
    return SealedBox(PublicKey(base64.b64decode(public_key_text))).encrypt(payload.encode())


def unseal(key, sealed):
    """(result, thumbnails) from what seal() made; raises nacl's CryptoError if it was not for `key`."""
    payload = json.loads(SealedBox(key).decrypt(sealed))
    return payload["result"], {k: base64.b64decode(v) for k, v in payload["thumbnails"].items()}


# What a worker sends (tasks.EventProgress); the host refuses any other kind.
EVENT_KINDS = ("started", "progress", "profile", "done", "failed")
AUDIT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class RefusedEvent(Exception):
    """An event that is malformed or not signed with the fleet's secret; `reason` says which."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def signed_event(secret, audit_id, kind, body=b""):
    """The fields of one event in the events stream, signed with the fleet's secret."""
    body = body.encode() if isinstance(body, str) else body
    return {"audit": audit_id, "kind": kind, "body": body, "mac": _mac(secret, audit_id, kind, body)}


def read_event(secret, fields):
    """(audit id, kind, body) of an event from the stream; RefusedEvent when it is malformed or its
    signature does not hold."""
    audit_id, kind = fields.get(b"audit", b""), fields.get(b"kind", b"")
    body, mac = fields.get(b"body", b""), fields.get(b"mac", b"")
    try:
        audit_id, kind, mac = audit_id.decode("ascii"), kind.decode("ascii"), mac.decode("ascii")
    except UnicodeDecodeError:
        raise RefusedEvent("not ASCII where it must be") from None
    if not AUDIT_ID.fullmatch(audit_id):
        raise RefusedEvent("no audit id")
    if kind not in EVENT_KINDS:
        raise RefusedEvent("unknown kind")
    if not hmac.compare_digest(mac, _mac(secret, audit_id, kind, body)):
        raise RefusedEvent("bad signature")
    return audit_id, kind, body


def _mac(secret, audit_id, kind, body):
    message = f"{audit_id}\n{kind}\n".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
