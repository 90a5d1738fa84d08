"""One picture on several profiles of one audit counts once (backend/copies.py): the merge itself,
the report's "Also on" line, and the steps of every platform the picture is on."""
import io
from pathlib import Path

from PIL import Image

from backend.copies import one_per_picture
from backend.report.language import Translator
from backend.report.view import build
from backend.tips import choose_tips

FACES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"
IG, X, BLOG = "https://www.instagram.com/minjun.kim/", "https://x.com/minjun_kim", "https://minjun.example/"


def jpeg(name, size, quality=90, fmt="JPEG"):
    with Image.open(FACES / name) as picture:
        out = io.BytesIO()
        picture.convert("RGB").resize(size).save(out, fmt, quality=quality)
    return out.getvalue()


def image(profile, data, size, **extra):
    return {"profile_url": profile, "data": data, "width": size[0], "height": size[1], "image_url": profile + "p.jpg",
            **extra}


def test_one_avatar_on_two_profiles_is_one_photo_kept_at_its_largest_naming_the_other_profile():
    small = image(IG, jpeg("obama.jpg", (150, 150), quality=60), (150, 150), kind="profile_photo")
    large = image(X, jpeg("obama.jpg", (400, 400), fmt="WEBP"), (400, 400), kind="profile_photo", proven=True)
    other = image(X, jpeg("biden.jpg", (400, 400)), (400, 400))
    kept = one_per_picture([small, other, large])
    assert [(i["profile_url"], i["image_url"], i.get("also_on")) for i in kept] == [
        (X, X + "p.jpg", [IG]), (X, X + "p.jpg", None)]
    assert kept[0]["proven"] and kept[0]["width"] == 400
    assert "data" not in small and "data" in large  # the dropped copy's bytes are let go


def test_a_third_profile_joins_the_same_photo_and_a_followers_copy_takes_the_public_visibility():
    mine = jpeg("obama2.jpg", (320, 240))
    kept = one_per_picture([
        image(IG, mine, (320, 240), visibility="followers"),
        image(X, jpeg("obama2.jpg", (160, 120), quality=50), (160, 120), visibility="public"),
        image(BLOG, mine, (320, 240)),
    ])
    assert len(kept) == 1
    assert kept[0]["profile_url"] == IG and kept[0]["also_on"] == [X, BLOG]
    assert kept[0]["visibility"] == "public"


def test_copies_on_one_profile_and_other_pictures_stay_apart():
    same = jpeg("obama.jpg", (300, 300))
    kept = one_per_picture([image(IG, same, (300, 300)), image(IG, same, (300, 300)),
                            image(X, jpeg("obama.jpg", (300, 150)), (300, 150)),  # another shape
                            image(X, jpeg("biden.jpg", (300, 300)), (300, 300))])
    assert [i.get("also_on") for i in kept] == [None, None, None, None]


def test_an_export_photo_read_on_demand_and_an_unreadable_one_are_compared_safely():
    avatar = jpeg("obama.jpg", (200, 200))
    kept = one_per_picture([image(IG, jpeg("obama.jpg", (640, 640)), (640, 640)),
                            {"profile_url": "export:instagram", "read": lambda: avatar, "image_url": None},
                            {"profile_url": "export:instagram", "read": lambda: None, "image_url": None},
                            image(X, b"<html>not an image</html>", (0, 0))])
    assert [i["profile_url"] for i in kept] == [IG, "export:instagram", X]
    assert kept[0]["also_on"] == ["export:instagram"]


def audit_with_one_avatar_on_two_platforms():
    face = {"box": [10, 90, 90, 10], "risk": "high", "reasons": [], "identity": "p1"}
    return {"id": "a", "status": "done", "consent": "self", "created_at": "2026-12-04T10:00:00Z",
            "profiles": [{"url": IG, "platform": "instagram", "status": "ok", "photos_found": 1},
                         {"url": X, "platform": "x", "status": "ok", "photos_found": 1}],
            "photos": [{"id": "ph1", "profile_url": X, "page_url": X, "image_url": X + "p.jpg", "width": 400,
                        "height": 400, "risk": "high", "skipped": None, "faces": [face], "visibility": "public",
                        "kind": "profile_photo", "also_on": [IG]}],
            "identities": [{"id": "p1", "photo_count": 1, "high_risk_photo_count": 1}],
            "summary": {"photos": 1, "high_risk_photos": 1, "largest_identity_kit": 1}}


def test_the_report_says_where_else_the_photo_is_in_english_and_korean():
    audit = audit_with_one_avatar_on_two_platforms()
    here = {"en": "1 photo here is also on X (Twitter): this report shows it there, once.",
            "ko": "여기 사진 1장은 X(트위터)에도 있어요. 보고서에는 그쪽에 한 번만 보여요."}
    for lang, line in (("en", "Also on Instagram"), ("ko", "인스타그램에도 있어요")):
        report = build(audit, Translator(lang))
        x_profile, ig_profile = ([p for p in report["profiles"] if p["url"] == url][0] for url in (X, IG))
        assert [v["also_on"] for v in x_profile["risky"]] == [line] and x_profile["shown_elsewhere"] is None
        # Instagram shows no copy of it, yet counts it among its risky photos and says where it is.
        assert (ig_profile["risky"], ig_profile["risky_count"], ig_profile["shown_elsewhere"]) == ([], 1, here[lang])
    # The headline names both platforms of the one clear photo.
    assert build(audit, Translator("en"))["verdict"]["sentence"].endswith("; it is on X (Twitter), Instagram.")
    assert build(audit, Translator("ko"))["verdict"]["sentence"].endswith(". 이 사진은 X(트위터), 인스타그램에 있어요.")


def test_each_platform_the_photo_is_on_counts_it_in_its_steps_and_a_general_step_once():
    audit = audit_with_one_avatar_on_two_platforms()
    tips = {tip["id"]: tip for tip in choose_tips(audit, "en")}
    assert tips["instagram-profile-photo"]["photos_affected"] == 1
    assert [t["photos_affected"] for t in tips.values() if t["platform"] == "x" and "profile" in t["id"]] == [1]
    without = audit | {"photos": [audit["photos"][0] | {"also_on": []}]}
    assert {tip["id"]: tip for tip in choose_tips(without, "en")}["instagram-profile-photo"]["photos_affected"] == 0
