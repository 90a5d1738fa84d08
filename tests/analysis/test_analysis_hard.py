"""Hard real photos: profiles, tilted heads, masks, sunglasses, hands, small faces, a group.

tests/fixtures/hard/ holds a few of the calibration photos with their labels
(reference boxes from an attacker-grade detector, and by-eye labels); see its README.
One analyze_images call over them, shared by the tests.
"""
import io
import json

import pytest
from PIL import Image

from backend import analysis
from backend.report.reasons import render_reasons
from tests.helpers.faces import same_face

RISKS = {"high": 3, "medium": 2, "low": 1}
# What a swap tool can do with a face, by eye, and the grades that say so.
BANDS = {"yes": {"high", "medium"}, "weak": {"medium", "low"}}
# Known limit: a hand is skin, and the colour test for covered faces does not see it.
HAND_OVER_FACE = {("mmpose_cofw_001805.jpg", 0)}


@pytest.fixture(scope="session")
def hard_dir(fixtures_dir):
    return fixtures_dir / "hard"


@pytest.fixture(scope="session")
def labels(hard_dir):
    return json.loads((hard_dir / "labels.json").read_text())


@pytest.fixture(scope="session")
def originals_for_rotation(fixtures_dir):
    return Image.open(fixtures_dir / "faces" / "obama.jpg").convert("RGB")


@pytest.fixture(scope="session")
def hard_run(hard_dir, labels, originals_for_rotation):
    """The hard photos, plus a high portrait rotated in code (roll alone must not lower it)."""
    images = [(name, (hard_dir / name).read_bytes()) for name in labels["photos"]]
    for angle in (25, 45, -40):
        out = io.BytesIO()
        originals_for_rotation.rotate(angle, expand=True, fillcolor="white").save(out, "JPEG", quality=92)
        images.append((f"rotated/{angle}", out.getvalue()))
    result = analysis.analyze_images(images)
    result["by_key"] = {photo["key"]: photo for photo in result["photos"]}
    return result


def found_face(photo, box):
    """The result face the labels' rule matches with a reference box ([l, t, r, b]), or None."""
    for face in photo["faces"]:
        top, right, bottom, left = face["box"]
        if same_face(box, [left, top, right, bottom]):
            return face
    return None


def labelled_faces(labels, usable):
    return [(name, index, face) for name, photo in labels["photos"].items()
            for index, face in enumerate(photo["faces"])
            if face["swap_usable"] in usable and not face.get("not_a_face") and face["width"] >= 40]


def test_every_face_usable_by_eye_is_found_with_a_grade_in_its_band(hard_run, labels):
    wrong = []
    for name, index, face in labelled_faces(labels, BANDS):
        found = found_face(hard_run["by_key"][name], face["box"])
        risk = found["risk"] if found else "not found"
        if risk not in BANDS[face["swap_usable"]] and (name, index) not in HAND_OVER_FACE:
            wrong.append((name, index, face["swap_usable"], face["pose"], face["occlusion"], risk))
    assert wrong == []
    assert len(labelled_faces(labels, BANDS)) >= 20


@pytest.mark.xfail(strict=True, reason="a hand over the face is skin: the colour test does not see it")
def test_a_hand_over_an_eye_is_not_high(hard_run, labels):
    face = labels["photos"]["mmpose_cofw_001805.jpg"]["faces"][0]
    assert found_face(hard_run["by_key"]["mmpose_cofw_001805.jpg"], face["box"])["risk"] != "high"


def codes(face):
    return [item["code"] for item in face["reasons"]]


@pytest.mark.parametrize("name", ["prnet_aflw2000_image00475.jpg", "prnet_aflw2000_image02420.jpg"])
def test_a_full_profile_is_medium_with_its_reason_and_left_out_of_identity_groups(hard_run, name):
    (face,) = hard_run["by_key"][name]["faces"]
    assert face["risk"] == "medium"
    assert abs(face["quality"]["yaw"]) > 55
    assert "profile_view" in codes(face) and "unmatched" in codes(face)
    assert face["identity"] is None


def test_a_face_behind_a_mask_is_medium_partly_covered(hard_run):
    (face,) = hard_run["by_key"]["aizoo_demo2.jpg"]["faces"]
    assert face["risk"] == "medium" and face["quality"]["covered"]
    assert "covered" in codes(face)
    assert any("partly covered" in text for text in render_reasons(face["reasons"], "en"))


def test_three_quarter_view_is_never_said_to_face_the_camera(hard_run):
    for photo in hard_run["photos"]:
        for face in photo["faces"]:
            if abs(face["quality"]["yaw"]) >= 30:
                assert "clear_frontal" not in codes(face)
                assert not any("facing the camera" in text for text in render_reasons(face["reasons"], "en"))


def test_the_three_friends_on_a_sofa_are_three_faces(hard_run, labels):
    # Three young women, one looking down, one in three-quarter view (dlib's HOG saw one).
    photo = hard_run["by_key"]["mmpose_aic_054d9ce9.jpg"]
    for face in labels["photos"]["mmpose_aic_054d9ce9.jpg"]["faces"]:
        assert found_face(photo, face["box"]) is not None


@pytest.mark.parametrize("angle", [25, 45, -40])
def test_roll_alone_never_lowers_the_grade(hard_run, angle):
    (face,) = hard_run["by_key"][f"rotated/{angle}"]["faces"]
    assert face["risk"] == "high"
    roll = face["quality"]["roll"]
    assert roll * angle < 0 and abs(roll) > 0.5 * abs(angle)     # Pillow turns counter-clockwise


def test_small_faces_are_medium_and_say_a_swap_would_be_soft(hard_run):
    faces = hard_run["by_key"]["ultralight_16.jpg"]["faces"]
    assert len(faces) >= 9
    for face in faces:
        assert face["risk"] == "medium"
        assert "small" in codes(face)
        assert 40 <= face["quality"]["face_px"] < 80


def test_a_tiny_face_is_left_out_or_low(hard_run):
    # A skier 29 px wide: nothing there to swap.
    assert all(face["risk"] == "low" for face in hard_run["by_key"]["mmpose_coco_000000000785.jpg"]["faces"])


def test_each_face_carries_five_landmarks_in_photo_pixels(hard_run):
    for photo in hard_run["photos"]:
        for face in photo["faces"]:
            assert len(face["landmarks"]) == 5
            for x, y in face["landmarks"]:
                assert -0.5 * photo["width"] < x < 1.5 * photo["width"]
                assert -0.5 * photo["height"] < y < 1.5 * photo["height"]


def test_one_person_in_two_photos_is_one_identity(hard_run):
    first = hard_run["by_key"]["fr_kit_harington_john1.jpeg"]["faces"]
    second = hard_run["by_key"]["fr_kit_harington_john2.jpeg"]["faces"]
    assert len(first) == len(second) == 1
    assert first[0]["identity"] is not None and first[0]["identity"] == second[0]["identity"]


def test_no_face_is_graded_higher_than_a_person_could_use(hard_run, labels):
    # Faces labelled unusable by eye (under ~32 px, mostly hidden) are never high.
    for name, photo in labels["photos"].items():
        for face in photo["faces"]:
            if face["swap_usable"] == "no":
                found = found_face(hard_run["by_key"][name], face["box"])
                assert found is None or found["risk"] != "high", (name, face["box"])
