"""The body check: a usable face whose own body shows from the shoulders to the hips.

Real photos (tests/fixtures/body/, see its README) and copies composed from them
in code, analysed once in one analyze_images call.
"""
import numpy as np
import pytest
from PIL import Image

from backend import analysis
from backend.analysis import body, grade
from tests.helpers.degrade import encode, group_photo

BODY = "body"
BODY_REASON = grade.reason("body_visible")


def crop_to(image, share):
    """The top `share` of a photo: a full-length photo cut across the chest."""
    return image.crop((0, 0, image.width, round(image.height * share)))


def hide_faces(image, boxes):
    """The photo with each (left, top, right, bottom) face box filled grey: a body without a face."""
    copy = image.copy()
    for left, top, right, bottom in boxes:
        copy.paste((128, 128, 128), (int(left), int(top), int(right), int(bottom)))
    return copy


@pytest.fixture(scope="session")
def body_photos(fixtures_dir):
    """key -> bytes: the real photos and the composed ones."""
    folder = fixtures_dir / BODY
    names = ["fr_kit_with_rose.jpg", "mmpose_ochuman_000817.jpg", "ultralight_10.jpg",
             "fr_alex_lacamoire_img1.jpg", "mmpose_wflw_7_Cheering_Cheering_7_16.jpg"]
    photos = {name: (folder / name).read_bytes() for name in names}
    couple = Image.open(folder / "fr_kit_with_rose.jpg").convert("RGB")
    walkers = Image.open(folder / "mmpose_ochuman_000817.jpg").convert("RGB")
    portraits = [Image.open(fixtures_dir / "faces" / name).convert("RGB")
                 for name in ("obama.jpg", "biden.jpg", "obama2.jpg")]
    # The couple's faces end at y~210 of 700; their hips are at ~440.
    photos["composed/couple-cut-at-chest"] = encode(crop_to(couple, 0.45))
    photos["composed/portraits-group"] = encode(group_photo(portraits, 700))
    photos["composed/couple-in-a-wider-frame"] = encode(framed(couple))
    # The whole head is hidden: a CNN detector still finds a head's outline around a face-sized patch.
    photos["composed/walkers-faces-hidden"] = encode(hide_faces(walkers, [
        (45, 234, 117, 320), (231, 196, 310, 292), (497, 183, 590, 302)]))
    return photos


def framed(image):
    """The photo in the middle of a wider grey frame (a full-length photo in a larger picture)."""
    frame = Image.new("RGB", (image.width * 2, round(image.height * 1.3)), (90, 90, 90))
    frame.paste(image, (image.width // 2, round(image.height * 0.15)))
    return frame


@pytest.fixture(scope="session")
def body_run(body_photos):
    result = analysis.analyze_images(list(body_photos.items()))
    return {photo["key"]: photo for photo in result["photos"]} | {"summary": result["summary"]}


def test_the_pose_models_install_from_the_registry_package():
    assert body.available(), "make setup installs mediapipe==0.10.14 and ai-edge-litert --no-deps"


@pytest.mark.parametrize("key", ["fr_kit_with_rose.jpg", "mmpose_ochuman_000817.jpg", "ultralight_10.jpg",
                                 "composed/couple-in-a-wider-frame"])
def test_full_length_photos_with_a_clear_face_are_body_visible(body_run, key):
    photo = body_run[key]
    assert photo["body_visible"] is True
    assert photo["risk"] in ("high", "medium")
    marked = [face for face in photo["faces"] if face["body_visible"]]
    assert len(marked) == 1 and marked[0]["risk"] in grade.USABLE
    assert BODY_REASON in marked[0]["reasons"]


@pytest.mark.parametrize("key", ["fr_alex_lacamoire_img1.jpg", "composed/couple-cut-at-chest",
                                 "composed/portraits-group",
                                 "mmpose_wflw_7_Cheering_Cheering_7_16.jpg"])   # a crowd seen from above
def test_close_ups_and_groups_without_a_body_in_frame_are_not(body_run, key):
    photo = body_run[key]
    assert any(face["risk"] in grade.USABLE for face in photo["faces"]), "the test needs a usable face"
    assert photo["body_visible"] is False
    assert not any(BODY_REASON in face["reasons"] for face in photo["faces"])


def test_a_body_without_a_usable_face_does_not_raise_the_grade(body_run):
    photo = body_run["composed/walkers-faces-hidden"]
    assert not any(face["risk"] in grade.USABLE for face in photo["faces"])
    assert photo["body_visible"] is False
    assert photo["risk"] in ("low", "none")


def test_the_summary_counts_body_visible_photos(body_run):
    assert body_run["summary"]["body_visible_photos"] == sum(
        1 for key, photo in body_run.items() if key != "summary" and photo["body_visible"])


def test_with_body_raises_to_medium_and_never_lowers():
    assert grade.with_body("low", True) == "medium"
    assert grade.with_body("medium", True) == "medium"
    assert grade.with_body("high", True) == "high"
    assert grade.with_body("low", False) == "low"
    assert grade.with_body("none", None) == "none"


def test_a_body_cut_by_the_bottom_edge_is_not_in_frame(fixtures_dir):
    rgb = np.array(Image.open(fixtures_dir / BODY / "fr_kit_with_rose.jpg").convert("RGB"))
    face = (261, 76, 350, 203)
    whole = body.body_in_frame(rgb, face)
    assert whole["visible"] and whole["hips"] >= body.VISIBLE
    cut = body.body_in_frame(np.ascontiguousarray(rgb[:400]), face)
    assert not cut["visible"] and cut["hips"] < body.VISIBLE


def test_landmarks_belong_to_the_face_asked_about(fixtures_dir):
    """In a group, the body found is the one under the face asked about, not a neighbour's."""
    rgb = np.array(Image.open(fixtures_dir / BODY / "fr_kit_with_rose.jpg").convert("RGB"))
    for face in ((80, 110, 157, 214), (261, 76, 350, 203)):
        landmarks = body.pose_of(rgb, face)
        assert landmarks is not None and body.owns_face(landmarks, face)
        nose_x = landmarks[0, 0]
        assert face[0] <= nose_x <= face[2]


def test_without_the_pose_models_the_body_is_unknown_not_absent(monkeypatch):
    from backend.analysis import worker
    face = {"risk": "medium", "box": [10, 60, 60, 10], "reasons": [], "quality": {"face_px": 50, "roll": 0}}
    monkeypatch.setattr(body, "available", lambda: False)
    rgb = np.zeros((400, 300, 3), dtype=np.uint8)
    assert worker.check_bodies(rgb, [dict(face)]) is None
    assert worker.check_bodies(rgb, [dict(face, risk="low")]) is False   # nothing to check either way
