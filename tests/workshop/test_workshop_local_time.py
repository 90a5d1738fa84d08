"""The teacher's pages warn when the join link opens only on this computer, and give times in the
server's local time zone with the zone named (a class reads them in the room, not in UTC)."""

import pytest

from backend.address import is_loopback_base
from backend.when import local_time




def test_times_are_local_with_the_zone_named(seoul):
    # 23:40 in Seoul is 14:40 UTC; before 09:00 in Seoul the UTC date is the day before.
    assert local_time("2026-11-30T14:40:00+00:00", "ko") == "2026년 11월 30일(월) 오후 11시 40분(한국 시간)"
    assert local_time("2026-11-30T14:40:00+00:00", "ko", year=False) == "11월 30일(월) 오후 11시 40분(한국 시간)"
    assert local_time("2026-11-29T23:00:00+00:00", "ko", clock=False) == "2026년 11월 30일(월)"
    assert local_time("2026-11-30T14:40:00+00:00", "en") == "30 Nov 2026, 23:40 (KST)"
    assert local_time("2026-11-30T03:00:00+00:00", "ko") == "2026년 11월 30일(월) 오후 12시(한국 시간)"


def test_loopback_links_are_told_apart():
    for base in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765", "http://127.0.0.2:1"):
        assert is_loopback_base(base)
    for base in ("http://10.231.7.1:8765", "http://exposure.school.example", "https://192.168.0.4"):
        assert not is_loopback_base(base)


@pytest.mark.parametrize("lang, warning", [
    ("en", "phone or laptop can open it"),
    ("ko", "학생의 휴대폰이나 노트북에서는 열 수 없습니다"),
])
def test_dashboard_and_handout_warn_the_teacher_when_the_join_link_is_loopback(app, client, workshop, lang, warning):
    path = f"/workshops/{workshop['id']}"
    for page in (path, f"{path}/handout"):
        html = client.get(f"{page}?key={workshop['teacher_key']}&lang={lang}",
                          base_url="http://127.0.0.1:8765").get_data(as_text=True)
        assert 'id="loopback-warning"' in html and warning in html and "serve --lan" in html
    app.config["PUBLIC_URL"] = "http://10.231.7.1:8765"  # as `serve --lan` sets it
    for page in (path, f"{path}/handout"):
        html = client.get(f"{page}?key={workshop['teacher_key']}&lang={lang}",
                          base_url="http://127.0.0.1:8765").get_data(as_text=True)
        assert 'id="loopback-warning"' not in html and "http://10.231.7.1:8765/pair#" in html


def test_the_dashboard_gives_the_join_deadline_in_local_time(client, workshop, seoul):
    html = client.get(f"/workshops/{workshop['id']}?key={workshop['teacher_key']}&lang=ko").get_data(as_text=True)
    deadline = html.split('id="join-until">', 1)[1].split("</span>", 1)[0]
    assert deadline.startswith("참여 코드 사용 기한: ") and deadline.endswith("(한국 시간)") and "UTC" not in html


def test_the_report_dates_a_check_by_the_local_day(seoul):
    from backend.report.view import _date
    # 08:00 in Seoul on 1 December is 23:00 UTC on 30 November.
    assert _date("2026-11-30T23:00:00+00:00", "ko") == "2026년 12월 1일(화)"
    assert _date("2026-11-30T23:00:00+00:00", "en") == "1 Dec 2026"


def test_the_dashboard_refreshes_itself_and_a_closed_class_leads_somewhere(client, workshop):
    query = f"key={workshop['teacher_key']}&lang=ko"
    dashboard = client.get(f"/workshops/{workshop['id']}?{query}").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="60">' in dashboard  # new students and totals show up
    printable = client.get(f"/workshops/{workshop['id']}/printable?{query}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in printable
    closed = client.post(f"/workshops/{workshop['id']}/close?lang=ko",
                         data={"key": workshop["teacher_key"], "confirm": "yes"}).get_data(as_text=True)
    assert '<a href="/workshops/new" id="new-class">새 수업 만들기</a>' in closed  # not a dead end
