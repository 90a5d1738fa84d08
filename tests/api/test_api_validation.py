"""Bad requests get clear 4xx JSON errors in one shape; nothing answers 5xx."""
import pytest


def assert_error(response, status, code, field=None):
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == code
    assert error["message"]
    if field is not None:
        assert error["field"] == field


def test_health_needs_no_token(client):
    body = client.get("/api/v1/health").get_json()
    assert body["status"] == "ok"
    assert set(body) >= {"version", "browser_ready", "models_ready"}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}])
def test_audits_need_a_valid_token(client, headers):
    assert_error(client.get("/api/v1/audits", headers=headers), 401, "unauthorized")


def test_malformed_json(client, auth):
    response = client.post("/api/v1/audits", data="{not json", headers=auth, content_type="application/json")
    assert_error(response, 400, "invalid_json")


@pytest.mark.parametrize("body, code, field", [
    ([], "invalid_body", None),
    ({}, "invalid_profiles", "profiles"),
    ({"profiles": [], "consent": "self"}, "invalid_profiles", "profiles"),
    ({"profiles": "https://example.com", "consent": "self"}, "invalid_profiles", "profiles"),
    ({"profiles": [f"https://example.com/u{i}" for i in range(11)], "consent": "self"},
     "too_many_profiles", "profiles"),
    ({"profiles": [42], "consent": "self"}, "invalid_url", "profiles[0]"),
    ({"profiles": ["ftp://example.com/me"], "consent": "self"}, "invalid_url", "profiles[0]"),
    ({"profiles": ["javascript:alert(1)"], "consent": "self"}, "invalid_url", "profiles[0]"),
    ({"profiles": ["file:///etc/passwd"], "consent": "self"}, "invalid_url", "profiles[0]"),
    ({"profiles": ["https://example.com/" + "a" * 3000], "consent": "self"}, "invalid_url", "profiles[0]"),
    ({"profiles": ["https://www.instagram.com/someone/"]}, "invalid_consent", "consent"),
    ({"profiles": ["https://www.instagram.com/someone/"], "consent": "friend"}, "invalid_consent", "consent"),
])
def test_bad_audit_requests(client, auth, body, code, field):
    assert_error(client.post("/api/v1/audits", json=body, headers=auth), 422, code, field)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/", "http://169.254.169.254/latest/meta-data/",
                                 "http://10.0.0.1/", "http://[::1]/", "http://2130706433/"])
def test_private_addresses_are_refused(client, auth, monkeypatch, url):
    monkeypatch.delenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS")
    response = client.post("/api/v1/audits", json={"profiles": [url], "consent": "self"}, headers=auth)
    assert_error(response, 422, "blocked_url", "profiles[0]")


def test_oversized_body(client, auth):
    body = '{"profiles": ["https://example.com/' + "a" * 70000 + '"], "consent": "self"}'
    response = client.post("/api/v1/audits", data=body, headers=auth, content_type="application/json")
    assert_error(response, 413, "body_too_large")


@pytest.mark.parametrize("method", ["get", "delete"])
def test_unknown_audit(client, auth, method):
    assert_error(getattr(client, method)("/api/v1/audits/nope", headers=auth), 404, "not_found")


def test_unknown_api_path_is_json(client):
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")


def test_wrong_method_is_json(client):
    assert_error(client.put("/api/v1/audits"), 405, "method_not_allowed")


def test_analyze_without_image(client, auth):
    assert_error(client.post("/api/v1/analyze", headers=auth, data={}), 422, "missing_image", "image")


def test_analyze_empty_image(client, auth):
    import io

    response = client.post("/api/v1/analyze", headers=auth, data={"image": (io.BytesIO(b""), "x.jpg")})
    assert_error(response, 422, "unreadable_image", "image")


def test_unknown_host_is_refused(client):
    response = client.get("/api/v1/health", headers={"Host": "attacker.example"})
    assert_error(response, 421, "unknown_host")


def test_configured_host_is_allowed():
    from backend.request_guard import host_allowed

    assert host_allowed("school.example:8765", {"school.example"})
    assert host_allowed("127.0.0.1:8765", set())
    assert host_allowed("[::1]:8765", set())
    assert not host_allowed("127.0.0.1.attacker.example", set())


def test_every_loopback_address_is_allowed_and_nothing_that_looks_like_one():
    from backend.request_guard import host_allowed

    for host in ("127.0.0.5:8765", "127.255.0.1", "[::1]", "LOCALHOST:8765"):
        assert host_allowed(host, set()), host
    for host in ("127.1:8765", "0x7f.0.0.1", "127.0.0.5.attacker.example", "10.0.0.1:8765", "[::2]:8765",
                 "[::ffff:127.0.0.1]:8765", "localhost.attacker.example"):
        assert not host_allowed(host, set()), host


def test_web_origins_are_refused(client):
    response = client.get("/api/v1/health", headers={"Origin": "https://attacker.example"})
    assert_error(response, 403, "origin_not_allowed")


@pytest.mark.parametrize("origin", ["chrome-extension://abcdefghijklmnop", "moz-extension://1234-5678"])
def test_extension_origins_get_cors_headers(client, origin):
    response = client.options("/api/v1/audits", headers={"Origin": origin,
                                                         "Access-Control-Request-Method": "POST"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("language, hangul", [("ko-KR,ko;q=0.9", True), ("en-US", False)])
def test_analyze_gives_reasons_in_the_readers_language(client, auth, fixtures_dir, language, hangul):
    photo = (fixtures_dir / "faces" / "obama.jpg").read_bytes()
    import io

    response = client.post("/api/v1/analyze", headers=auth | {"Accept-Language": language},
                           data={"image": (io.BytesIO(photo), "obama.jpg")})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["risk"] == "high" and len(body["faces"]) == 1
    reasons = " ".join(body["faces"][0]["reasons"])
    assert any("\uac00" <= ch <= "\ud7a3" for ch in reasons) == hangul, reasons


@pytest.mark.parametrize("path", ["/api/v1/pair", "/api/v1/audits"])
@pytest.mark.parametrize("bomb", ["[" * 20000 + "]" * 20000, '{"a":' * 10000 + "1" + "}" * 10000,
                                  '{"profiles": ' + "[" * 5000 + "]" * 5000 + "}"])
def test_a_json_nesting_bomb_gets_400(client, auth, path, bomb):
    # The parser recurses once per level: deep nesting must be refused, not crash the request (500).
    response = client.post(path, data=bomb, headers=auth, content_type="application/json")
    assert_error(response, 400, "invalid_json")
    assert "deep" in response.get_json()["error"]["message"]


def test_a_form_of_too_many_parts_says_so(client, auth):
    # Before: past 1,000 parts the answer said the photo was too large (it was 20 KB).
    boundary = "b0undary"
    parts = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nx\r\n' for i in range(1100))
    response = client.post("/api/v1/analyze", headers=auth, data=parts + f"--{boundary}--\r\n",
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert_error(response, 413, "too_many_parts", "image")
    assert "parts" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("path, body", [
    ("/api/v1/audits", '{"profiles": ["http://example.com/\\ud800x"], "consent": "self"}'),
    ("/api/v1/audits", '{"profiles": ["http://example.com/me"], "consent": "self", "\\udfff": 1}'),
    ("/api/v1/pair", '{"code": "\\ud800\\ud800"}'),
])
def test_a_lone_surrogate_gets_400(client, auth, path, body):
    # JSON's \ud800 escape decodes to a lone surrogate that SQLite cannot encode: it gave 500 (#27 finding 11).
    response = client.post(path, data=body, headers=auth, content_type="application/json")
    assert_error(response, 400, "invalid_json")
    assert "Unicode" in response.get_json()["error"]["message"]
