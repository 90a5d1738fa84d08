"""GET /api/v1/limits: the numbers and names the extension would otherwise copy by hand.

One source for each: how many profile links an audit takes, the largest photo
/analyze accepts, how many clear photos make a set an app can learn a face from,
the stage names of an audit, and the platform table (ids, hosts, display names).
"""
from flask import Blueprint, current_app, jsonify

from crawler.platforms import ADAPTERS

from .. import around
from ..config import STAGES
from ..tips import platform_name
from ..tips.chooser import KIT_SIZE
from .analyze import MAX_UPLOAD_BYTES

bp = Blueprint("limits", __name__, url_prefix="/api/v1")


@bp.get("/limits")
def limits():
    return jsonify(current_limits(current_app.config["MAX_PROFILES"]))


def current_limits(max_profiles):
    """The limits as plain data (also what the extension's tests serve from their fake backend)."""
    return {
        "max_profiles": max_profiles,
        "max_others": around.MAX_OTHERS,
        "max_upload_bytes": MAX_UPLOAD_BYTES,
        "kit_size": KIT_SIZE,
        "stages": list(STAGES),
        "platforms": [{"id": name, "hosts": list(adapter.hosts),
                       "name": {"en": platform_name(name, "en"), "ko": platform_name(name, "ko")}}
                      for name, adapter in ADAPTERS.items() if name != "generic"],
    }
