"""Flask glue for the store: one connection per request, opened on first use."""
import logging
import sqlite3
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
        Path(app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)
        open_configured_store(app.config).conn.close()
        return True
    except (OSError, sqlite3.Error) as error:
        log.error("the data folder cannot be used (%s): audits are refused until it is fixed", error)
        return False
