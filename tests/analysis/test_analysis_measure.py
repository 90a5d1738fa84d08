"""Unit tests of the grading rules and the landmark geometry (no models, no photos)."""
import math

import numpy as np
import pytest

from backend.analysis import faces, grade

GOOD = {"face_px": 250.0, "inter_eye_px": 100.0, "yaw": 5.0, "pitch": 3.0, "roll": 1.0,
        "sharpness": 0.7, "brightness": 130.0, "highlights": 190.0, "clipped": 0.0, "eyes_open": 0.28, "in_frame": 1.0,
        "pixel_block": 1.0, "detector_score": 1.5}


def graded(**changes):
    return grade.grade_face({**GOOD, **changes})


def test_a_good_face_is_high_with_a_reason():
    risk, reasons = graded()
    assert risk == "high" and reasons[0] == {"code": "clear_frontal"}


@pytest.mark.parametrize("changes,risk,code", [
    ({"inter_eye_px": 30.0}, "medium", "small"),
    ({"inter_eye_px": 15.0}, "low", "too_small"),
    ({"sharpness": 0.2}, "medium", "blurred"),
    ({"sharpness": 0.05}, "low", "very_blurred"),
    ({"yaw": -50.0}, "medium", "turned"),
    ({"yaw": 70.0}, "low", "profile_view"),
    ({"pitch": 35.0}, "medium", "tilted"),
    ({"in_frame": 0.7}, "medium", "partly_cut"),
    ({"in_frame": 0.3}, "low", "mostly_cut"),
    ({"eyes_open": 0.05}, "medium", "eyes_hidden"),
    ({"highlights": 35.0}, "medium", "too_dark"),
    ({"clipped": 0.5}, "medium", "washed_out"),
    ({"pixel_block": 3.0}, "medium", "pixelated"),
    ({"pixel_block": 8.0}, "low", "pixelated"),
])
def test_each_limit_grades_and_explains(changes, risk, code):
    got, reasons = graded(**changes)
    assert got == risk
    assert code in [reason["code"] for reason in reasons[1:]], reasons


def test_a_dark_skinned_face_in_usable_light_is_not_too_dark():
    assert graded(brightness=45.0, highlights=95.0)[0] == "high"


def test_closed_eyes_are_not_judged_on_small_faces():
    assert graded(inter_eye_px=25.0, eyes_open=0.05)[1][1:] == [{"code": "small", "eye_px": 25, "need_px": 40}]


def test_a_clear_face_turned_36_degrees_is_not_called_frontal():
    assert graded(yaw=36.0)[1] == [{"code": "clear_turned", "yaw": 36}]


@pytest.mark.parametrize("risks,worst", [([], "none"), (["low"], "low"),
                                         (["low", "high", "medium"], "high"), (["medium", "low"], "medium")])
def test_photo_grade_is_its_most_exposed_face(risks, worst):
    assert grade.worst(risks) == worst


def projected(yaw, pitch, roll=0.0):
    """68 landmark points (only the head model's are meaningful) for a head posed so."""
    y, p, r = (math.radians(a) for a in (yaw, pitch, roll))
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    points = np.zeros((68, 2))
    for index, xyz in faces.HEAD_MODEL.items():
        x, y_up, _ = rz @ ry @ rx @ np.array(xyz)
        points[index] = (500 + 0.4 * x, 500 - 0.4 * y_up)
    # Eye centres for the roll estimate: the outer corners stand in for both eyes.
    points[36:42], points[42:48] = points[36], points[45]
    return points


@pytest.mark.parametrize("yaw", [-40, -20, 0, 20, 40])
def test_yaw_is_recovered_from_landmarks(yaw):
    assert faces.head_pose(projected(yaw, 0))[0] == pytest.approx(yaw, abs=3)


@pytest.mark.parametrize("pitch", [-25, 0, 25])
def test_pitch_is_recovered_from_landmarks(pitch):
    assert faces.head_pose(projected(0, pitch))[1] == pytest.approx(pitch, abs=3)


def test_roll_follows_the_eye_line():
    assert faces.head_pose(projected(0, 0, 15))[2] == pytest.approx(-15, abs=1)


def test_in_frame_share():
    assert faces.in_frame((-50.0, 0.0, 50.0, 100.0), 200, 200) == pytest.approx(0.5)
    assert faces.in_frame(np.array([[10.0, 10.0], [60.0, 60.0]]), 200, 200) == 1.0


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
