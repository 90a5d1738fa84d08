"""Flask glue for the store: one connection per request, opened on first use."""
import logging
import os
import sqlite3
import stat
from pathlib import Path

from flask import current_app, g

from . import store

log = logging.getLogger(__name__)


def get_db():
    """The request's store connection (opened, migrated, on first use)."""
    if "db" not in g:
        g.db = open_configured_store(current_app.config)
    return g.db


def open_configured_store(config):
    return store.open_store(config["DATABASE"], config.get("MAX_DB_MB") or 0)


# SQLite's own files beside the database: the write-ahead log and its index hold recent rows too.
SIDE_FILES = ("-wal", "-shm", "-journal")


def prepare_data_folder(database):
    """Create the database's folder 0700 and its file 0600; take group and other bits off existing ones.

    The store holds report keys, profile links and thumbnails of children: no other local
    user may read them. SQLite creates -wal and -shm with the mode of the database file, so
    a database created 0600 here keeps its side files 0600 too. Bits are only taken away,
    never added: a folder made read-only on purpose stays read-only.
    """
    path = Path(database)
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & stat.S_ISVTX:
        # A shared sticky folder such as /tmp: closing it would break every other user of it.
        log.warning("the data folder is a shared folder (sticky bit): only the files are made private")
    else:
        _owner_only(folder)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for name in (path, *(path.with_name(path.name + suffix) for suffix in SIDE_FILES)):
        if name.exists():
            _owner_only(name)


def _owner_only(path):
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:  # only when needed: chmod fails on a read-only mount even when nothing changes
        path.chmod(mode & 0o700)


def close_db(_error=None):
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app):
    """Create the data folder and the schema now; say so at once if the folder cannot be written.

    The server still starts: every call that needs the store then answers 503
    with the reason, and the health check shows it.
    """
    app.teardown_appcontext(close_db)
    try:
        prepare_data_folder(app.config["DATABASE"])
        open_configured_store(app.config).conn.close()
        return True
    except (OSError, sqlite3.Error) as error:
        log.error("the data folder cannot be used (%s): audits are refused until it is fixed", error)
        return False
