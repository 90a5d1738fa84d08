"""Joining a workshop: one code, many students, each with a token of the workshop."""
from datetime import datetime, timedelta, timezone

from click.testing import CliRunner

from backend import auth, store
from backend.cli import cli
from backend.workshop import close_workshop, renew_join_code
from tests.workshop.conftest import join, token_hash


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
    headers = join(client, auth.new_pairing_code(db, 15))
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
    assert row["teacher_key_hash"] == auth.digest(workshop["teacher_key"])


def test_wrong_join_codes_count_towards_the_guessing_limit(client, workshop):
    for i in range(20):
        assert client.post("/api/v1/pair", json={"code": f"ZZZZ-{i:04d}"}).status_code == 403
    assert client.post("/api/v1/pair", json={"code": workshop["join_code"]}).status_code == 429


def test_cli_create_prints_a_join_code_and_a_dashboard_link_that_work(app, client):
    result = CliRunner().invoke(cli, ["workshop", "create", "2-3반", "--base-url", "http://localhost:9000"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.output.splitlines() if ": " in line)
    code = lines["Join code"].split()[0]
    dashboard = lines["Dashboard"]
    assert dashboard.startswith("http://localhost:9000/workshops/")
    join(client, code)
    page = client.get(dashboard.removeprefix("http://localhost:9000"))
    assert page.status_code == 200
    assert "2-3반" in page.get_data(as_text=True)
    listed = CliRunner().invoke(cli, ["workshop", "list"])
    assert "2-3반" in listed.output and "1 students" in listed.output


def test_cli_refuses_an_empty_name(app):
    result = CliRunner().invoke(cli, ["workshop", "create", "   "])
    assert result.exit_code != 0
    assert "workshop name" in result.output


def test_cli_code_renews_the_join_code(app, client, db, workshop):
    result = CliRunner().invoke(cli, ["workshop", "code", workshop["id"]])
    assert result.exit_code == 0, result.output
    join(client, result.output.split("Join code: ")[1].split()[0])
    assert client.post("/api/v1/pair", json={"code": workshop["join_code"]}).status_code == 403
