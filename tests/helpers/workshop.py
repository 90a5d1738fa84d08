"""A class's students in the workshop tests: joining with the class code, and finished audits
written straight into the store (the crawl itself is tested elsewhere)."""
import re
from html import unescape

from backend import store, tokens
from tests.helpers.fakes import fake_face


def join(client, code):
    """Pair one student's extension with the join code; return its Authorization header."""
    response = client.post("/api/v1/pair", json={"code": code})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def token_hash(headers):
    return tokens.digest(headers["Authorization"].split(" ", 1)[1])


def photo(n, url, risk, identity=None):
    """One photo as the job runner stores it, with a face unless its risk is "none"."""
    faces = [] if risk == "none" else [fake_face(risk, identity, inter_eye_px=40)]
    return {"id": f"ph{n}", "profile_url": url, "page_url": url, "image_url": f"{url}/photo-{n}.jpg",
            "width": 600, "height": 600, "risk": risk, "skipped": None, "faces": faces}


def finish(db, headers, audit_id, url, risks, platform="instagram"):
    """A finished audit of `url` by the student behind `headers`, with photos graded `risks`."""
    store.add_audit(db, audit_id, token_hash(headers), "self", f"report-key-{audit_id}",
                    [{"url": url, "platform": platform}])
    photos = [photo(i + 1, url, risk, identity="id1") for i, risk in enumerate(risks)]
    high = sum(1 for r in risks if r == "high")
    result = {"photos": photos,
              "identities": [{"id": "id1", "photo_count": sum(1 for r in risks if r != "none"),
                              "high_risk_photo_count": high}],
              "summary": {"photos": len(risks), "photos_with_faces": sum(1 for r in risks if r != "none"),
                          "high_risk_photos": high, "largest_identity_kit": high}}
    store.finish_audit(db, audit_id, result, {p["id"]: b"\xff\xd8THUMB-" + audit_id.encode() for p in photos})
    store.update_profile(db, audit_id, 0, status="ok", message="", photos_found=len(risks))
    return result


def dashboard(client, workshop, path="", lang="en"):
    response = client.get(f"/workshops/{workshop['id']}{path}?key={workshop['teacher_key']}&lang={lang}")
    assert response.status_code == 200
    return response


def page_rows(html, section):
    """{label: shown value} of one section of the rendered page."""
    part = html.split(f"<h2>{section}</h2>", 1)[1].split("<h2>", 1)[0]
    return {unescape(label): " ".join(unescape(value).split()) for label, value in
            re.findall(r"<td>(.*?)</td>\s*<td class=\"value\">(.*?)</td>", part, re.S)}
