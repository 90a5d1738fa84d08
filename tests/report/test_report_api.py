"""The API the report's readers and the extension use: "this is me", what a delete removes,
the limits the extension asks for instead of copying them."""
from backend.config import from_environment
from backend.tokens import digest
from crawler.platforms import ADAPTERS
from tests.helpers.fakes import TOKEN as API_TOKEN
from tests.helpers.report_audits import keep

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}


def test_this_is_me_through_the_api(app, done_audit, thumbnails):
    keep(app, "a1", done_audit, thumbnails, token_hash=digest(API_TOKEN))
    client = app.test_client()
    url = "/api/v1/audits/a1/reader"
    assert client.post(url, json={"identity": "person-2"}).status_code == 401
    # Before a choice: the likeliest person, 8 clear photos (of 9: one is the friend's).
    assert client.get("/api/v1/audits", headers=AUTH).get_json()["audits"][0]["reader_clear_photos"] == 8
    # One person, as the API took it before several could be chosen.
    response = client.post(url, json={"identity": "person-2"}, headers=AUTH)
    assert response.status_code == 200
    assert response.get_json() == {"reader": {"identities": ["person-2"], "not_me": []}}
    body = client.get("/api/v1/audits/a1?lang=ko", headers=AUTH).get_json()
    assert body["reader"] == {"identities": ["person-2"], "not_me": []}
    assert client.get("/api/v1/audits", headers=AUTH).get_json()["audits"][0]["reader_clear_photos"] == 1
    assert body["verdict"]["sentence"].startswith("공개된 사진 1장에 내 얼굴이")
    assert body["first_steps"] and all("title" in step for step in body["first_steps"])
    bad = client.post(url, json={"identity": "person-9"}, headers=AUTH)
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "identity"
    assert client.post(url, json={"identity": "none"}, headers=AUTH).get_json() == {
        "reader": {"identities": [], "not_me": []}}
    assert client.post(url, json={"identity": None}, headers=AUTH).get_json() == {"reader": None}


def test_several_people_are_me_and_a_photo_is_not(app, done_audit, thumbnails):
    keep(app, "a1", done_audit, thumbnails, token_hash=digest(API_TOKEN))
    client = app.test_client()
    url = "/api/v1/audits/a1/reader"
    choice = {"identities": ["person-1", "person-2", "person-2"], "not_me": ["ig1", "fb-cover"]}
    assert client.post(url, json=choice, headers=AUTH).get_json() == {
        "reader": {"identities": ["person-1", "person-2"], "not_me": ["ig1", "fb-cover"]}}
    body = client.get("/api/v1/audits/a1", headers=AUTH).get_json()
    assert body["verdict"]["sentence"].startswith("7 public photos show you")  # 8 + 1 - 2
    assert body["first_steps"][0]["title"] == "Make your Instagram account private"
    assert body["first_steps"][0]["photos_affected"] == 3  # ig1 is not the reader's now
    assert body["reader_photos"] == 8  # the 7 clear ones and nb2, B's medium photo
    assert client.get("/api/v1/audits", headers=AUTH).get_json()["audits"][0]["reader_clear_photos"] == 7
    for wrong, field in (({"identities": ["person-9"]}, "identities"), ({"identities": "person-1"}, "identities"),
                         ({"identities": [], "not_me": ["elsewhere"]}, "not_me"), ({"not_me": [3]}, "not_me")):
        response = client.post(url, json=wrong, headers=AUTH)
        assert response.status_code == 422 and response.get_json()["error"]["field"] == field, wrong
    assert client.get("/api/v1/audits/a1", headers=AUTH).get_json()["reader"]["not_me"] == ["ig1", "fb-cover"]


def test_another_token_cannot_choose_for_an_audit(app, done_audit, thumbnails):
    keep(app, "a1", done_audit, thumbnails, token_hash="someone-elses-token-hash")
    response = app.test_client().post("/api/v1/audits/a1/reader", json={"identity": "person-2"}, headers=AUTH)
    assert response.status_code == 404


def test_reasons_come_as_words_and_codes(app, done_audit, thumbnails):
    keep(app, "a1", done_audit, thumbnails, token_hash=digest(API_TOKEN))
    body = app.test_client().get("/api/v1/audits/a1", headers=AUTH | {"Accept-Language": "ko"}).get_json()
    face = next(p for p in body["photos"] if p["id"] == "nb2")["faces"][0]
    assert face["reason_codes"][1] == {"code": "small", "face_px": 60}
    assert face["reasons"][1] == "작아요. 얼굴 폭이 60px라서 합성하면 흐릿하게 나와요"


def test_contents_say_what_a_delete_removes(app, done_audit, thumbnails):
    keep(app, "a1", done_audit, thumbnails, token_hash=digest(API_TOKEN))
    body = app.test_client().get("/api/v1/audits/a1/contents", headers=AUTH).get_json()
    assert body == {"profiles": 5, "photos": len(done_audit["photos"]), "thumbnails": len(thumbnails)}


def test_limits_are_served_for_the_extension(app):
    body = app.test_client().get("/api/v1/limits").get_json()
    assert body["max_profiles"] == from_environment()["MAX_PROFILES"] == 10
    assert body["kit_size"] == 3 and body["max_upload_bytes"] == 15 * 1024 * 1024
    assert body["stages"][0] == "queued" and "analyzing" in body["stages"]
    assert {p["id"] for p in body["platforms"]} == set(ADAPTERS) - {"generic"}
    kakao = next(p for p in body["platforms"] if p["id"] == "kakaostory")
    assert kakao["hosts"] == ["story.kakao.com"] and kakao["name"]["ko"] == "카카오스토리"
