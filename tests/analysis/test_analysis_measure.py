"""Unit tests of the grading rules and the landmark geometry (no models, no photos)."""
import math

import numpy as np
import pytest

from backend.analysis import faces, grade
from backend.report.language import Translator
from backend.report.reasons import WORDING, render_reason, render_reasons

GOOD = {"face_px": 250.0, "inter_eye_px": 100.0, "yaw": 5.0, "pitch": 3.0, "roll": 1.0,
        "sharpness": 0.7, "brightness": 130.0, "highlights": 190.0, "clipped": 0.0, "eyes_open": 0.28, "in_frame": 1.0,
        "pixel_block": 1.0, "detector_score": 0.9, "covered": False}


def graded(**changes):
    risk, reasons = grade.grade_face({**GOOD, **changes})
    return risk, render_reasons(reasons, "en")


def codes(**changes):
    return [item["code"] for item in grade.grade_face({**GOOD, **changes})[1]]


def test_a_good_face_is_high_with_a_reason():
    risk, reasons = graded()
    assert risk == "high" and "face swap" in reasons[0] and "facing the camera" in reasons[0]


def test_a_high_face_turned_36_degrees_is_not_said_to_face_the_camera():
    risk, reasons = graded(yaw=-36.0)
    assert risk == "high"
    assert "facing the camera" not in reasons[0] and "36°" in reasons[0]


@pytest.mark.parametrize("changes,risk,words", [
    ({"face_px": 60.0}, "medium", "small"),
    ({"face_px": 35.0}, "low", "too small"),
    ({"sharpness": 0.2}, "medium", "blurred"),
    ({"sharpness": 0.05}, "low", "very blurred"),
    ({"yaw": -50.0}, "medium", "turned away"),
    ({"yaw": 80.0}, "medium", "side view"),
    ({"pitch": 50.0}, "medium", "looking far up or down"),
    ({"in_frame": 0.7}, "medium", "outside the photo"),
    ({"in_frame": 0.3}, "low", "most of the face"),
    ({"covered": True}, "medium", "partly covered"),
    ({"eyes_open": 0.05}, "medium", "eyes closed"),
    ({"highlights": 35.0}, "medium", "too dark"),
    ({"clipped": 0.5}, "medium", "washed out"),
    ({"pixel_block": 3.0}, "medium", "pixelated"),
    ({"pixel_block": 8.0}, "low", "pixelated"),
    ({"detector_score": 0.45}, "medium", "not sure"),
])
def test_each_limit_grades_and_explains(changes, risk, words):
    got, reasons = graded(**changes)
    assert got == risk
    assert any(words in reason for reason in reasons[1:]), reasons


@pytest.mark.parametrize("roll", [-90.0, -45.0, 30.0, 60.0, 179.0])
def test_roll_alone_never_lowers_a_grade(roll):
    assert graded(roll=roll)[0] == "high"


@pytest.mark.parametrize("yaw", [-45.0, -30.0, 20.0, 44.0])
def test_a_three_quarter_view_is_as_usable_as_a_frontal_one(yaw):
    assert graded(yaw=yaw)[0] == "high"


@pytest.mark.parametrize("yaw", [-90.0, -70.0, 75.0, 90.0])
def test_a_full_profile_is_medium_never_low(yaw):
    assert graded(yaw=yaw)[0] == "medium"
    assert "profile_view" in codes(yaw=yaw)


def test_reasons_are_codes_with_whole_numbers():
    _, reasons = grade.grade_face({**GOOD, "face_px": 61.4, "yaw": -50.2})
    assert {"code": "small", "face_px": 61} in reasons
    assert {"code": "turned", "yaw": 50} in reasons


def test_every_reason_code_has_korean_words_in_one_speech_level():
    korean = Translator("ko")
    for code, numbers in grade.REASON_CODES.items():
        words = render_reason({"code": code, **{name: 7 for name in numbers}}, korean)
        assert words and words != WORDING[code], code
        assert "합니다" not in words and "습니다" not in words, words   # 해요체 only


def test_a_dark_skinned_face_in_usable_light_is_not_too_dark():
    assert graded(brightness=45.0, highlights=95.0)[0] == "high"


def test_closed_eyes_are_not_judged_on_small_faces_nor_where_landmarks_do_not_fit():
    assert codes(face_px=60.0, eyes_open=0.05)[1:] == ["small"]
    assert codes(eyes_open=None) == ["clear_frontal"]


@pytest.mark.parametrize("risks,worst", [([], "none"), (["low"], "low"),
                                         (["low", "high", "medium"], "high"), (["medium", "low"], "medium")])
def test_photo_grade_is_its_most_exposed_face(risks, worst):
    assert grade.worst(risks) == worst


def projected(yaw, pitch, roll=0.0):
    """The five landmark points of the generic head posed so, in image pixels."""
    y, p, r = (math.radians(a) for a in (yaw, pitch, roll))
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    return np.array([(500 + 60 * x, 500 - 60 * y_up) for x, y_up, _ in (rz @ ry @ rx @ faces.HEAD_MODEL.T).T])


@pytest.mark.parametrize("yaw", [-70, -40, -20, 0, 20, 40, 70])
def test_yaw_is_recovered_from_five_landmarks(yaw):
    assert faces.head_pose(projected(yaw, 0))[0] == pytest.approx(yaw, abs=3)


@pytest.mark.parametrize("pitch", [-25, 0, 25])
def test_pitch_is_recovered_from_five_landmarks(pitch):
    assert faces.head_pose(projected(0, pitch))[1] == pytest.approx(pitch, abs=3)


@pytest.mark.parametrize("roll", [-60, 15, 50])
def test_yaw_survives_a_tilted_head(roll):
    yaw, _, measured_roll = faces.head_pose(projected(36, 0, roll))
    assert yaw == pytest.approx(36, abs=3)
    assert measured_roll == pytest.approx(-roll, abs=8)


def test_in_frame_share():
    assert faces.in_frame((-50.0, 0.0, 50.0, 100.0), 200, 200) == pytest.approx(0.5)
    assert faces.in_frame((10.0, 10.0, 60.0, 60.0), 200, 200) == 1.0


def test_eye_openness():
    open_eye = np.array([[0, 0], [3, -3], [7, -3], [10, 0], [7, 3], [3, 3]], dtype=float)
    closed = open_eye * np.array([1.0, 0.1])
    assert faces.eye_openness(open_eye) == pytest.approx(0.6)
    assert faces.eye_openness(closed) < grade.EYES_OPEN


def mosaic(blocks, size=240, seed=0):
    """A random greyscale mosaic of blocks x blocks (RGB), and the same noise unpixelated."""
    rng = np.random.default_rng(seed)
    smooth = rng.integers(0, 255, (size, size)).astype(np.uint8)
    small = rng.integers(0, 255, (blocks, blocks)).astype(np.uint8)
    tiled = np.kron(small, np.ones((size // blocks, size // blocks), dtype=np.uint8))
    return np.repeat(tiled[:, :, None], 3, axis=2), np.repeat(smooth[:, :, None], 3, axis=2)


def test_pixel_block_finds_a_mosaic_and_not_noise():
    tiled, noise = mosaic(20)
    assert faces.pixel_block(tiled, (0, 0, 240, 240)) == pytest.approx(12, abs=1)
    assert faces.pixel_block(noise, (0, 0, 240, 240)) == 1.0
