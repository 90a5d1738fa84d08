"""GET /api/v1/health: liveness, version, and whether the browser, the face models and the
pose models (the body check) are ready."""
from flask import Blueprint, jsonify

from crawler.browser import find_chromium

from .. import __version__
from ..analysis import body, models_ready

bp = Blueprint("health", __name__, url_prefix="/api/v1")


@bp.get("/health")
def health():
    return jsonify({"status": "ok", "version": __version__,
                    "browser_ready": _browser_ready(), "models_ready": _models_ready(),
                    "body_model_ready": body.available()})


def _browser_ready():
    try:
        find_chromium()
        return True
    except RuntimeError:
        return False


def _models_ready():
    return bool(models_ready())
