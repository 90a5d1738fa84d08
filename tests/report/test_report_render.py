"""The report page rendered from fake audits: content, languages, safety."""
import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backend.failures import STORAGE_FULL
from backend.report import pick_language, render_report
from backend.report.view import box_percent, report_tips, thumbnail_src

SUMMARY = re.compile(r'<h1 id="verdict">(.*?)</h1>', re.S)


class Tags(HTMLParser):
    """Every start tag with its attributes, to check what the page loads."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def summary_of(html):
    return SUMMARY.search(html).group(1)


def test_done_audit_verdict_counts_the_reader_only(done_audit, thumbnails):
    html = render_report(done_audit, thumbnails=thumbnails)
    # 9 clear photos in all, but one is the friend's alone: 8 are of the reader.
    assert summary_of(html) == ("8 public photos show you clearly enough for a face-swap app; "
                                "5 of them are on Instagram.")
    assert "3 clear photos of one person are all an app needs" in html
    assert "2 photos of someone else: ask before posting, or untag." in html
    assert 'class="badge risk-high">High risk<' in html
    assert "Identity kit" not in html and "identity kit" not in html


def test_done_audit_in_korean(done_audit, thumbnails):
    html = render_report(done_audit, lang="ko", thumbnails=thumbnails)
    assert '<html lang="ko">' in html
    assert summary_of(html) == ("공개된 사진 8장에 내 얼굴이 선명하게 나와서 얼굴 합성 앱에 쓰일 수 있어요. "
                                "그중 5장은 인스타그램에 있어요.")
    assert "신원 키트" not in html and "2026년 11월 20일" in html
    assert "인스타그램 계정을 비공개로 바꾸기" in html


def test_people_are_labelled_and_the_likeliest_is_preselected(done_audit, thumbnails):
    html = render_report(done_audit, thumbnails=thumbnails, me_url="/audits/a/report/reader", me_key="k")
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", html))
    assert re.search(r"You ✓\s+8 clear photos · on 9 photos", text)
    assert re.search(r"Person B\s+1 clear photo · on 2 photos", text)
    assert "Face 1" not in text  # every face belongs to a labelled person
    assert "Grouping photos by face can be wrong: your choice decides which photos count as yours." in text
    # B can be added as me too, A taken away, or none of them chosen: every button posts the one form.
    buttons = [a for tag, a in Tags(html).tags if tag == "button"]
    assert {(b["name"], b["value"]) for b in buttons if b["name"] in ("add", "remove", "identity")} == {
        ("add", "person-2"), ("remove", "person-1"), ("identity", "none")}
    assert all(b["form"] == "me" for b in buttons)
    assert 'id="me"' in html and 'name="key" value="k"' in html
    # Each of the 9 photos counted as the reader's can be taken out.
    assert sorted(b["value"] for b in buttons if b["name"] == "not_me") == sorted(
        ["ig1", "ig2", "ig3", "ig4", "ig-avatar", "ig-low1", "fb-avatar", "fb-cover", "nb1"])


def test_a_saved_report_has_no_buttons(done_audit, thumbnails):
    html = render_report(done_audit, thumbnails=thumbnails)
    assert "<button" not in html and "<form" not in html


def test_choosing_the_friend_moves_the_counts_and_steps(done_audit, thumbnails):
    done_audit["reader"] = {"identities": ["person-2"], "not_me": []}
    html = render_report(done_audit, thumbnails=thumbnails)
    assert summary_of(html) == "1 public photo shows you clearly enough for a face-swap app; it is on Naver Blog."
    assert "8 photos of someone else" in html
    assert "all an app needs" not in html  # one clear photo of the reader is no set of three
    first = html[html.index('id="first-steps"'):html.index('class="jump"')]
    assert "Naver" in first or "blog" in first.lower()
    assert "Instagram" not in first


def first_step(html):
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html[html.index('id="first-steps"'):].split("</li>")[0]))


def test_two_people_who_are_me_and_a_photo_i_am_not_in(done_audit, thumbnails):
    done_audit["reader"] = {"identities": ["person-1", "person-2"], "not_me": []}
    html = render_report(done_audit, thumbnails=thumbnails, me_url="/r", me_key="k")
    # 8 clear photos of A and the 1 of B: the same person, grouped apart.
    assert summary_of(html) == "9 public photos show you clearly enough for a face-swap app; 5 of them are on Instagram."
    assert html.count("You ✓") == 2 and 'name="add"' not in html
    assert first_step(html).endswith("Make your Instagram account private hides 4 photos")
    assert 'id="others"' not in html
    done_audit["reader"]["not_me"] = ["ig1", "fb-cover"]
    html = render_report(done_audit, thumbnails=thumbnails, me_url="/r", me_key="k")
    assert summary_of(html) == "7 public photos show you clearly enough for a face-swap app; 4 of them are on Instagram."
    assert first_step(html).endswith("Make your Instagram account private hides 3 photos")
    assert "2 photos of someone else" in html  # taken out: someone else's now
    assert "2 photos you are not in are not counted." in html
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", html))
    assert re.search(r"You ✓\s+6 clear photos · on 7 photos", text)  # A without the two taken out
    taken_out = html[html.index('id="photo-ig1"'):].split("</figure>")[0]
    assert 'name="put_back" value="ig1"' in taken_out and 'name="not_me"' not in taken_out
    assert "You said you are not in this photo" in taken_out and "1. Not you</b>" in taken_out
    assert "#photo-ig1" not in html[html.index('id="yours"'):html.index('id="first-steps"')]


def test_none_of_these_is_me_counts_every_photo(done_audit):
    done_audit["reader"] = {"identities": [], "not_me": []}
    html = render_report(done_audit)
    assert summary_of(html).startswith("9 public photos show a face clearly enough")
    assert "You ✓" not in html
    done_audit["reader"]["not_me"] = ["nb4-friend"]  # nobody singled out, but that one is not me
    assert summary_of(render_report(done_audit)).startswith("8 public photos show a face clearly enough")


def test_each_profile_shows_what_a_stranger_sees(done_audit, thumbnails):
    html = render_report(done_audit, thumbnails=thumbnails)
    for state, text in (("Open", "without logging in"), ("Login wall", "asked to log in"),
                        ("Private", "profile photo and name only"), ("Not found", "doesn't exist")):
        assert f'class="state">{state}<' in html
        assert text in htmllib.unescape(html)
    assert html.count('<article class="profile') == 5


def photo_images(html):
    """The <img> of each photo under "What a stranger sees" (not the first screen's strip or the faces)."""
    return html[html.index('id="profiles"'):].count("<img")


def test_thumbnails_are_data_uris_with_face_boxes(done_audit, thumbnails):
    html = render_report(done_audit, thumbnails=thumbnails)
    images = [attrs for tag, attrs in Tags(html).tags if tag == "img"]
    assert photo_images(html) == len(thumbnails)
    assert all(a["src"].startswith("data:image/jpeg;base64,") for a in images)
    boxes = [a for tag, a in Tags(html).tags if tag == "span" and "box" in a.get("class", "").split()]
    # ig1: 1080x1350, box [270, 432, 742, 108] → left 10%, top 20%, width 30%, height 34.96%
    assert any(b["style"] == "left: 10.0%; top: 20.0%; width: 30.0%; height: 34.96%" for b in boxes)
    high = [b for b in boxes if "risk-high" in b["class"]]
    assert high and all("High risk" in b["title"] and "facing the camera" in b["title"] for b in high)
    assert "1. Person B</b>: Medium risk — usable for a face swap" in html  # the reasons in text too, by person


def test_missing_thumbnail_gets_a_placeholder_not_a_broken_image(done_audit, thumbnails):
    del thumbnails["ig1"]
    html = render_report(done_audit, thumbnails=thumbnails)
    profiles = html[html.index('id="profiles"'):]
    assert profiles.count('class="placeholder"') == 2  # ig1 and ig4 (left out by the fixture)
    assert photo_images(html) == len(thumbnails)


def test_no_external_resources(done_audit, thumbnails):
    html = render_report(done_audit, thumbnails=thumbnails, switch_url="/audits/a/report?key=k")
    for tag, attrs in Tags(html).tags:
        for name in ("src", "srcset", "poster", "data"):
            value = attrs.get(name)
            assert value is None or value.startswith("data:"), (tag, name)
        if tag == "link" or tag == "script":
            pytest.fail(f"<{tag}> in the report")
        if tag == "a" and attrs.get("href", "").startswith("http"):
            assert attrs.get("rel") == "noopener noreferrer"
    assert "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html
    # image_url links (hostile CDNs) never appear at all
    assert "cdninstagram.com" not in html and "fbcdn.net" not in html


def test_untrusted_text_is_escaped(done_audit):
    done_audit["profiles"][0]["message"] = '<script>alert("x")</script>'
    done_audit["profiles"][1]["url"] = 'javascript:alert(1)//"><img src=x onerror=alert(2)>'
    done_audit["photos"][0]["faces"][0]["reasons"] = ['"><script>alert(3)</script>']
    done_audit["photos"][0]["page_url"] = "javascript:alert(4)"
    html = render_report(done_audit)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "onerror" not in [a for _, attrs in Tags(html).tags for a in attrs]


def test_failed_audit(failed_audit):
    html = render_report(failed_audit)
    assert summary_of(html) == "The check could not finish, so this report is incomplete."
    assert "The browser could not start." in html
    assert 'class="state">Error<' in html and 'class="state">Blocked<' in html
    assert "<img" not in html


def test_a_failed_audit_says_why_in_korean_without_the_backend_s_english(failed_audit):
    html = render_report(failed_audit, lang="ko")
    assert "문제: 점검을 끝내지 못했어요." in html and "The browser could not start." not in html
    worded = failed_audit | {"error": STORAGE_FULL}  # a failure the catalog words
    assert "문제: 서버의 저장 공간이 가득 차서 점검 결과를 보관하지 못했어요." in render_report(worded, lang="ko")
    assert STORAGE_FULL in htmllib.unescape(render_report(worded, lang="en"))


def test_no_faces_audit(no_faces_audit, no_faces_thumbnails):
    html = render_report(no_faces_audit, thumbnails=no_faces_thumbnails)
    assert summary_of(html) == "None of the 3 public photos we found shows a clear face."
    assert 'class="box' not in html
    assert "all an app needs" not in html
    assert html.count("<img") == 3  # in the folded "more photos" part


def test_guardian_consent_adds_the_parent_guide(done_audit):
    assert "For the parent: a short guide" not in render_report(done_audit)
    done_audit["consent"] = "guardian"
    html = render_report(done_audit)
    assert "For the parent: a short guide" in html and "How to talk about it" in html
    assert "보호자를 위한 짧은 안내" in render_report(done_audit, lang="ko")


def test_what_changed_since_the_previous_audit(done_audit, fixed_audit):
    html = render_report(fixed_audit, previous=done_audit)
    text = re.sub(r"<[^>]+>", "", html)
    assert "What changed since 20 Nov 2026" in text  # the local date, as people write it
    assert "Instagram: 5 → 0" in text
    assert "Naver Blog: 3 → 0" in text
    assert "Facebook: 2 → 2" in text
    assert "All profiles: 10 → 2" in text
    assert "What changed" not in render_report(fixed_audit)


def test_steps_come_in_order_of_photos_taken_out(done_audit):
    html = render_report(done_audit)
    main = html[html.index('id="steps"'):html.index('class="more-steps"')]
    order = re.findall(r'id="tip-([a-z0-9-]+)"', main)
    assert order[0] == "instagram-private-account"
    assert "Hides 4 of your risky photos from strangers" in main
    assert "tiktok-downloads" not in order  # takes nothing out of view: folded away


def test_the_report_shows_the_documents_tips_not_its_own_choice(done_audit):
    done_audit["tips"] = report_tips(done_audit, "ko")  # as the document carries them, chosen once
    html = render_report(done_audit, lang="ko")
    assert "인스타그램 계정을 비공개로 바꾸기" in html
    assert "디지털성범죄피해자지원센터" in html  # help is always there
    done_audit["tips"] = [tip for tip in done_audit["tips"] if tip["id"] != "instagram-private-account"]
    assert 'id="tip-instagram-private-account"' not in render_report(done_audit, lang="ko")


def test_language_switch_keeps_the_key(done_audit):
    html = render_report(done_audit, switch_url="/audits/a1/report?key=s3cr%2Bt&lang=en")
    assert 'href="/audits/a1/report?key=s3cr%2Bt&amp;lang=ko"' in html
    assert 'aria-current="true">English<' in html
    assert "hreflang" not in render_report(done_audit)


@pytest.mark.parametrize("header, requested, expected", [
    (None, None, "en"), ("ko-KR,ko;q=0.9,en-US;q=0.8", None, "ko"),
    ("en-US,en;q=0.9,ko;q=0.8", None, "en"), ("fr-FR,ko;q=0.5,en;q=0.4", None, "ko"),
    ("ko", "en", "en"), (None, "ko", "ko"), ("en", "KO-kr", "ko"), ("ko;q=0", None, "en"),
    ("garbage;;q=x,,", "de", "en"),
])
def test_pick_language(header, requested, expected):
    assert pick_language(header, requested) == expected


def test_box_percent_and_thumbnail_checks():
    assert box_percent([10, 60, 50, 20], 100, 200) == {"left": 20.0, "top": 5.0, "width": 40.0, "height": 20.0}
    assert box_percent([10, 60, 50, 20], 0, 200) is None
    assert box_percent(["a"], 100, 100) is None
    assert box_percent([-10, 160, 50, 20], 100, 100)["width"] == 80.0  # clamped to the photo
    assert thumbnail_src(b"<svg onload=alert(1)>") is None
    assert thumbnail_src(b"\xff\xd8\xff\xe0rest").startswith("data:image/jpeg;base64,")


@pytest.mark.parametrize("audit", [
    {},
    {"id": "x", "status": "done", "profiles": None, "photos": None, "summary": None},
    {"status": "done", "created_at": "not a date",
     "profiles": [{"url": None, "platform": None, "status": "weird"}],
     "photos": [{"id": 1, "profile_url": None, "risk": "weird", "width": "abc", "height": None,
                 "faces": [{"box": None, "risk": None, "reasons": None}, {"box": [1, 2]}]}],
     "identities": [{"id": None, "high_risk_photo_count": None}]},
])
def test_odd_audits_still_render(audit):
    html = render_report(audit, lang="ko", thumbnails={1: b"not an image"})
    assert "</html>" in html and 'href="javascript:' not in html


def test_running_audit_says_so(done_audit):
    done_audit["status"] = "running"
    done_audit["profiles"][4]["status"] = None
    assert 'class="state">Not checked yet<' in render_report(done_audit)
    assert summary_of(render_report(done_audit)) == ("The check is still running: "
                                                     "open this page again in a minute.")


def test_photos_of_an_unlisted_profile_are_still_shown(done_audit, thumbnails):
    done_audit["profiles"] = done_audit["profiles"][1:]  # Instagram's photos lose their profile
    html = render_report(done_audit, thumbnails=thumbnails)
    assert photo_images(html) == len(thumbnails)
    assert "https://www.instagram.com/minji.k/" in html


def test_grade_reasons_are_rendered_from_codes_in_each_language(done_audit):
    html = render_report(done_audit, lang="ko")
    assert "크고 선명하고 정면을 보고 있어요. 사진 한 장만으로도 얼굴 합성에 쓰일 수 있어요" in html
    assert "작아요. 얼굴 폭이 60px라서 합성하면 흐릿하게 나와요" in html
    assert "facing the camera" not in html
    english = render_report(done_audit)
    assert "small: the face is 60 px wide, so a swap would be soft" in english


def every_reason_the_analysis_gives():
    """All reasons backend/analysis/grade.py can write, from qualities past each limit."""
    from backend.analysis import grade
    base = {"face_px": 200.0, "inter_eye_px": 80.0, "pixel_block": 1.0, "sharpness": 0.9, "yaw": 0.0,
            "pitch": 0.0, "in_frame": 1.0, "eyes_open": 0.3, "brightness": 120.0, "highlights": 200.0,
            "clipped": 0.0, "covered": False, "detector_score": 0.9}
    changes = [{}, {"yaw": 30.0}, {"pixel_block": 4.0}, {"face_px": 30.0}, {"face_px": 60.0},
               {"sharpness": 0.05}, {"sharpness": 0.2}, {"yaw": 80.0}, {"yaw": 50.0},
               {"pitch": 60.0}, {"in_frame": 0.3}, {"in_frame": 0.7}, {"covered": True},
               {"eyes_open": 0.05}, {"highlights": 10.0}, {"clipped": 0.9}, {"detector_score": 0.45}]
    given = [reason for change in changes for reason in grade.grade_face({**base, **change})[1]]
    # The worker adds these two: a face it cannot match, and a usable face whose body shows.
    return given + [grade.reason("unmatched"), grade.reason("body_visible")]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_reason_code_of_the_analysis_has_words_in_each_language(lang):
    """A code the analysis can give (grade.REASON_CODES) without wording in a language fails here."""
    from backend.analysis import grade
    from backend.report.language import Translator
    from backend.report.reasons import WORDING, render_reason
    t = Translator(lang)
    assert set(grade.REASON_CODES) <= set(WORDING), set(grade.REASON_CODES) - set(WORDING)
    for code, numbers in grade.REASON_CODES.items():
        words = render_reason({"code": code, **{name: 7 for name in numbers}}, t)
        assert words and "?" not in words and "%(" not in words, (code, words)
        if lang == "ko":
            assert t.translations.gettext(WORDING[code]) != WORDING[code], f"{code} has no Korean words"
            assert re.search("[가-힣]", words), (code, words)
    given = every_reason_the_analysis_gives()
    assert {r["code"] for r in given} == set(grade.REASON_CODES)  # the table lists every code it gives


def test_every_message_of_the_report_has_korean_words():
    """No English left on a Korean page: every message of the code and templates is in the catalog."""
    from babel.messages.extract import extract_from_dir
    from backend.report.language import Translator
    t = Translator("ko")
    root = Path(__file__).resolve().parents[2]
    found = extract_from_dir(str(root / "backend" / "report"), method_map=[
        ("**.py", "python"), ("templates/**.html", "jinja2")],
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None, "N_": None, "t": None, "n": (1, 2), "ngettext": (1, 2), "gettext": None})
    missing = []
    for _file, _line, message, _comments, _context in found:
        singular = message[0] if isinstance(message, tuple) else message
        plural = message[1] if isinstance(message, tuple) else None
        words = t.translations.ngettext(singular, plural, 2) if plural else t.translations.gettext(singular)
        if words == (plural or singular):
            missing.append(singular)
    assert missing == []


def test_verified_flag_is_shown_only_where_set(done_audit):
    assert 'class="verified"' not in render_report(done_audit)
    done_audit["profiles"][0]["verified"] = True
    assert render_report(done_audit).count('class="verified"') == 1


def test_checked_elsewhere_only_for_a_verified_owner_and_never_for_a_guardian(done_audit):
    done_audit["profiles"][0]["audited_by_others"] = True
    assert 'class="flag"' not in render_report(done_audit)  # not shown to be theirs
    done_audit["profiles"][0]["verified"] = True
    html = render_report(done_audit)
    assert html.count('class="flag"') == 1
    assert "tell a trusted adult" not in html and "someone may be looking" not in html
    done_audit["consent"] = "guardian"
    assert 'class="flag"' not in render_report(done_audit)
