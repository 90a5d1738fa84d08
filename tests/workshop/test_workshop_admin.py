"""The small admin page: a teacher creates a workshop from the machine that runs the server."""
import re

from backend import store
from tests.helpers.workshop import join

REMOTE = {"REMOTE_ADDR": "192.168.0.23"}


def test_create_a_workshop_on_the_admin_page(client, db):
    form = client.get("/workshops/new")
    assert form.status_code == 200 and 'name="name"' in form.get_data(as_text=True)

    response = client.post("/workshops", data={"name": "2-3반", "join_days": "3", "class_size": "25"},
                           headers={"Origin": "http://localhost"})
    assert response.status_code == 303
    dashboard = response.headers["Location"]
    assert re.fullmatch(r"/workshops/[0-9a-f]+\?key=[^&]+&lang=en&new=1", dashboard)

    html = client.get(dashboard).get_data(as_text=True)
    code = re.search(r'id="join-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', html).group(1)
    assert 'id="keep-link"' in html
    join(client, code)
    (workshop,) = db["workshops"].rows
    assert workshop["name"] == "2-3반" and workshop["class_size"] == 25
    assert store.count_workshop_participants(db, workshop["id"]) == 1


def test_a_bad_name_lifetime_or_class_size_is_refused_with_the_form_again(client, db):
    for form, said in (({"name": ""}, "Give the workshop a name"), ({"name": "x" * 81}, "Give the workshop a name"),
                       ({"name": "class", "join_days": "90"}, "1 to 30 days"),
                       ({"name": "class", "join_days": "soon"}, "1 to 30 days"),
                       ({"name": "class", "class_size": "0"}, "1 to 300"),
                       ({"name": "class", "class_size": "many"}, "1 to 300")):
        response = client.post("/workshops", data=form)
        assert response.status_code == 422, form
        html = response.get_data(as_text=True)
        assert 'name="name"' in html and said in html, form
    korean = client.post("/workshops", data={"name": "", "lang": "ko"}).get_data(as_text=True)
    assert "수업 이름은 1~80자로 정하세요." in korean
    assert db["workshops"].count == 0


def test_the_admin_page_answers_only_on_the_servers_own_machine(client, db):
    assert client.get("/workshops/new", environ_base=REMOTE).status_code == 403
    assert client.post("/workshops", data={"name": "x"}, environ_base=REMOTE).status_code == 403
    assert db["workshops"].count == 0


def test_a_page_elsewhere_cannot_post_the_form(client, db):
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
                    {"Sec-Fetch-Site": "same-site"}, {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"}):
        response = client.post("/workshops", data={"name": "x"}, headers=headers)
        assert response.status_code == 403, headers
        assert "own page" in response.get_data(as_text=True)
    korean = client.post("/workshops", data={"name": "x"}, headers={"Origin": "https://evil.example",
                                                                    "Accept-Language": "ko-KR"})
    assert "이 서버의 페이지에서만" in korean.get_data(as_text=True)
    assert db["workshops"].count == 0


def test_the_form_from_the_servers_own_page_passes_whatever_its_origin_header(client, db):
    # Chromium under no-referrer sends "null" with Sec-Fetch-Site: same-origin; the page now sets
    # same-origin, so the real origin is sent: both come from this server's page.
    for n, headers in enumerate(({"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
                                 {"Origin": "null", "Sec-Fetch-Site": "same-origin"}, {})):
        response = client.post("/workshops", data={"name": f"class {n}"}, headers=headers)
        assert response.status_code == 303, headers
    assert db["workshops"].count == 3
    assert client.get("/workshops/new").headers["Referrer-Policy"] == "same-origin"


def test_a_teacher_away_from_the_server_uses_the_dashboard_link(client, workshop):
    response = client.get(f"/workshops/{workshop['id']}?key={workshop['teacher_key']}", environ_base=REMOTE)
    assert response.status_code == 200


def test_a_request_relayed_by_a_proxy_on_this_machine_is_not_local(app, client, db):
    # A reverse proxy on the server's own machine relays every student's request from 127.0.0.1:
    # each of them could create workshops (#27 finding 14).
    relayed = {"X-Forwarded-For": "192.168.0.23"}
    assert client.get("/workshops/new", headers=relayed).status_code == 403
    assert client.post("/workshops", data={"name": "x"}, headers={**relayed, "Origin": "http://localhost"}
                       ).status_code == 403
    assert client.get("/workshops/new", headers={"Forwarded": "for=192.168.0.23"}).status_code == 403
    # Named as trusted, the proxy's word says who is local: the teacher on the server's machine is.
    app.config["TRUSTED_PROXIES"] = ["127.0.0.1"]
    assert client.get("/workshops/new", headers=relayed).status_code == 403
    assert client.get("/workshops/new", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200
    assert db["workshops"].count == 0
