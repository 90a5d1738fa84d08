"""What the crawler left out reaches the audit document and the report; a link to one post is refused."""
import functools

import pytest

from backend import create_app
from tests.helpers.fakes import TOKEN, FakeCrawler, fake_analyze, wait_until_finished

AUTH = {"Authorization": f"Bearer {TOKEN}"}

# A page with 23 pictures of other accounts (20 from their posts, 3 suggested profiles) and 2 of the
# site, none of them returned.
LEFT_OUT = {"other_accounts": 23, "site": 2, "reasons": {"posts": 20, "suggested": 3}}
LeftOutCrawler = functools.partial(FakeCrawler, other_images_left_out=LEFT_OUT)


@pytest.fixture
def left_out_app(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("EXPOSURE_DATA_DIR", str(tmp_path))
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "exposure.db"), "DATA_DIR": str(tmp_path),
                      "API_TOKEN": TOKEN, "CRAWLER_FACTORY": LeftOutCrawler, "ANALYZE": fake_analyze,
                      "AUDIT_WORKERS": 1})
    yield app
    app.extensions["exposure_jobs"].shutdown(wait=True)


def test_pictures_left_out_reach_the_audit_and_the_report(left_out_app):
    client = left_out_app.test_client()
    created = client.post("/api/v1/audits", json={"profiles": ["https://example.com/me"], "consent": "self"},
                          headers=AUTH).get_json()
    done = wait_until_finished(client, AUTH, created["id"])
    assert done["profiles"][0]["other_images_left_out"] == LEFT_OUT
    report = client.get(created["report_url"]).get_data(as_text=True)
    assert "Left out as other accounts&#39; pictures: 20 from other accounts&#39; posts, " \
           "3 of suggested or related profiles." in report
    korean = client.get(created["report_url"] + "&lang=ko").get_data(as_text=True)
    assert "다른 계정의 사진이라 빼고 점검했어요: 다른 계정의 게시물 20장, 추천·관련 프로필 3장." in korean


def test_an_audit_kept_from_before_the_reasons_says_the_total(left_out_app):
    import sqlite_utils
    client = left_out_app.test_client()
    created = client.post("/api/v1/audits", json={"profiles": ["https://example.com/me"], "consent": "self"},
                          headers=AUTH).get_json()
    wait_until_finished(client, AUTH, created["id"])
    db = sqlite_utils.Database(left_out_app.config["DATABASE"])
    db["audit_profiles"].update((created["id"], 0), {"left_out_reasons": None})
    assert "23 pictures of other accounts on this page were left out." in \
        client.get(created["report_url"]).get_data(as_text=True)


@pytest.mark.parametrize("link", ["https://www.instagram.com/p/C1aBcD/", "https://x.com/jane/status/1790000000000000000",
                                  "https://youtu.be/dQw4w9WgXcQ"])
def test_a_link_to_one_post_is_refused_with_its_reason(left_out_app, link):
    response = left_out_app.test_client().post("/api/v1/audits", json={"profiles": [link], "consent": "self"},
                                               headers=AUTH)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_url" and error["field"] == "profiles[0]"
    assert "link to one" in error["message"] and "give the link of the" in error["message"]
