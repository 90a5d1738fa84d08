"""One JSON error shape for the whole API: {"error": {"code", "message", "field"}}."""
import logging
import sqlite3

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

from .audits import Refused

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the client can act on, returned as JSON with a 4xx status."""

    def __init__(self, status, code, message, field=None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def error_response(status, code, message, field=None):
    body = {"error": {"code": code, "message": message, "field": field}}
    return jsonify(body), status


def register_error_handlers(app):
    """Every error under the API answers in the JSON shape; the report page answers in text."""

    @app.errorhandler(ApiError)
    @app.errorhandler(Refused)  # an audit refused by backend.audits, which knows no Flask
    def _api_error(error):
        return error_response(error.status, error.code, error.message, error.field)

    @app.errorhandler(HTTPException)
    def _http_error(error):
        code = (error.name or "error").lower().replace(" ", "_")
        if not request.path.startswith("/api/"):
            return error.description or error.name, error.code, {"Content-Type": "text/plain; charset=utf-8"}
        return error_response(error.code, code, error.description or error.name)

    @app.errorhandler(sqlite3.OperationalError)
    def _storage_error(error):
        # A read-only or full data folder: say so at once instead of hanging or crashing.
        log.exception("storage unavailable: %s", error)
        return error_response(503, "storage_unavailable",
                              "The server cannot write to its data folder (read-only or full).")
