"""Accounts around me with the real server, crawler and face models: only the reader's face is
looked for, only with proof that it is theirs, and nobody else's face comes back."""
import json
import re

import pytest

from tests.helpers.school_site import GROUPS, OTHERS, READER, SchoolSite

pytestmark = pytest.mark.slow


def finished(audit):
    return audit["status"] in ("done", "failed")


@pytest.fixture
def school():
    with SchoolSite() as served:
        yield served


def test_the_school_account_gives_the_readers_photos_and_nobody_elses(live_server, site, school):
    _, code = live_server.request("GET", "/api/v1/verification")
    status, created = live_server.request("POST", "/api/v1/audits", {
        "profiles": [site.url(f"/bio/{code['code']}/")], "consent": "self",
        "others": [{"url": school.url("/school/"), "relation": "school"}]})
    assert status == 202, created
    audit, _ = live_server.wait_for(created["id"], finished)
    assert audit["status"] == "done", audit["error"]
    own, others = audit["profiles"]
    assert own["role"] == "own" and own["verified"] and "photos_of_you" not in own
    assert others["role"] == "others" and others["relation"] == "school"
    assert others["photos_found"] == len(READER) + len(OTHERS) + len(GROUPS)
    assert others["photos_of_you"] == len(READER) + len(GROUPS)
    around = audit["around"]
    assert around["compared"] and "can be wrong" in around["caution"]
    found = {photo["image_url"].rsplit("/", 1)[-1] for photo in around["photos"]}
    assert found == set(READER) | set(GROUPS)
    assert all(len(photo["faces"]) == 1 for photo in around["photos"]), "only the reader's face in a group photo"
    assert all(photo["request"]["relation"] == "school" and "Personal Information Protection Act"
               in photo["request"]["text"] for photo in around["photos"])
    assert all(photo["report_form"]["url"].startswith("https://") for photo in around["photos"])
    # The own photos are the reader's blog only: nothing of the school's account joins them.
    assert all(photo["profile_url"] == own["url"] for photo in audit["photos"])
    answer = json.dumps(audit)
    for name in OTHERS:
        assert name not in answer, f"{name} (other people only) appears in the answer"
    _, page = live_server.request("GET", created["report_url"], auth=False)
    for name in OTHERS:
        assert name not in page, f"{name} (other people only) appears in the report"
    shown = re.findall(r'data-around-photo="([^"]+)"', page)
    assert sorted(shown) == sorted(photo["id"] for photo in around["photos"])
    assert page.count("data:image/jpeg;base64") >= len(READER) + len(GROUPS)

    _, korean = live_server.request("GET", created["id"] and f"/api/v1/audits/{created['id']}?lang=ko")
    assert "개인정보 보호법" in korean["around"]["photos"][0]["request"]["text"]


def test_without_proof_the_school_account_is_crawled_but_no_face_is_compared(live_server, site, school):
    status, created = live_server.request("POST", "/api/v1/audits", {
        "profiles": [site.url("/blog/")], "consent": "self", "others": [school.url("/school/")]})
    assert status == 202, created
    audit, _ = live_server.wait_for(created["id"], finished)
    assert audit["status"] == "done", audit["error"]
    own, others = audit["profiles"]
    assert not own["verified"]
    assert others["status"] == "ok" and others["photos_found"] == len(READER) + len(OTHERS) + len(GROUPS)
    assert others["photos_of_you"] is None
    around = audit["around"]
    assert not around["compared"] and around["why_not"] == "no_proof" and around["photos"] == []
    assert "which face is yours" in around["why"] and "code" in around["how"]
    # The analysis read the reader's own four photos only: none of the school's was opened.
    assert audit["progress"]["photos_analyzed"] == own["photos_found"] == 4


def test_the_terminal_looks_for_the_face_in_the_photos_given_with_me(tmp_path, site, school):
    """`audit --others URL --me PHOTO`: the machine's own user names their face with photos on disk."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {"EXPOSURE_ALLOW_PRIVATE_NETWORKS": "1", "EXPOSURE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "backend", "audit", "--json", site.url("/blog/"),
                           "--others", school.url("/school/"), "--me", str(root / "tests/fixtures/faces/obama.jpg")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert [p["role"] for p in body["profiles"]] == ["own", "others"]
    assert body["profiles"][1]["photos_of_you"] == len(READER) + len(GROUPS)
    assert not any(name in done.stdout for name in OTHERS)


def test_the_face_looked_for_is_the_one_the_reader_picked_in_which_one_is_you(live_server, site, school):
    """On the blog the guess is the person on most photos; the reader says they are the other one
    (the "uncle"), and the next check looks for that face only in the school's account."""
    _, code = live_server.request("GET", "/api/v1/verification")
    own = site.url(f"/bio/{code['code']}/")
    _, first = live_server.request("POST", "/api/v1/audits", {"profiles": [own], "consent": "self"})
    audit, _ = live_server.wait_for(first["id"], finished)
    uncle = next(face["identity"] for photo in audit["photos"] if photo["image_url"].endswith("/biden.jpg")
                 for face in photo["faces"])
    status, _ = live_server.request("POST", f"/api/v1/audits/{first['id']}/reader",
                                    {"identities": [uncle], "not_me": []})
    assert status == 200
    _, second = live_server.request("POST", "/api/v1/audits", {
        "profiles": [own], "consent": "self", "others": [school.url("/school/")]})
    audit, _ = live_server.wait_for(second["id"], finished)
    assert audit["status"] == "done", audit["error"]
    found = {photo["image_url"].rsplit("/", 1)[-1] for photo in audit["around"]["photos"]}
    assert found == {"principal.jpg"}, "the face picked, not the guess"
    assert audit["profiles"][1]["photos_of_you"] == 1
