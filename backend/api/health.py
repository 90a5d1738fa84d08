"""GET /api/v1/health: liveness, version, and whether the browser and the face models are ready."""
from flask import Blueprint, jsonify

from .. import __version__

bp = Blueprint("health", __name__, url_prefix="/api/v1")


@bp.get("/health")
def health():
    return jsonify({"status": "ok", "version": __version__,
                    "browser_ready": _browser_ready(), "models_ready": _models_ready()})


def _browser_ready():
    from crawler.browser import find_chromium

    try:
        find_chromium()
        return True
    except RuntimeError:
        return False


def _models_ready():
    try:
        from ..analysis import models_ready
    except ImportError:
        return False
    return bool(models_ready())
