"""The privacy steps knowledge base: its data files and the chooser."""
import copy
import json
import re

import pytest

from backend.tips import DATA_DIR, choose_tips, load_knowledge_base
from backend.tips.chooser import photo_kind
from backend.tips.schema import validate_file

REQUIRED_PLATFORMS = {"instagram", "facebook", "x", "tiktok", "youtube", "linkedin",
                      "naver_blog", "kakaostory", "kakaotalk"}


def data_files():
    return sorted(DATA_DIR.glob("*.json"))


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.name)
def test_every_data_file_matches_the_schema(path):
    assert validate_file(json.loads(path.read_text(encoding="utf-8")), path.name) == []


def test_every_required_platform_has_steps_in_both_languages():
    tips = load_knowledge_base()["tips"]
    for platform in REQUIRED_PLATFORMS:
        mine = [t for t in tips if t["platform"] == platform]
        assert mine, platform
        for tip in mine:
            assert tip["title"]["en"] != tip["title"]["ko"]
            assert all(tip["steps"][lang] for lang in ("en", "ko"))


def test_every_link_is_https():
    tips = load_knowledge_base()["tips"]
    # One address, or one per language (the Korean reader gets the Korean help page).
    links = [url for t in tips if t.get("url")
             for url in (t["url"].values() if isinstance(t["url"], dict) else [t["url"]])]
    assert len(links) > 20
    assert all(url.startswith("https://") for url in links)
    assert all(t.get("url") for t in tips if t["kind"] == "platform")


def test_the_issue_s_named_steps_are_there():
    ids = {t["id"] for t in load_knowledge_base()["tips"]}
    for needed in ("instagram-private-account", "instagram-teen-account", "instagram-tag-approval",
                   "instagram-archive", "instagram-profile-photo", "facebook-profile-cover",
                   "facebook-profile-lock", "facebook-post-audience", "facebook-tagged-photos",
                   "x-protect-posts", "x-photo-tagging", "tiktok-private-account", "tiktok-downloads",
                   "youtube-channel-photo", "youtube-video-thumbnails", "linkedin-photo-visibility",
                   "naver-blog-post-visibility", "kakaostory-post-visibility", "kakaotalk-profile",
                   "general-location", "general-school", "general-untag", "help-d4u", "help-1366",
                   "help-stopncii", "help-take-it-down", "note-cloaking"):
        assert needed in ids


def test_help_resources_carry_the_korean_numbers():
    tips = {t["id"]: t for t in load_knowledge_base()["tips"]}
    assert tips["help-d4u"]["phone"] == "02-735-8994"
    assert tips["help-d4u"]["url"] == "https://d4u.stop.or.kr/"
    assert tips["help-1366"]["phone"] == "1366"
    assert tips["help-take-it-down"]["url"] == "https://takeitdown.ncmec.org/"
    # The police (112 and its cyber crime report site) and school violence (117), in both languages.
    assert tips["help-police"]["phone"] == "112" and tips["help-police"]["url"] == "https://ecrm.police.go.kr/"
    assert tips["help-117"]["phone"] == "117"
    for tip_id, words in (("help-police", "112"), ("help-117", "117")):
        for lang in ("en", "ko"):
            assert words in tips[tip_id]["title"][lang] + " ".join(tips[tip_id]["steps"][lang])
    cloaking = " ".join(tips["note-cloaking"]["steps"]["en"])
    for tool in ("Fawkes", "LowKey", "Glaze", "Mist"):
        assert tool in cloaking
    notes = json.dumps([tip for tip in tips.values() if tip["kind"] == "note"], ensure_ascii=False)
    assert "ICLR" not in notes and " et al." not in notes and " 외," not in notes  # no citations for students


def test_help_shows_in_every_report_with_the_police_and_117(done_audit):
    for lang in ("en", "ko"):
        ids = [t["id"] for t in choose_tips(done_audit, lang=lang) if t["kind"] == "help"]
        assert {"help-police", "help-117", "help-d4u", "help-1366"} <= set(ids)


def test_korean_steps_speak_one_level():
    """해요체 for students in every Korean step: no 합니다체 endings."""
    for tip in load_knowledge_base()["tips"]:
        for text in [tip["title"]["ko"], *tip["steps"]["ko"]]:
            assert not re.search(r"[가-힣]니다(?=[\s.,)]|$)", text), (tip["id"], text)


@pytest.mark.parametrize("breakage, message", [
    (lambda f: f["tips"][0]["title"].pop("ko"), "title"),
    (lambda f: f["tips"][0]["steps"].update(ko=[]), "steps.ko"),
    (lambda f: f["tips"][0].update(url="http://www.instagram.com/"), "https"),
    (lambda f: f["tips"][0].update(answers=["everything"]), "answers"),
    (lambda f: f["tips"][0].pop("url"), "url: required"),
    (lambda f: f["tips"][0]["steps"]["ko"].pop(), "same number"),
    (lambda f: f.update(kind="other"), "kind"),
])
def test_the_schema_check_catches_broken_files(breakage, message):
    data = json.loads((DATA_DIR / "instagram.json").read_text(encoding="utf-8"))
    broken = copy.deepcopy(data)
    breakage(broken)
    errors = validate_file(broken, "instagram.json")
    assert any(message in e for e in errors), errors


def test_steps_are_ordered_by_risky_photos_taken_out_of_view(done_audit):
    tips = choose_tips(done_audit)
    platform = [t for t in tips if t["kind"] == "platform"]
    counts = [t["photos_affected"] for t in platform]
    assert counts == sorted(counts, reverse=True)
    by_id = {t["id"]: t for t in tips}
    # Instagram: 4 high posts (the avatar is a profile photo); Facebook: avatar + cover.
    assert by_id["instagram-private-account"]["photos_affected"] == 4
    assert by_id["instagram-profile-photo"]["photos_affected"] == 1
    assert by_id["facebook-profile-cover"]["photos_affected"] == 2
    assert by_id["naver-blog-post-visibility"]["photos_affected"] == 3  # two high, one medium
    assert platform[0]["id"] == "instagram-private-account"


def test_only_audited_platforms_get_platform_steps(done_audit):
    platforms = {t["platform"] for t in choose_tips(done_audit) if t["kind"] == "platform"}
    assert platforms == {"instagram", "facebook", "x", "naver_blog", "tiktok"}


def test_general_help_and_notes_come_after_platform_steps(done_audit):
    kinds = [t["kind"] for t in choose_tips(done_audit)]
    first = {kind: kinds.index(kind) for kind in ("general", "help", "note")}
    assert max(i for i, k in enumerate(kinds) if k == "platform") < first["general"] < first["help"] < first["note"]


def test_identity_kit_step_only_with_a_kit(done_audit, fixed_audit):
    with_kit = {t["id"]: t for t in choose_tips(done_audit)}
    assert with_kit["general-identity-kit"]["photos_affected"] == 8
    assert "general-identity-kit" not in {t["id"] for t in choose_tips(fixed_audit)}


def test_korean_steps_are_korean_and_the_same_steps_as_english(done_audit):
    tips = {t["id"]: t for t in choose_tips(done_audit, lang="ko")}
    assert tips["instagram-private-account"]["title"] == "인스타그램 계정을 비공개로 바꾸기"
    assert "kakaotalk-profile" not in tips  # no Kakao profile was checked
    assert [t["id"] for t in choose_tips(done_audit, lang="en")] == [t["id"] for t in choose_tips(done_audit, lang="ko")]


def test_result_has_the_interface_keys(done_audit):
    tips = choose_tips(done_audit)
    assert {tip["kind"] for tip in tips} == {"platform", "general", "help", "note"}  # none may be missing
    for tip in tips:
        assert {"id", "kind", "platform", "title", "steps", "url", "photos_affected"} <= set(tip)
        assert isinstance(tip["steps"], list) and all(isinstance(s, str) for s in tip["steps"])


def test_platform_names_and_urls_are_normalised():
    audit = {"profiles": [{"url": "https://twitter.com/a", "platform": "twitter", "status": "ok"},
                          {"url": "https://blog.naver.com/b", "platform": None, "status": "ok"}],
             "photos": []}
    platforms = {t["platform"] for t in choose_tips(audit) if t["kind"] == "platform"}
    assert platforms == {"x", "naver_blog"}


@pytest.mark.parametrize("url, kind", [
    ("https://scontent.cdninstagram.com/v/t51.2885-19/1_n.jpg", "profile_photo"),
    ("https://scontent.cdninstagram.com/v/t51.2885-15/1_n.jpg", "post_photo"),
    ("https://pbs.twimg.com/profile_banners/1/2/1500x500", "cover_photo"),
    ("https://pbs.twimg.com/profile_images/1/abc.jpg", "profile_photo"),
    ("https://i.ytimg.com/vi/abc/hqdefault.jpg", "video_thumbnail"),
    ("https://postfiles.pstatic.net/a/b.jpg?type=w773", "post_photo"),
])
def test_photo_kind_from_the_image_url(url, kind):
    assert photo_kind({"image_url": url}) == kind
    assert photo_kind({"image_url": url, "kind": "tagged_photo"}) == "tagged_photo"


def test_kakaotalk_steps_only_when_a_kakao_profile_was_checked(no_faces_audit):
    platform = [t["platform"] for t in choose_tips(no_faces_audit, lang="ko") if t["kind"] == "platform"]
    assert platform == ["naver_blog", "naver_blog"]
    no_faces_audit["profiles"].append({"url": "https://story.kakao.com/minji", "platform": "kakaostory",
                                       "status": "ok", "message": None, "photos_found": 0})
    ids = {t["id"] for t in choose_tips(no_faces_audit, lang="en") if t["kind"] == "platform"}
    assert {"kakaostory-post-visibility", "kakaotalk-profile"} <= ids


def test_every_crawler_platform_has_a_name_in_both_languages():
    from backend.tips import platform_name
    for platform in ("instagram", "facebook", "x", "tiktok", "youtube", "linkedin",
                     "naver_blog", "kakaostory", "kakaotalk", "generic"):
        english, korean = platform_name(platform, "en"), platform_name(platform, "ko")
        assert english and korean and english != korean, platform


@pytest.mark.parametrize("lang, page", [("en", "https://support.tiktok.com/en/"), ("ko", "https://support.tiktok.com/ko/")])
def test_a_tip_links_the_help_page_in_the_reader_s_language(lang, page):
    audit = {"profiles": [{"url": "https://www.tiktok.com/@a", "platform": "tiktok", "status": "ok"}], "photos": []}
    links = [t["url"] for t in choose_tips(audit, lang=lang) if t["platform"] == "tiktok"]
    assert links and all(url.startswith(page) for url in links)
