"""The small admin page: a teacher creates a workshop from the machine that runs the server."""
import re

from backend import store
from tests.workshop.conftest import join

REMOTE = {"REMOTE_ADDR": "192.168.0.23"}


def test_create_a_workshop_on_the_admin_page(client, db):
    form = client.get("/workshops/new")
    assert form.status_code == 200 and 'name="name"' in form.get_data(as_text=True)

    response = client.post("/workshops", data={"name": "2-3반", "join_days": "3"},
                           headers={"Origin": "http://localhost"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    code = re.search(r'class="code">([A-Z0-9]{4}-[A-Z0-9]{4})<', html).group(1)
    dashboard = re.search(r'href="(/workshops/[0-9a-f]+\?key=[^"]+)"', html).group(1)

    join(client, code)
    page = client.get(dashboard.replace("&amp;", "&"))
    assert page.status_code == 200 and "2-3반" in page.get_data(as_text=True)
    (workshop,) = db["workshops"].rows
    assert workshop["name"] == "2-3반"
    assert store.count_workshop_participants(db, workshop["id"]) == 1


def test_a_bad_name_or_lifetime_is_refused_with_the_form_again(client, db):
    for form in ({"name": ""}, {"name": "x" * 81}, {"name": "class", "join_days": "90"},
                 {"name": "class", "join_days": "soon"}):
        response = client.post("/workshops", data=form)
        assert response.status_code == 422, form
        assert 'name="name"' in response.get_data(as_text=True)
    assert db["workshops"].count == 0


def test_the_admin_page_answers_only_on_the_servers_own_machine(client, db):
    assert client.get("/workshops/new", environ_base=REMOTE).status_code == 403
    assert client.post("/workshops", data={"name": "x"}, environ_base=REMOTE).status_code == 403
    assert db["workshops"].count == 0


def test_a_page_elsewhere_cannot_post_the_form(client, db):
    response = client.post("/workshops", data={"name": "x"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert db["workshops"].count == 0


def test_a_teacher_away_from_the_server_uses_the_dashboard_link(client, workshop):
    response = client.get(f"/workshops/{workshop['id']}?key={workshop['teacher_key']}", environ_base=REMOTE)
    assert response.status_code == 200
