"""Flask glue for the store: one connection per request, opened on first use."""
from pathlib import Path

from flask import current_app, g

from . import store


def get_db():
    """The request's store connection (opened, migrated, on first use)."""
    if "db" not in g:
        g.db = store.open_store(current_app.config["DATABASE"])
    return g.db


def close_db(_error=None):
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app):
    """Create the data folder and the schema now, so a bad data folder fails at start."""
    if app.config["DATABASE"] != ":memory:":
        Path(app.config["DATABASE"]).parent.mkdir(parents=True, exist_ok=True)
        store.open_store(app.config["DATABASE"]).conn.close()
    app.teardown_appcontext(close_db)
