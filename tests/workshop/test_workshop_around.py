"""The dashboard's accounts-around-me figures: how many students looked for their face in accounts
around them and how many found photos of themselves there; in aggregate only (3 or more
students), never which accounts."""
import json
from html import unescape

from backend import store
from tests.helpers.workshop import dashboard, finish, join, page_rows

SCHOOL = "https://www.instagram.com/hanbit_school_official/"
SECTION = "Photos of themselves in accounts around them (school, club, friends)"


def with_around(db, audit_id, found):
    """The audit as the runner leaves it when the student also named the school's account."""
    audit = store.get_audit(db, audit_id)
    photos = [{"id": f"around{i + 1}", "profile_url": SCHOOL, "page_url": f"{SCHOOL}p/{i}/",
               "image_url": f"https://cdn.example/school-{i}.jpg", "risk": "high", "faces": []} for i in range(found)]
    result = audit["result"] | {"around": {"compared": True, "why_not": None, "photos": photos}}
    db["audits"].update(audit_id, {"result": json.dumps(result)})


def test_students_finding_their_photos_around_them_are_counted_from_three(client, db, workshop):
    students = [join(client, workshop["join_code"]) for _ in range(4)]
    for n, headers in enumerate(students[:2]):
        finish(db, headers, f"a{n}", f"https://www.instagram.com/student{n}/", ("high",))
        with_around(db, f"a{n}", found=n + 1)
    html = dashboard(client, workshop).get_data(as_text=True)
    assert set(page_rows(html, SECTION).values()) == {"—"}, "two students: hidden"

    finish(db, students[2], "a2", "https://www.instagram.com/student2/", ("high",))
    with_around(db, "a2", found=0)
    finish(db, students[3], "a3", "https://www.instagram.com/student3/", ("none",))  # named no account around
    html = dashboard(client, workshop).get_data(as_text=True)
    rows = page_rows(html, SECTION)
    assert rows == {"Students who checked accounts around them": "3",
                    "Students who found photos of themselves there": "2"}
    text = unescape(html)
    assert "hanbit_school_official" not in text and "cdn.example" not in text, "never which accounts or photos"
    korean = dashboard(client, workshop, lang="ko").get_data(as_text=True)
    assert "그 계정에서 본인 사진을 찾은 학생" in korean
