"""Where an uploaded export waits for its audit: a private folder under the data folder.

One folder per upload (0700, the ZIP inside 0600; the upload's id becomes its audit's),
written part by part, removed when the audit ends, and every folder left over is
removed at the next start: a server killed mid-audit, or an upload never finished,
keeps no export beyond its restart. The ZIP is never unpacked; it is read in place.
"""
import errno
import os
import shutil
import threading
from pathlib import Path

from .archive import ExportError

FOLDER = "exports"
ZIP_NAME = "export.zip"
MAX_UPLOAD_BYTES = 8 * 1024 ** 3
# An export is sent in parts, each one request under the server's body cap, so the server
# never has to accept (or buffer) a body of gigabytes on any route.
PART_BYTES = 8 * 1024 ** 2
CHUNK_BYTES = 1024 * 1024
# Parts are written one at a time, so two parts cannot both count the same free space.
_writing = threading.Lock()


class NoRoom(ExportError):
    """A part that would not fit: the disk, or the data folder's quota (EXPOSURE_MAX_DB_MB)."""

    def __init__(self):
        super().__init__("storage_full", "The server has no room for this export now: its storage is nearly "
                                         "full. Try again later, or ask whoever runs the server to free space.")


def uploads_root(data_dir):
    """The folder of all uploads, created private (0700) if missing."""
    root = Path(data_dir) / FOLDER
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    return root


def export_path(data_dir, audit_id):
    """Where the ZIP of `audit_id` is kept while its audit waits and runs."""
    return Path(data_dir) / FOLDER / audit_id / ZIP_NAME


def start(data_dir, upload_id):
    """Create the upload's private folder and its empty ZIP (0600); returns the ZIP's path."""
    path = export_path(data_dir, upload_id)
    uploads_root(data_dir)
    path.parent.mkdir(mode=0o700)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def append(data_dir, upload_id, offset, stream, part_limit=PART_BYTES, limit=MAX_UPLOAD_BYTES, room=None,
           declared=None):
    """Add one part (the request `stream`) at byte `offset` of the upload; returns the bytes
    received so far. The parts come in order: a part at any other offset, over `part_limit`,
    or taking the whole past `limit` is refused with ExportError (the folder stays). `room()`
    is the bytes the data folder can still take: a part that would pass it (its `declared`
    length, else `part_limit`), or that the disk refuses, is taken back and refused with NoRoom."""
    path = export_path(data_dir, upload_id)
    with _writing:
        size = path.stat().st_size
        if offset != size:
            raise ExportError("upload_out_of_order", f"The next part starts at byte {size:,}.")
        if room is not None and room() < min(declared or part_limit, part_limit):
            raise NoRoom()
        with open(path, "ab") as out:
            try:
                return size + _write_part(stream, out, size, part_limit, limit)
            except OSError as error:
                out.truncate(size)
                if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                    raise NoRoom() from None
                raise


def _write_part(stream, out, size, part_limit, limit):
    written = 0
    while chunk := stream.read(CHUNK_BYTES):
        written += len(chunk)
        if written > part_limit:
            out.truncate(size)
            raise ExportError("part_too_large", f"A part is at most {part_limit // 1024 ** 2} MB.")
        if size + written > limit:
            out.truncate(size)
            raise ExportError("export_too_large", f"The export is larger than {limit // 1024 ** 3} GB.")
        out.write(chunk)
    out.flush()  # a full disk shows here, while the part can still be taken back
    return written


def stored_bytes(data_dir):
    """Bytes the uploads under way hold on disk."""
    root = Path(data_dir) / FOLDER
    return sum(path.stat().st_size for path in root.glob(f"*/{ZIP_NAME}")) if root.is_dir() else 0


def discard(data_dir, audit_id):
    """Remove the audit's upload folder (nothing if already gone)."""
    shutil.rmtree(Path(data_dir) / FOLDER / audit_id, ignore_errors=True)


def sweep(data_dir):
    """Remove every upload left by a server that stopped mid-audit; returns how many."""
    root = Path(data_dir) / FOLDER
    if not root.is_dir():
        return 0
    leftovers = list(root.iterdir())
    for entry in leftovers:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    return len(leftovers)
