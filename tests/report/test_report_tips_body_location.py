"""Steps for the findings of issue 17: a face with its body in frame, a file that still carries GPS."""
from backend.tips import choose_tips


def audit(*photos):
    return {"profiles": [{"url": "https://www.instagram.com/me/", "platform": "instagram"}],
            "photos": [{"profile_url": "https://www.instagram.com/me/", "image_url": "https://cdn.example/p.jpg",
                        "risk": "medium", "skipped": None, "faces": []} | photo for photo in photos],
            "identities": [], "summary": {"largest_identity_kit": 0}}


def by_id(tips):
    return {tip["id"]: tip for tip in tips}


def test_full_length_step_comes_only_with_a_body_visible_photo():
    assert "general-full-length" not in by_id(choose_tips(audit({"body_visible": False})))
    tips = by_id(choose_tips(audit({"body_visible": True}, {"body_visible": True}, {"body_visible": None})))
    assert tips["general-full-length"]["photos_affected"] == 2


def test_full_length_step_is_korean_in_a_korean_report():
    tip = by_id(choose_tips(audit({"body_visible": True}), lang="ko"))["general-full-length"]
    assert "전신 사진" in tip["title"] and all(step.endswith(("요.", "요")) for step in tip["steps"])


def test_location_step_counts_downloaded_photos_that_still_carry_gps():
    located = {"metadata": {"location": True, "capture_time": False, "owner": False}}
    plain = {"metadata": {"location": False, "capture_time": True, "owner": True}}
    tips = by_id(choose_tips(audit(located, located | {"skipped": "damaged"}, plain, {"metadata": None})))
    assert tips["general-location"]["photos_affected"] == 1
