"""A class of 30 starting audits within the same minute, on the real server (tests/helpers/class_run.py).

Real Playwright and Chromium, real face_recognition, a real SQLite file, a local class
site on 127.0.0.1. The figures (time to finish) come from the benchmark; this test checks
what must hold: every audit finishes, nothing is locked, memory stays bounded, no link or
token is logged, every student is shown their place in the queue and it only goes down, the
dashboard counts them all without naming any.
"""
import re

import pytest

from tests.helpers.class_run import run_class

pytestmark = [pytest.mark.slow, pytest.mark.timeout(720)]

STUDENTS = 30
POLL_S = 1.0
TIME_LIMIT_S = 540  # a quiet run takes about a minute
MEMORY_BOUND_MB = 2560


def test_a_class_of_30_starting_at_once_all_finish_and_see_their_place_in_the_queue(tmp_path):
    figures = run_class(STUDENTS, POLL_S, TIME_LIMIT_S, data_dir=tmp_path)

    assert figures["start_spread_s"] < 60, "the audits were meant to start within the same minute"
    assert figures["statuses"] == ["done"] * STUDENTS
    assert figures["photos"] == [2] * STUDENTS, "every student's two photos were graded"
    assert not figures["database_locked"]
    assert figures["log_leaks"] == [], "a student's profile link or token is in the server's log"
    # Bounded memory: two audits at a time, whatever the queue (the server, its browsers and decoders).
    assert figures["peak_memory_mb"]["pss"] < MEMORY_BOUND_MB, figures["peak_memory_mb"]
    assert figures["http_errors"] == []
    # Bounded: each student polls at most once a second until the time limit.
    assert figures["requests"] <= STUDENTS * (TIME_LIMIT_S / POLL_S + 12)

    for positions in figures["positions"]:
        assert positions, "every student was told their place when the audit was queued"
        assert all(later <= earlier for earlier, later in zip(positions, positions[1:])), positions
    # Two audits run at a time, so most of the class waited, and saw the queue move.
    assert figures["max_queue_position"] >= STUDENTS // 2
    assert sum(1 for p in figures["positions"] if len(set(p)) > 1) >= STUDENTS // 3

    status, page = figures["dashboard"]
    assert status == 200
    assert re.search(r"<td>Audits finished</td>\s*<td class=\"value\">30</td>", page)
    status, csv_text = figures["csv"]
    assert status == 200 and "audits_done,Audits finished,30,audits" in csv_text
    for url in figures["profile_urls"]:
        assert url not in page and url not in csv_text
    assert "student-" not in page and "student-" not in csv_text
