"""An export's index files parsed in a process of their own.

A hostile index file is input like any other: parsing it in a server's request or
audit thread would hold the interpreter's lock for as long as it takes (a regular
expression holds it through one whole search) and freeze every other request, and a
parse that blows up would take the server's memory. So the listing runs here, in a
short-lived child started as `python -m backend.export.isolated PATH`, with its own
limits (address space, CPU seconds, a wall-clock time-out); the caller's thread only
waits on a pipe. The child prints one line of JSON, the Listing or the error, and
nothing else: its standard error is dropped, as it could name a file of the export.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

from . import ExportError, ExportPhoto, Listing, list_export

ROOT = Path(__file__).resolve().parents[2]
MEMORY_BYTES = 1024 ** 3       # the child's address space: the interpreter, a 64 MB index and its parse
CPU_SECONDS = 60
TIMEOUT_S = 120
FAILED = ExportError("index_too_large", "An index file of the export is too large or too complex to be read.")


def list_apart(path):
    """The Listing of the export at `path`, from a child process; ExportError as the child said,
    or "index_too_large" when it ran out of memory or time."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))))
    try:
        done = subprocess.run([sys.executable, "-m", "backend.export.isolated", os.fspath(path), str(MEMORY_BYTES)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              env=env, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise FAILED from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        raise FAILED from None
    if "error" in answer:
        raise ExportError(answer["error"]["code"], answer["error"]["message"])
    listing = answer["listing"]
    return Listing(listing["platform"], listing["variant"],
                   tuple(ExportPhoto(*photo) for photo in listing["photos"]), listing["unread"])


def main(path, memory_bytes=MEMORY_BYTES):
    """The child: limit itself, list the export, print the answer."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    try:
        listing = list_export(path)
        answer = {"listing": {"platform": listing.platform, "variant": listing.variant, "unread": listing.unread,
                              "photos": [[p.name, p.kind, p.taken_at, p.archived] for p in listing.photos]}}
    except ExportError as error:
        answer = {"error": {"code": error.code, "message": error.message}}
    except MemoryError:
        answer = {"error": {"code": FAILED.code, "message": FAILED.message}}
    except Exception:  # noqa: BLE001 - any other fault of a malformed export: a plain error, no traceback
        answer = {"error": {"code": "damaged", "message": "The export could not be read: a file in it is "
                                                          "malformed."}}
    sys.stdout.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
