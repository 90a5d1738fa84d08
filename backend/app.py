"""The app factory: configuration, store, API blueprints, report page, job runner.

It lives apart from the package's __init__ so that importing `backend.analysis`
(every analysis worker process does) never loads Flask.
"""
import logging
import threading

from flask import Flask

from . import commands, config, db, pages, request_guard, start, store, workshop
from .in_memory import InMemoryRequest
from .api import BLUEPRINTS
from .api.exports import expire_idle_uploads
from .errors import register_error_handlers
from .export import uploads
from .runners import make_runner

log = logging.getLogger(__name__)
PURGE_EVERY_S = 3600


def create_app(test_config=None):
    """The Flask app: configuration, store, API blueprints, report page, job runner."""
    app = Flask(__name__)
    app.request_class = InMemoryRequest  # uploaded photos are never spooled to a temporary file
    app.config.from_mapping(config.from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    app.json.sort_keys = False

    storage_ready = db.init_app(app)
    request_guard.init_app(app)
    register_error_handlers(app)
    for blueprint in (*BLUEPRINTS, pages.bp, start.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(workshop.bp)
    commands.init_app(app)

    runner = make_runner(app.config, lambda: db.open_configured_store(app.config))
    app.extensions["exposure_jobs"] = runner
    if app.config["RUN_JOBS"] and storage_ready:
        _sweep_uploads(app.config)
        _purge(app.config)
        runner.resume_interrupted()
        _repeat(PURGE_EVERY_S, lambda: _purge(app.config), "retention purge")
        # A few times per time-out, so no idle export upload outlives it by much.
        _repeat(max(0.05, app.config["UPLOAD_IDLE_S"] / 4), lambda: expire_idle_uploads(app), "removing idle uploads")
    return app


def _sweep_uploads(settings):
    """Remove the exports a stopped server left behind; their audits say "upload it again"."""
    removed = uploads.sweep(settings["DATA_DIR"])
    if removed:
        log.info("removed %d uploaded exports left by the last run", removed)


def _purge(settings):
    with store.connect(settings) as database:
        removed = store.purge_expired(database, settings["RETENTION_DAYS"])
        store.purge_expired_workshops(database, settings["RETENTION_DAYS"])  # and everything in them
    if removed:
        log.info("retention: deleted %d audits older than %d days", removed, settings["RETENTION_DAYS"])


def _repeat(every_s, work, what):
    """Run `work` every `every_s` seconds on a daemon timer, for the life of the process."""
    def tick():
        try:
            work()
        except Exception as error:  # noqa: BLE001 - the timer must keep going
            log.warning("%s failed: %s", what, type(error).__name__)
        _repeat(every_s, work, what)

    timer = threading.Timer(every_s, tick)
    timer.daemon = True
    timer.start()
