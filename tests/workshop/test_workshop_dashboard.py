"""The teacher's dashboard, printable page and CSV: class totals that hold no personal data."""
import base64
import csv
import io
import re

import pytest

from backend import store
from backend.tips import DATA_DIR as TIPS_DATA_DIR
from backend.workshop import aggregate, create_workshop
from tests.helpers.workshop import dashboard, finish, join, page_rows, token_hash

HANDLES = ("kim_minjun_2009", "lee.seoyeon.07", "park-jiho", "choi_yuna_official")
FIRST = ([("high", "high", "high", "none")], [("high", "medium", "none")], [("low", "none")],
         [("high", "low", "low", "none", "none")])


def url_of(handle):
    return f"https://www.instagram.com/{handle}/"


@pytest.fixture
def classroom(client, db, workshop):
    """Four students with a first audit each; the first three audit again, with fewer clear photos."""
    students = [join(client, workshop["join_code"]) for _ in HANDLES]
    for n, (headers, handle, (risks,)) in enumerate(zip(students, HANDLES, FIRST)):
        finish(db, headers, f"first-audit-{n}", url_of(handle), risks)
    for n, risks in enumerate([("high", "none", "none", "none"), ("medium", "none", "none"), ("low", "none")]):
        finish(db, students[n], f"again-audit-{n}", url_of(HANDLES[n]), risks)
    return students


def csv_values(text):
    """{(section, measure): value} of the CSV export."""
    return {(row["section"], row["measure"]): row["value"] for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}


def personal_data(db, students):
    """Every string in the store that points at a student: links, photo URLs, ids, keys, tokens, thumbnails."""
    secrets = [*HANDLES, *map(url_of, HANDLES), "instagram.com/"]
    for audit in db["audits"].rows:
        secrets += [audit["id"], audit["report_key"], audit["token_hash"]]
        secrets += [p["image_url"] for p in store.get_audit(db, audit["id"])["result"]["photos"]]
    for thumbnail in db["thumbnails"].rows:
        secrets += [base64.b64encode(thumbnail["jpeg"]).decode()[:16], thumbnail["jpeg"].decode("latin-1")]
    return secrets + [s["Authorization"].split()[1] for s in students]


def test_the_dashboard_shows_class_totals(client, workshop, classroom):
    html = dashboard(client, workshop).get_data(as_text=True)
    the_class = page_rows(html, "The class")
    assert the_class["Students who joined"] == "4"
    assert the_class["Students with a finished audit"] == "4"
    assert the_class["Audits finished"] == "7"
    first = page_rows(html, "First audit")
    assert first["Students"] == "4"
    assert first["Photos audited"] == "14"
    assert first["Photos with faces"] == "9"
    assert first["Photos with a clear face (enough for a face swap)"] == "5"
    assert first["Share of photos with a clear face"] == "36%"
    assert first["Students with at least one clear photo"] == "3"
    assert first["Students with 3 or more clear photos of themselves"] == "1"
    assert page_rows(html, "Latest audit")["Photos with a clear face (enough for a face swap)"] == "2"


def test_the_change_after_the_class_audits_again(client, workshop, classroom):
    change = page_rows(dashboard(client, workshop).get_data(as_text=True), "Change after the class audited again")
    assert change["Students who audited again"] == "3"
    assert change["Clear photos, first audit"] == "4"
    assert change["Clear photos, latest audit"] == "1"
    assert change["Students with fewer clear photos now"] == "2"
    assert change["Students with 3+ clear photos, first audit"] == "1"
    assert change["Students with 3+ clear photos, latest audit"] == "0"


def test_no_personal_data_on_the_dashboard_the_print_page_or_the_csv(client, db, workshop, classroom):
    secrets = personal_data(db, classroom)
    for path in ("", "/print", "/export.csv"):
        for lang in ("en", "ko"):
            body = dashboard(client, workshop, path, lang).get_data(as_text=True)
            leaked = [s for s in secrets if s in body]
            assert not leaked, f"{path or 'dashboard'} ({lang}) shows {leaked}"
            assert "<img" not in body and "data:image" not in body


def test_the_csv_holds_the_same_totals(client, workshop, classroom):
    response = dashboard(client, workshop, "/export.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    values = csv_values(response.get_data(as_text=True))
    assert values[("workshop", "name")] == "2-3반"
    assert values[("class", "joined")] == "4"
    assert values[("first", "photos")] == "14"
    assert values[("first", "clear_photos")] == "5"
    assert values[("first", "clear_share")] == "0.357"
    assert values[("change", "clear_after")] == "1"


def test_figures_from_fewer_than_three_students_are_hidden(client, db, workshop):
    students = [join(client, workshop["join_code"]) for _ in range(3)]
    finish(db, students[0], "a1", url_of("solo_one"), ("high",) * 7)
    finish(db, students[1], "a2", url_of("solo_two"), ("high",) * 6)
    html = dashboard(client, workshop).get_data(as_text=True)
    first = page_rows(html, "First audit")
    assert set(first.values()) == {"—"}, first
    assert "Shown once at least 3 students" in html
    assert page_rows(html, "The class")["Students with a finished audit"] == "2"
    values = csv_values(dashboard(client, workshop, "/export.csv").get_data(as_text=True))
    assert values[("first", "photos")] == values[("first", "clear_photos")] == ""
    assert values[("change", "clear_before")] == ""

    finish(db, students[2], "a3", url_of("solo_three"), ("none",))
    first = page_rows(dashboard(client, workshop).get_data(as_text=True), "First audit")
    assert first["Photos audited"] == "14"


def test_only_fixes_shared_by_three_students_are_listed():
    audits = [{"token_hash": f"t{n}", "status": "done", "created_at": str(n), "profiles": [],
               "result": {"photos": [], "summary": {}}} for n in range(4)]
    needs = {"t0": {"lock": 2, "cover": 1}, "t1": {"lock": 1, "cover": 1, "rare": 5},
             "t2": {"lock": 3, "cover": 2}, "t3": {"lock": 1, "help": 0}}

    def tips_for(audit, lang):
        return [{"id": tip, "title": f"{tip} ({lang})", "kind": "platform", "photos_affected": n}
                for tip, n in needs[audit["token_hash"]].items()]

    fixes = aggregate(audits, "ko", tips_for)["fixes"]
    assert fixes == [
        {"id": "lock", "title": "lock (ko)", "participants": 4, "photos_affected": 7},
        {"id": "cover", "title": "cover (ko)", "participants": 3, "photos_affected": 4},
    ]


@pytest.mark.skipif(not any(TIPS_DATA_DIR.glob("*.json")),
                    reason="the knowledge base data files are not in this checkout")
def test_the_most_common_fixes_come_from_the_knowledge_base(client, workshop, classroom):
    html = dashboard(client, workshop).get_data(as_text=True)
    fixes = page_rows(html, "Most common fixes")
    assert fixes, "Instagram students with clear photos need Instagram steps"
    assert all(value.split()[0].isdigit() and int(value.split()[0]) >= 3 for value in fixes.values())
    assert page_rows(html, "Platforms audited") == {"Instagram": "4 students"}


def test_the_dashboard_speaks_korean(client, workshop, classroom):
    html = dashboard(client, workshop, lang="ko").get_data(as_text=True)
    assert '<html lang="ko">' in html
    assert page_rows(html, "첫 점검")["점검한 사진"] == "14"


def test_the_print_page_has_no_forms_and_a_print_style(client, workshop, classroom):
    html = dashboard(client, workshop, "/print").get_data(as_text=True)
    assert "<form" not in html
    assert "@media print" in html
    assert page_rows(html, "First audit")["Photos audited"] == "14"


@pytest.mark.parametrize("key", ["", "wrong-key"])
def test_a_wrong_teacher_key_finds_nothing(client, workshop, key):
    for path in ("", "/print", "/export.csv"):
        response = client.get(f"/workshops/{workshop['id']}{path}?key={key}")
        assert response.status_code == 404
        assert "2-3반" not in response.get_data(as_text=True)


def test_a_new_join_code_from_the_dashboard(client, workshop):
    response = client.post(f"/workshops/{workshop['id']}/join-code", data={"key": workshop["teacher_key"]})
    assert response.status_code == 200
    code = re.search(r'id="join-code">([A-Z0-9]{4}-[A-Z0-9]{4})<', response.get_data(as_text=True)).group(1)
    join(client, code)
    assert client.post("/api/v1/pair", json={"code": workshop["join_code"]}).status_code == 403
    assert client.post(f"/workshops/{workshop['id']}/join-code", data={"key": "wrong"}).status_code == 404


def test_the_pages_load_nothing_from_elsewhere(client, workshop):
    response = dashboard(client, workshop)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "form-action 'self'" in policy
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_formula_in_the_workshop_name_stays_text_in_the_csv(client, db):
    created = create_workshop(db, '=HYPERLINK("http://evil.example","x")')
    text = dashboard(client, created, "/export.csv").get_data(as_text=True)
    assert csv_values(text)[("workshop", "name")].startswith("'=")


def test_a_students_own_deletion_leaves_the_totals(client, db, workshop, classroom):
    response = client.delete("/api/v1/audits/first-audit-3", headers=classroom[3])
    assert response.status_code == 204
    first = page_rows(dashboard(client, workshop).get_data(as_text=True), "First audit")
    assert first["Photos audited"] == "9"
    assert token_hash(classroom[3]) not in dashboard(client, workshop, "/export.csv").get_data(as_text=True)


def test_the_dashboard_says_when_the_join_code_has_expired(client, db, workshop):
    assert "join code has expired" not in dashboard(client, workshop).get_data(as_text=True)
    db["workshops"].update(workshop["id"], {"join_expires_at": "2000-01-01T00:00:00+00:00"})
    assert "join code has expired" in dashboard(client, workshop).get_data(as_text=True)


def test_the_join_link_and_qr_name_the_public_address_when_the_server_has_one(app, client, workshop):
    html = dashboard(client, workshop).get_data(as_text=True)
    code = workshop["join_code"]
    # Opened at localhost: the link is the address the page was opened at.
    assert f'href="http://localhost/pair#{code}"' in html
    assert "<svg" in html and 'viewBox="0 0' in html  # the QR code, drawn inline, sized by the page
    app.config["PUBLIC_URL"] = "https://check.school.example"
    html = dashboard(client, workshop).get_data(as_text=True)
    assert f'href="https://check.school.example/pair#{code}"' in html


def test_the_join_code_is_shown_only_with_the_teacher_key(client, db, workshop):
    html = dashboard(client, workshop).get_data(as_text=True)
    assert f'id="join-code">{workshop["join_code"]}<' in html
    from backend.workshop.registry import join_code_of

    row = store.get_workshop(db, workshop["id"])
    assert join_code_of(row, "not-the-key") is None
    assert workshop["join_code"] not in str(row) and workshop["join_code"].replace("-", "") not in str(row)


def test_a_code_renewed_on_the_command_line_is_not_shown_but_said(client, db, workshop):
    from backend.workshop import renew_join_code

    renewed = renew_join_code(db, workshop["id"])
    html = dashboard(client, workshop).get_data(as_text=True)
    assert renewed["join_code"] not in html and 'id="join-code-hidden"' in html


def test_the_handout_says_scan_or_type_in_both_languages(client, workshop):
    for lang, words in (("en", ("Scan this", "type the code")), ("ko", ("카메라로", "코드를 입력하세요"))):
        html = dashboard(client, workshop, "/handout", lang).get_data(as_text=True)
        assert all(w in html for w in words) and workshop["join_code"] in html and "<svg" in html
    assert client.get(f"/workshops/{workshop['id']}/handout?key=wrong").status_code == 404


def test_the_handout_names_the_extensions_own_button(client, workshop):
    # The laptop step tells students what the extension itself shows, in its own words.
    import html as entities
    import json
    from pathlib import Path

    locales = Path(__file__).resolve().parents[2] / "extension" / "_locales"
    for lang in ("en", "ko"):
        button = json.loads((locales / lang / "messages.json").read_text())["offerPair"]["message"]
        page = entities.unescape(dashboard(client, workshop, "/handout", lang).get_data(as_text=True))
        assert button in page and "{button}" not in page and "{name}" not in page
