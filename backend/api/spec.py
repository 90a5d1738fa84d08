"""GET /api/v1/openapi.json: the API described as OpenAPI 3.1 (tests check the server against it)."""
import json
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, jsonify

bp = Blueprint("spec", __name__, url_prefix="/api/v1")


@lru_cache(maxsize=1)
def openapi_document():
    return json.loads((Path(__file__).parent / "openapi.json").read_text(encoding="utf-8"))


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
