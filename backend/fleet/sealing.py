"""Results sealed to the API host's key (libsodium sealed boxes).

A worker seals what it sends back with the host's public key, which travels with each
task; only the host, holding the private key in its data folder, can open it. So Redis,
often a machine shared with other services, never holds a readable thumbnail or grade,
only counts and states.
"""
import base64
import json
import os
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
