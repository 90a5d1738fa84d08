"""Grades of real photos and of degraded copies made from them (one shared run, see conftest)."""
import io

import pytest
from PIL import Image

from tests.helpers.faces import FACE_BOXES, FIXTURE_FACES

PORTRAITS = sorted(FACE_BOXES)


@pytest.mark.parametrize("name", sorted(FIXTURE_FACES))
def test_fixture_photo_gets_expected_grade_and_face_count(run, name):
    photo = run["by_key"][name]
    risk, count = FIXTURE_FACES[name]
    assert photo["skipped"] is None
    assert (photo["risk"], len(photo["faces"])) == (risk, count)


@pytest.mark.parametrize("name", ["nofaces/chelsea.png", "nofaces/coffee.png", "nofaces/rocket.jpg"])
def test_photo_without_people_has_no_faces(run, name):
    assert run["by_key"][name]["faces"] == []
    assert run["by_key"][name]["risk"] == "none"


@pytest.mark.parametrize("kind", ["blur", "softblur", "shrink", "small", "pixelate", "crop", "halfcrop"])
@pytest.mark.parametrize("name", PORTRAITS)
def test_degraded_copy_is_not_high(run, kind, name):
    photo = run["by_key"][f"{kind}/{name}"]
    assert photo["skipped"] is None
    assert photo["risk"] != "high"
    assert all(face["risk"] != "high" for face in photo["faces"])


@pytest.mark.parametrize("kind,reason", [("softblur", "blurred"), ("pixelate", "pixelated"),
                                         ("small", "small"), ("halfcrop", "_cut")])
def test_degraded_face_that_is_found_says_why(run, kind, reason):
    found = [face for name in PORTRAITS for face in run["by_key"][f"{kind}/{name}"]["faces"]]
    assert found, "the detector should still find some of these faces"
    for face in found:
        assert any(reason in r["code"] for r in face["reasons"]), face["reasons"]


@pytest.mark.parametrize("kind", ["exif", "webp", "png", "mirror", "jpeg10"])
@pytest.mark.parametrize("name", PORTRAITS)
def test_reencoded_or_sideways_copy_keeps_the_grade(run, kind, name):
    original, copy = run["by_key"][f"faces/{name}"], run["by_key"][f"{kind}/{name}"]
    assert copy["risk"] == original["risk"] == "high"
    assert len(copy["faces"]) == 1


@pytest.mark.parametrize("name", PORTRAITS)
def test_exif_orientation_is_applied_before_finding_the_face(run, name):
    original, sideways = run["by_key"][f"faces/{name}"], run["by_key"][f"exif/{name}"]
    assert (sideways["width"], sideways["height"]) == (original["width"], original["height"])
    for a, b in zip(original["faces"][0]["box"], sideways["faces"][0]["box"]):
        assert abs(a - b) <= 0.05 * original["width"]


def test_boxes_are_in_original_pixels(run):
    # CenterFace's box runs from the forehead to the chin, dlib's from the brows: compare
    # the centres and the widths.
    top, right, bottom, left = run["by_key"]["faces/obama.jpg"]["faces"][0]["box"]
    ref_top, ref_right, ref_bottom, ref_left = FACE_BOXES["obama.jpg"]
    assert abs((left + right) / 2 - (ref_left + ref_right) / 2) < 30
    assert abs((top + bottom) / 2 - (ref_top + ref_bottom) / 2) < 60
    assert 0.8 < (right - left) / (ref_right - ref_left) < 1.25


def test_each_face_carries_the_detectors_five_landmarks_inside_its_box(run):
    face = run["by_key"]["faces/obama.jpg"]["faces"][0]
    top, right, bottom, left = face["box"]
    assert len(face["landmarks"]) == 5
    for x, y in face["landmarks"]:
        assert left <= x <= right and top <= y <= bottom
    (left_eye, right_eye, nose, left_mouth, right_mouth) = face["landmarks"]
    assert left_eye[0] < nose[0] < right_eye[0] and max(left_eye[1], right_eye[1]) < nose[1]
    assert nose[1] < min(left_mouth[1], right_mouth[1])


def test_high_face_reports_its_measured_components(run):
    face = run["by_key"]["faces/obama.jpg"]["faces"][0]
    quality = face["quality"]
    assert 95 < quality["inter_eye_px"] < 135
    assert abs(quality["yaw"]) < 20 and abs(quality["roll"]) < 10
    assert quality["in_frame"] == 1.0 and quality["pixel_block"] == 1.0
    assert quality["eyes_open"] > 0.15 and quality["landmarks_fit"] and not quality["covered"]
    assert face["reasons"][0]["code"] == "clear_frontal"


def test_group_photo_has_a_face_per_person(run):
    assert len(run["by_key"]["group/obama-biden"]["faces"]) == 2
    assert len(run["by_key"]["group/three"]["faces"]) == 3


def test_photos_come_back_in_input_order(run):
    assert [photo["key"] for photo in run["photos"]] == run["input_keys"]


def test_progress_counts_every_photo_once(run):
    total = len(run["input_keys"])
    assert run["progress"][-1] == (total, total)
    assert [done for done, _ in run["progress"]] == list(range(1, total + 1))


def test_thumbnail_is_a_small_jpeg(run):
    photo = run["by_key"]["faces/biden.jpg"]
    image = Image.open(io.BytesIO(photo["thumbnail"]))
    assert image.format == "JPEG" and max(image.size) <= 256


def test_thumbnail_box_is_drawn_in_the_risk_colour(run):
    photo = run["by_key"]["faces/obama.jpg"]
    image = Image.open(io.BytesIO(photo["thumbnail"])).convert("RGB")
    scale = image.width / photo["width"]
    top, right, bottom, left = (v * scale for v in photo["faces"][0]["box"])
    r, g, b = image.getpixel((int(left) + 1, round((top + bottom) / 2)))
    assert r > 150 and g < 100 and b < 100          # red for high


def test_no_encoding_leaves_the_call(run):
    for photo in run["photos"]:
        for face in photo["faces"]:
            assert "encoding" not in face
            assert set(face) == {"box", "landmarks", "risk", "reasons", "quality", "identity", "body_visible"}
