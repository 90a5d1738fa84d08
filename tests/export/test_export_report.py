"""The report marks followers-only photos, and its steps turn to followers."""
import re

import pytest

from backend.report import render_report
from backend.tips import choose_tips

from test_export_tips import IG, audit, photo


def document(lang):
    audited = audit([photo("ph1", IG, "public"), photo("ph2", "export:instagram", "followers")])
    audited |= {"id": "a1", "status": "done", "consent": "self", "created_at": "2026-11-28T10:00:00+00:00",
                "profiles": [{"url": IG, "platform": "instagram", "status": "ok", "message": None,
                              "photos_found": 1},
                             {"url": "export:instagram", "platform": "instagram", "status": "ok",
                              "message": None, "photos_found": 1}],
                "summary": {"photos": 2, "photos_with_faces": 2, "high_risk_photos": 2,
                            "largest_identity_kit": 0}}
    audited["tips"] = choose_tips(audited, lang=lang)
    return audited


@pytest.mark.parametrize("lang, marker, step, source", [
    ("en", "Followers only", "Remove followers you don", "Your data export"),
    ("ko", "팔로워만", "실제로 모르는 팔로워 삭제하기", "내 데이터 파일")])
def test_followers_only_photos_are_marked_and_their_steps_shown(lang, marker, step, source):
    html = render_report(document(lang), lang=lang)
    assert source in html and "export:instagram" not in html  # the export is not shown as a public profile
    assert 'class="profile status-followers"' in html
    assert len(re.findall(r'class="visibility followers"', html)) == 1  # the export's photo, not the public one
    assert marker in html
    assert step in html
