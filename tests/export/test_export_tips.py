"""The followers-only steps: chosen when an audit has photos only followers see, counted
for those photos, and the public steps no longer claim them."""
import json
import re
from pathlib import Path

from backend.tips import choose_tips, load_knowledge_base
from backend.tips.schema import validate_file
from tests.helpers.followers_audits import IG, audit, photo

FOLLOWERS = Path(__file__).resolve().parents[2] / "backend" / "tips" / "data" / "followers.json"
def test_the_followers_file_passes_the_tips_schema():
    assert validate_file(json.loads(FOLLOWERS.read_text(encoding="utf-8")), FOLLOWERS.name) == []
    assert any(tip["id"] == "followers-remove-unknown" for tip in load_knowledge_base()["tips"])


def test_followers_only_photos_bring_the_followers_steps_and_leave_the_public_ones():
    mixed = audit([photo("ph1", IG, "public"), photo("ph2", "export:instagram", "followers"),
                   photo("ph3", "export:instagram", "followers"), photo("ph4", "export:instagram", "followers",
                                                                       risk="low")])
    tips = {tip["id"]: tip for tip in choose_tips(mixed)}
    for step in ("followers-who", "followers-remove-unknown", "followers-close-friends", "followers-archive"):
        assert tips[step]["photos_affected"] == 2, step  # the two risky followers-only photos
    assert tips["instagram-private-account"]["photos_affected"] == 1  # only the public one


def test_no_followers_steps_without_followers_only_photos():
    public = audit([photo("ph1", IG, "public")], profiles=((IG, "instagram"),))
    assert not [tip for tip in choose_tips(public) if tip["id"].startswith("followers-")]


def test_the_korean_followers_steps_speak_haeyo_to_students():
    tips = [tip for tip in choose_tips(audit([photo("ph2", "export:instagram", "followers")]), lang="ko")
            if tip["id"].startswith("followers-")]
    assert len(tips) == 4
    for tip in tips:
        assert re.search(r"[가-힣]", tip["title"])
        for step in tip["steps"]:
            assert "니다" not in step, step          # no 합니다체
            assert re.search(r"요[.?]$", step), step  # every step ends in 해요체


def test_an_export_alone_puts_the_followers_steps_first():
    only_export = audit([photo(f"ph{i}", "export:instagram", "followers") for i in range(3)],
                        profiles=(("export:instagram", "instagram"),))
    first = [tip["id"] for tip in choose_tips(only_export)[:4]]
    assert all(step.startswith("followers-") for step in first), first
