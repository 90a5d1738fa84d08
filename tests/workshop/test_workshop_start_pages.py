"""The student's pages on the server: the phone start page (GET /) and the pairing link's page
(GET /pair). Same rules as the report page: nothing inline that runs, nothing from elsewhere,
the Host check; the same API and token as the extension. (The pages at work in a real Chromium:
tests/extension/test_extension_workshop.py.)"""
import re

import pytest

from backend.start import strings
from tests.helpers.workshop import join


@pytest.mark.parametrize("path", ["/", "/pair"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_pages_run_only_this_servers_own_script(client, path, lang):
    response = client.get(f"{path}?lang={lang}")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    # The only inline <script> is data (type application/json), which a browser never runs.
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert 'type="application/json"' in attributes or 'src="/start/static/' in attributes, attributes
    assert response.headers["Cache-Control"] == "no-store"


def test_the_pages_answer_only_for_allowed_host_names(client):
    assert client.get("/", headers={"Host": "rebound.example"}).status_code == 421
    assert client.get("/pair", headers={"Host": "rebound.example"}).status_code == 421


def test_the_scripts_are_static_files(client):
    for name in ("page.js", "phone.js", "pair.js", "start.css"):
        assert client.get(f"/start/static/{name}").status_code == 200


def test_the_phone_page_calls_the_api_as_the_extension_does(client, workshop):
    # Same origin: the browser sends the server's own Origin; the API answers it like the extension.
    own = {"Origin": "http://localhost"}
    paired = client.post("/api/v1/pair", json={"code": workshop["join_code"]}, headers=own)
    assert paired.status_code == 200 and paired.get_json()["workshop"]["name"] == "2-3반"
    headers = {**own, "Authorization": f"Bearer {paired.get_json()['token']}"}
    assert client.get("/api/v1/audits", headers=headers).status_code == 200
    # Another origin is still refused, token or not.
    other = {**headers, "Origin": "http://evil.example"}
    assert client.get("/api/v1/audits", headers=other).status_code == 403


def test_both_languages_have_every_string_and_korean_speaks_haeyo():
    assert strings("en").keys() == strings("ko").keys()
    for key, text in strings("ko").items():
        # 해요체 for students: no 합니다/습니다 endings anywhere on the student's pages.
        assert not re.search(r"(니다|십시오)[.!?]?$", text), (key, text)


def test_every_student_error_names_a_person_and_no_command():
    for lang, person in (("en", "teacher"), ("ko", "선생님")):
        for key, text in strings(lang).items():
            # Errors the student fixes alone (a link, a choice, the right ZIP file) need no person.
            if key.startswith("err_") and key not in ("err_bad_link", "err_no_links", "err_consent", "err_too_many",
                                                       "err_no_code", "err_not_an_export", "err_export_no_photos",
                                                       "err_export_too_large", "err_too_many_uploads"):
                assert person in text, (lang, key)
            assert not re.search(r"python|make (run|test)|`", text), (lang, key)


def test_a_join_link_pairs_from_the_phone_page_with_the_class_size_cap(client, db):
    from backend.workshop import create_workshop

    created = create_workshop(db, "tiny", class_size=1)
    join(client, created["join_code"])
    refused = client.post("/api/v1/pair", json={"code": created["join_code"]}, headers={"Origin": "http://localhost"})
    assert refused.get_json()["error"]["code"] == "class_full"


def test_behind_a_proxy_the_public_origin_is_the_pages_own(app, client, workshop):
    app.config["PUBLIC_URL"] = "https://check.school.example"
    public = {"Origin": "https://check.school.example"}
    assert client.post("/api/v1/pair", json={"code": workshop["join_code"]}, headers=public).status_code == 200
    created = client.post("/workshops", data={"name": "proxied"}, headers={**public, "Sec-Fetch-Site": "same-origin"})
    assert created.status_code == 303
    assert client.post("/api/v1/pair", json={"code": "x"}, headers={"Origin": "https://other.example"}).status_code == 403
