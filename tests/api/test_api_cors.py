"""Cross-origin calls are answered only for the extensions that paired with this server (#15 finding 12)."""
import pytest

from backend import create_app, store, tokens

PAIRED = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
STRANGER = "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba"


@pytest.fixture
def paired_app(tmp_path):
    # No EXPOSURE_API_TOKEN: tokens come from pairing only, as on a real install.
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "exposure.db"), "RUN_JOBS": False})


def pair(app, origin):
    code = tokens.new_pairing_code(store.open_store(app.config["DATABASE"]), 5)
    response = app.test_client().post("/api/v1/pair", json={"code": code}, headers={"Origin": origin})
    assert response.status_code == 200, response.get_json()
    assert response.headers["Access-Control-Allow-Origin"] == origin
    return response.get_json()["token"]


def call(app, origin, token):
    return app.test_client().get("/api/v1/audits", headers={"Origin": origin, "Authorization": f"Bearer {token}"})


def test_only_the_paired_extension_is_answered(paired_app):
    token = pair(paired_app, PAIRED)
    answered = call(paired_app, PAIRED, token)
    assert answered.status_code == 200 and answered.headers["Access-Control-Allow-Origin"] == PAIRED
    # Before: any chrome-extension:// origin was reflected.
    stranger = call(paired_app, STRANGER, token)
    assert stranger.status_code == 403 and "Access-Control-Allow-Origin" not in stranger.headers
    assert stranger.get_json()["error"]["code"] == "origin_not_allowed"


def test_an_extension_that_pairs_is_answered_from_then_on(paired_app):
    pair(paired_app, PAIRED)
    token = pair(paired_app, STRANGER)
    assert call(paired_app, STRANGER, token).status_code == 200


def test_an_extension_not_yet_paired_can_check_the_server(paired_app):
    response = paired_app.test_client().get("/api/v1/health", headers={"Origin": STRANGER})
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == STRANGER
