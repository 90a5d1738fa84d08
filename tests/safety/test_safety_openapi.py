"""The OpenAPI document describes every /api/v1 route the app has (schemathesis tests what it lists)."""
import json
from pathlib import Path

SPEC = json.loads((Path(__file__).resolve().parents[2] / "backend/api/openapi.json").read_text())


def _documented():
    return {(path, method.upper()) for path, item in SPEC["paths"].items() for method in item if method != "parameters"}


def test_every_api_route_is_in_the_openapi_document(app):
    routes = {(rule.rule.replace("<", "{").replace(">", "}"), method)
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes, "no /api/ routes found"
    assert routes <= _documented(), f"not in openapi.json: {sorted(routes - _documented())}"
    assert _documented() <= routes, f"documented but not served: {sorted(_documented() - routes)}"


def test_pairing_says_it_takes_workshop_join_codes_too():
    assert "join code" in SPEC["paths"]["/api/v1/pair"]["post"]["description"]
