"""Pairing: a one-time code that expires, traded for a token stored only as a hash."""
from backend import auth, store


def make_code(app, minutes=15):
    db = store.open_store(app.config["DATABASE"])
    return auth.new_pairing_code(db, minutes)


def test_pair_then_use_the_token(app, client):
    code = make_code(app)
    token = client.post("/api/v1/pair", json={"code": code}).get_json()["token"]
    response = client.get("/api/v1/audits", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json() == {"audits": []}


def test_code_is_forgiving_about_case_and_dash(app, client):
    code = make_code(app)
    response = client.post("/api/v1/pair", json={"code": code.lower().replace("-", " ")})
    assert response.status_code == 200


def test_code_works_once(app, client):
    code = make_code(app)
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 200
    second = client.post("/api/v1/pair", json={"code": code})
    assert second.status_code == 403
    assert second.get_json()["error"]["code"] == "invalid_code"


def test_expired_code_is_refused(app, client):
    code = make_code(app, minutes=-1)
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 403


def test_tokens_and_codes_are_stored_hashed(app, client):
    code = make_code(app)
    token = client.post("/api/v1/pair", json={"code": code}).get_json()["token"]
    raw = open(app.config["DATABASE"], "rb").read()
    assert token.encode() not in raw
    db = store.open_store(app.config["DATABASE"])
    assert store.find_token(db, auth.digest(token)) is not None


def test_missing_code(client):
    response = client.post("/api/v1/pair", json={})
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "code"


def test_guessing_codes_is_slowed_down(client):
    statuses = [client.post("/api/v1/pair", json={"code": f"AAAA-{i:04d}"}).status_code for i in range(25)]
    assert statuses[:20] == [403] * 20
    assert statuses[-1] == 429


def test_each_pairing_has_its_own_verification_code(app, client):
    tokens = [client.post("/api/v1/pair", json={"code": make_code(app)}).get_json()["token"] for _ in range(2)]
    codes = [client.get("/api/v1/verification", headers={"Authorization": f"Bearer {t}"}).get_json()["code"]
             for t in tokens]
    assert codes[0] != codes[1]
    assert all(len(code) == 9 and code.startswith("EC-") for code in codes)
    again = client.get("/api/v1/verification", headers={"Authorization": f"Bearer {tokens[0]}"}).get_json()["code"]
    assert again == codes[0], "the code stays the same for one pairing"
