"""Never an all-clear from a check that read nothing: what could not be read leads, per profile,
in plain words with what to do; "no public photos" only when every profile was read and public;
no first step for photos that do not exist."""
import pytest

from backend.report import reader_summary, render_report
from tests.helpers.report_audits import IG, TIKTOK

WEBSITE = "https://minjun.kim/"


def empty_audit(*profiles):
    return {"id": "a-empty", "status": "done", "created_at": "2026-11-20T09:30:00Z", "consent": "self",
            "progress": {"stage": "done"}, "photos": [], "identities": [],
            "profiles": [{"url": url, "platform": platform, "status": status, "message": None, "photos_found": 0}
                         for url, platform, status in profiles],
            "summary": {"photos": 0, "photos_with_faces": 0, "high_risk_photos": 0, "largest_identity_kit": 0}}


@pytest.mark.parametrize("status, words", [
    ("not_found", "instagram.com/minji.k is not a profile on Instagram, or is gone. Check the link."),
    ("blocked", "did not let us open instagram.com/minji.k this time. Check again later."),
    ("error", "instagram.com/minji.k could not be opened. Check the link, then check again later."),
    ("login_wall", "showed a login box instead of instagram.com/minji.k, so nothing could be read."),
])
def test_a_profile_that_was_not_read_is_no_all_clear(status, words):
    summary = reader_summary(empty_audit((IG, "instagram", status)), "en")
    verdict = summary["verdict"]
    assert verdict["grade"] == "incomplete"
    assert verdict["sentence"] == "We could not read your profile, so this is not an all-clear."
    assert "no public photos" not in verdict["sentence"]
    [item] = verdict["unread"]["items"]
    assert item["link"] == "instagram.com/minji.k" and words in item["text"]
    assert summary["first_steps"] == []  # no step for photos that do not exist


def test_one_read_and_one_unread_profile_is_still_no_all_clear_and_says_which():
    audit = empty_audit((IG, "instagram", "ok"), (TIKTOK, "tiktok", "not_found"))
    verdict = reader_summary(audit, "en")["verdict"]
    assert verdict["sentence"] == "We could not read 1 of your 2 profiles, so this is not an all-clear."
    assert [i["link"] for i in verdict["unread"]["items"]] == ["tiktok.com/@minji.k"]
    html = render_report(audit, lang="en")
    assert html.index('id="unread"') < html.index('id="verdict"')  # it leads
    assert "We found no public photos" not in html


def test_no_public_photos_only_when_every_profile_was_read_and_public():
    read = reader_summary(empty_audit((IG, "instagram", "ok")), "en")
    assert read["verdict"]["sentence"] == "We found no public photos on these profiles."
    assert read["verdict"]["unread"] is None and read["first_steps"] == []
    private = reader_summary(empty_audit((IG, "instagram", "private")), "en")["verdict"]
    assert "no public photos" not in private["sentence"] and "private" in private["sentence"]


def test_a_website_that_was_not_found_says_so_in_korean():
    verdict = reader_summary(empty_audit((WEBSITE, "generic", "not_found")), "ko")["verdict"]
    assert verdict["sentence"] == "프로필을 하나도 읽지 못했어요. 그래서 안전하다는 결과가 아니에요."
    assert verdict["unread"]["items"][0]["text"] == "minjun.kim 페이지를 찾을 수 없어요. 링크를 확인하세요."
    assert verdict["unread"]["title"] == "읽지 못한 프로필 1개:"


def test_photos_found_elsewhere_keep_their_headline_with_what_was_not_read_first(done_audit):
    verdict = reader_summary(done_audit, "en")["verdict"]
    assert verdict["grade"] == "high"
    assert [i["link"] for i in verdict["unread"]["items"]] == ["tiktok.com/@minji.k"]  # the login wall showed photos


def test_a_website_with_no_photos_asks_to_check_the_link_rather_than_giving_an_all_clear():
    verdict = reader_summary(empty_audit((WEBSITE, "generic", "ok")), "en")["verdict"]
    assert "no public photos" not in verdict["sentence"] and "check its link" in verdict["sentence"]


def test_a_profile_picture_opens_its_page_and_a_found_code_may_come_out_of_the_bio(done_audit):
    done_audit["profiles"][0]["verified"] = True
    html = render_report(done_audit, lang="ko")
    assert "확인 코드를 찾았어요. 이제 프로필 소개글에서 코드를 지워도 돼요." in html
    avatar = html.split('id="photo-ig-avatar"', 1)[1].split("</figure>", 1)[0]
    assert "페이지 열기" in avatar and "게시물 열기" not in avatar
    post = html.split('id="photo-ig1"', 1)[1].split("</figure>", 1)[0]
    assert "게시물 열기" in post
