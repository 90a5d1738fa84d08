"""Joining a workshop: one code, many students, each with a token of the workshop."""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from backend import address, store, tokens
from backend.api.pairing import WRONG_CODES_PER_ADDRESS
from backend.workshop import close_workshop, create_workshop, renew_join_code
from tests.helpers.workshop import join, token_hash


def test_a_class_joins_with_one_code(client, db, workshop):
    students = [join(client, workshop["join_code"]) for _ in range(5)]
    assert len({s["Authorization"] for s in students}) == 5, "each student gets a token of their own"
    for headers in students:
        assert store.find_token(db, token_hash(headers))["workshop_id"] == workshop["id"]
        assert client.get("/api/v1/audits", headers=headers).status_code == 200
    assert store.count_workshop_participants(db, workshop["id"]) == 5


def test_the_join_code_is_forgiving_about_case_and_dash(client, db, workshop):
    headers = join(client, "  " + workshop["join_code"].lower().replace("-", " "))
    assert store.find_token(db, token_hash(headers))["workshop_id"] == workshop["id"]


def test_an_ordinary_pairing_code_still_makes_a_token_outside_any_workshop(client, db, workshop):
    headers = join(client, tokens.new_pairing_code(db, 15))
    assert store.find_token(db, token_hash(headers))["workshop_id"] is None


def test_an_expired_join_code_is_refused(client, db, workshop):
    past = (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat(timespec="seconds")
    db["workshops"].update(workshop["id"], {"join_expires_at": past})
    response = client.post("/api/v1/pair", json={"code": workshop["join_code"]})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "invalid_code"


def test_a_renewed_code_replaces_the_old_one(client, db, workshop):
    joined_before = join(client, workshop["join_code"])
    renewed = renew_join_code(db, workshop["id"])
    assert client.post("/api/v1/pair", json={"code": workshop["join_code"]}).status_code == 403
    join(client, renewed["join_code"])
    # Students who joined before keep their pairing.
    assert client.get("/api/v1/audits", headers=joined_before).status_code == 200
    assert store.count_workshop_participants(db, workshop["id"]) == 2


def test_a_closed_workshops_code_and_tokens_stop_working(client, db, workshop):
    headers = join(client, workshop["join_code"])
    close_workshop(db, workshop["id"])
    assert client.post("/api/v1/pair", json={"code": workshop["join_code"]}).status_code == 403
    assert client.get("/api/v1/audits", headers=headers).status_code == 401


def test_the_join_code_and_teacher_key_are_stored_hashed(app, db, workshop):
    raw = open(app.config["DATABASE"], "rb").read() + open(app.config["DATABASE"] + "-wal", "rb").read()
    for secret in (workshop["join_code"], workshop["join_code"].replace("-", ""), workshop["teacher_key"]):
        assert secret.encode() not in raw
    row = store.get_workshop(db, workshop["id"])
    assert row["teacher_key_hash"] == tokens.digest(workshop["teacher_key"])


def test_wrong_join_codes_count_towards_the_guessing_limit(client, workshop):
    for i in range(WRONG_CODES_PER_ADDRESS):
        assert client.post("/api/v1/pair", json={"code": f"ZZZZ-{i:04d}"}).status_code == 403
    assert client.post("/api/v1/pair", json={"code": workshop["join_code"]}).status_code == 429


def test_cli_create_prints_a_join_code_and_a_dashboard_link_that_work(runner, app, client):
    result = runner.invoke(args=["workshop", "create", "2-3반", "--base-url", "http://localhost:9000"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.output.splitlines() if ": " in line)
    code = lines["Join code"].split()[0]
    dashboard = lines["Dashboard"]
    assert dashboard.startswith("http://localhost:9000/workshops/")
    join(client, code)
    page = client.get(dashboard.removeprefix("http://localhost:9000"))
    assert page.status_code == 200
    assert "2-3반" in page.get_data(as_text=True)
    listed = runner.invoke(args=["workshop", "list"])
    assert "2-3반" in listed.output and "1 students" in listed.output


def test_cli_refuses_an_empty_name(runner, app):
    result = runner.invoke(args=["workshop", "create", "   "])
    assert result.exit_code != 0
    assert "workshop name" in result.output


def test_cli_code_renews_the_join_code(runner, app, client, db, workshop):
    result = runner.invoke(args=["workshop", "code", workshop["id"]])
    assert result.exit_code == 0, result.output
    join(client, result.output.split("Join code: ")[1].split()[0])
    assert client.post("/api/v1/pair", json={"code": workshop["join_code"]}).status_code == 403


def test_a_join_code_gives_at_most_the_class_size_in_pairings(client, db):
    created = create_workshop(db, "small class", class_size=3)
    for _ in range(3):
        join(client, created["join_code"])
    full = client.post("/api/v1/pair", json={"code": created["join_code"]})
    assert full.status_code == 403
    assert full.get_json()["error"]["code"] == "class_full"
    assert "teacher" in full.get_json()["error"]["message"]
    assert store.count_workshop_participants(db, created["id"]) == 3
    # A new code from the teacher counts from zero again (a student who lost the pairing).
    renewed = renew_join_code(db, created["id"])
    join(client, renewed["join_code"])


def test_thirty_students_pairing_at_once_cannot_pass_the_cap(app, db):
    created = create_workshop(db, "rush", class_size=10)

    def pair_once(_):
        return app.test_client().post("/api/v1/pair", json={"code": created["join_code"]}).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(pair_once, range(30)))
    assert statuses.count(200) == 10 and statuses.count(403) == 20
    assert store.count_workshop_participants(db, created["id"]) == 10


def test_pairing_with_a_join_code_names_the_class(client, workshop):
    answer = client.post("/api/v1/pair", json={"code": workshop["join_code"]}).get_json()
    assert answer["workshop"] == {"name": "2-3반"}


def test_after_the_teacher_closes_the_class_the_students_are_told_it_ended(client, db, workshop):
    headers = join(client, workshop["join_code"])
    close_workshop(db, workshop["id"])
    error = client.get("/api/v1/audits", headers=headers).get_json()["error"]
    assert error["code"] == "workshop_closed"
    assert "ended" in error["message"] and "deleted" in error["message"]
    stranger = client.get("/api/v1/audits", headers={"Authorization": "Bearer not-a-token"}).get_json()
    assert stranger["error"]["code"] == "unauthorized"
    assert "ask your teacher or parent" in stranger["error"]["message"]


def test_every_refused_code_names_a_person_to_ask_never_a_command(client):
    for code in ("ZZZZ-ZZZZ", ""):
        message = client.post("/api/v1/pair", json={"code": code}).get_json()["error"]["message"]
        assert "teacher or parent" in message and "python" not in message and "`" not in message


def test_cli_create_links_to_the_port_the_server_really_runs_on(runner, app, client, tmp_path):
    address.record(tmp_path, "http://127.0.0.1:51234")  # what `serve --port 51234` over this folder wrote
    result = runner.invoke(args=["workshop", "create", "3반", "--class-size", "12"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.output.splitlines() if ": " in line)
    assert lines["Dashboard"].startswith("http://127.0.0.1:51234/workshops/")
    code = lines["Join code"].split()[0]
    assert lines["Join link"] == f"http://127.0.0.1:51234/pair#{code}"
    assert "8765" not in result.output


def test_cli_create_without_a_server_prints_a_path_not_a_guessed_port(runner, app, tmp_path):
    result = runner.invoke(args=["workshop", "create", "3반"])
    assert result.exit_code == 0, result.output
    assert "Dashboard path: /workshops/" in result.output and "http://" not in result.output


def test_the_serve_address_is_what_clients_open(monkeypatch):
    assert address.listening_base("127.0.0.1", 9001) == "http://127.0.0.1:9001"
    assert address.listening_base("::1", 9001) == "http://[::1]:9001"
    assert address.listening_base("0.0.0.0", 9001, allowed_hosts=["school.lan"]) == "http://school.lan:9001"
    assert address.listening_base("0.0.0.0", 9001, "https://check.school.kr/") == "https://check.school.kr"
