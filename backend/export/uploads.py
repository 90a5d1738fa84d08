"""Where an uploaded export waits for its audit: a private folder under the data folder.

One folder per audit (0700, the ZIP inside 0600), removed when the audit ends, and
every folder left over is removed at the next start: a server killed mid-audit
keeps no export beyond its restart. The ZIP is never unpacked; it is read in place.
"""
import os
import shutil
from pathlib import Path

from .archive import ExportError

FOLDER = "exports"
ZIP_NAME = "export.zip"
MAX_UPLOAD_BYTES = 8 * 1024 ** 3
CHUNK_BYTES = 1024 * 1024


def uploads_root(data_dir):
    """The folder of all uploads, created private (0700) if missing."""
    root = Path(data_dir) / FOLDER
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    return root


def export_path(data_dir, audit_id):
    """Where the ZIP of `audit_id` is kept while its audit waits and runs."""
    return Path(data_dir) / FOLDER / audit_id / ZIP_NAME


def receive(stream, data_dir, audit_id, limit=MAX_UPLOAD_BYTES):
    """Write the request `stream` to the audit's private folder, chunk by chunk; return the
    path. Over `limit` bytes, or an empty body, the folder is removed and ExportError raised."""
    path = export_path(data_dir, audit_id)
    uploads_root(data_dir)
    path.parent.mkdir(mode=0o700)
    written = 0
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK_BYTES):
                written += len(chunk)
                if written > limit:
                    raise ExportError("export_too_large", f"The export is larger than {limit // 1024 ** 3} GB.")
                out.write(chunk)
        if not written:
            raise ExportError("missing_export", "Send the export's ZIP file as the request body.")
    except BaseException:
        discard(data_dir, audit_id)
        raise
    return path


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
