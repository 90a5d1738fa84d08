"""The recognition network (recognition.py): its file, the alignment, and encodings that tell people apart."""
import hashlib
import math

import numpy as np
import pytest
from PIL import Image, ImageOps

from backend.analysis import faces, identity, onnxwire, recognition, runtime


def test_the_model_is_the_one_measured_with_its_licence_and_provenance():
    assert hashlib.sha256(recognition.MODEL.read_bytes()).hexdigest() == recognition.MODEL_SHA256
    folder = recognition.MODEL.parent
    assert "MIT License" in (folder / "LICENSE-faceplugin-face-recognition-js").read_text()
    provenance = (folder / "README.md").read_text()
    assert "faceplugin-face-recognition-js" in provenance and recognition.MODEL_SHA256 in provenance
    assert "training data" in provenance


def test_a_changed_model_file_is_refused(tmp_path, monkeypatch):
    other = tmp_path / "fr_feature.onnx"
    other.write_bytes(recognition.MODEL.read_bytes()[:-1] + b"\0")
    monkeypatch.setattr(recognition, "MODEL", other)
    monkeypatch.setattr(recognition, "_session", None)
    with pytest.raises(RuntimeError, match="not the model"):
        recognition.session()


@pytest.mark.parametrize("angle,scale,shift", [(0, 1.0, (0, 0)), (30, 2.5, (40, -7)), (-75, 0.4, (300, 120))])
def test_the_similarity_takes_the_five_points_onto_the_template(angle, scale, shift):
    turn = math.radians(angle)
    rotation = np.array([[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]])
    points = (recognition.TEMPLATE @ rotation.T) * scale + shift
    transform = recognition.similarity(points, recognition.TEMPLATE)
    moved = points @ transform[:, :2].T + transform[:, 2]
    assert np.abs(moved - recognition.TEMPLATE).max() < 1e-6


def test_align_cuts_the_face_around_its_points():
    # A dark photo with a bright dot at each of the five points: the crop has them at the template's.
    rgb = np.zeros((400, 300, 3), dtype=np.uint8)
    points = recognition.TEMPLATE * 2.0 + (60, 90)
    for x, y in points.round().astype(int):
        rgb[y - 2:y + 3, x - 2:x + 3] = 255
    crop = recognition.align(rgb, points)
    assert crop.shape == (112, 112, 3)
    for x, y in recognition.TEMPLATE.round().astype(int):
        assert crop[y, x].mean() > 100
    assert crop.mean() < 30


def encodings_of(fixtures_dir, name, mirror=False):
    image = Image.open(fixtures_dir / name).convert("RGB")
    if mirror:
        image = ImageOps.mirror(image)
    found = []
    for _, _, points in faces.detect(image):
        shape, dense, aligned = faces.landmarks(np.asarray(image), points)
        if shape is not None:
            found.append(faces.encode([faces.chip(aligned, dense)])[0])
    return found


def distance(a, b):
    return 1.0 - float(a @ b)


def test_encodings_are_unit_512_values(fixtures_dir):
    (encoding,) = encodings_of(fixtures_dir, "faces/obama.jpg")
    assert encoding.shape == (512,) and encoding.dtype == np.float64
    assert abs(np.linalg.norm(encoding) - 1.0) < 1e-6


def test_one_person_is_near_and_two_people_are_far(fixtures_dir):
    obama, obama2, biden = (encodings_of(fixtures_dir, f"faces/{name}")[0]
                            for name in ("obama.jpg", "obama2.jpg", "biden.jpg"))
    assert distance(obama, obama2) < identity.TOLERANCE
    assert distance(obama, biden) > identity.TOLERANCE + 0.2


def test_a_mirrored_photo_is_the_same_person(fixtures_dir):
    (original,) = encodings_of(fixtures_dir, "faces/biden.jpg")
    (mirrored,) = encodings_of(fixtures_dir, "faces/biden.jpg", mirror=True)
    # Seen from its other side, a face is still far nearer itself than the limit.
    assert distance(original, mirrored) < identity.TOLERANCE / 2


def run_graph(model, values):
    return runtime.session(model).run(None, {"x": values})[0]


@pytest.mark.parametrize("slopes", [[0.25, -0.5, 1.0, 0.0], [1.5, 0.1, -2.0, 3.0]],
                         ids=["slopes at most 1: Max", "a slope over 1: Relu"])
def test_prelu_said_again_is_prelu(slopes):
    # A one-operator graph, each channel with its own slope, on values of both signs.
    slope = np.array(slopes, dtype=np.float32).reshape(4, 1, 1)
    graph = onnxwire.model([onnxwire.node("PRelu", ["x", "a"], ["y"])], [onnxwire.tensor("a", slope)],
                           [onnxwire.value_info("x", onnxwire.FLOAT, [1, 4, 3, 3])],
                           [onnxwire.value_info("y", onnxwire.FLOAT, [1, 4, 3, 3])], opset=13)
    values = np.random.default_rng(7).normal(size=(1, 4, 3, 3)).astype(np.float32) * 5
    rewritten = recognition.without_prelu(graph)
    assert b"PRelu" not in rewritten
    assert (b"Max" in rewritten) == (max(slopes) <= 1)
    np.testing.assert_array_equal(run_graph(rewritten, values), np.where(values > 0, values, slope * values))


def test_the_network_without_prelu_gives_the_same_encodings(fixtures_dir):
    # The rewrite the sessions run must change nothing: the limits were measured on the file as shipped.
    original = recognition.MODEL.read_bytes()
    shipped, fast = runtime.session(original), recognition.session()
    chips = []
    for name in ("faces/obama.jpg", "faces/biden.jpg"):
        image = np.asarray(Image.open(fixtures_dir / name).convert("RGB"))
        for _, _, points in faces.detect(Image.fromarray(image)):
            shape, dense, aligned = faces.landmarks(image, points)
            chips.append(faces.chip(aligned, dense))
    chips.append(np.random.default_rng(3).integers(0, 256, (112, 112, 3), dtype=np.uint8))
    for chip in chips:
        blob = ((np.asarray(chip, dtype=np.float32) - recognition.MEAN) / recognition.SCALE).transpose(2, 0, 1)[None]
        np.testing.assert_array_equal(fast.run(None, {"input": blob})[0], shipped.run(None, {"input": blob})[0])
    assert b"PRelu" in original and b"PRelu" not in recognition.without_prelu(original)


def test_the_session_runs_the_rewritten_graph(monkeypatch):
    # The speed comes from the rewrite: the session must be made from it, not from the file as shipped.
    given = []
    monkeypatch.setattr(recognition, "_session", None)
    monkeypatch.setattr(runtime, "session", lambda model: given.append(model) or "session")
    assert recognition.session() == "session"
    assert len(given) == 1 and b"PRelu" not in given[0] and b"Max" in given[0]


def test_landmarks_read_around_the_face_land_where_the_face_is(fixtures_dir):
    # dlib reads a crop around the face: its points must come back in the whole photo's pixels.
    image = np.asarray(Image.open(fixtures_dir / "faces/obama.jpg").convert("RGB"))
    padded = np.zeros((image.shape[0] + 300, image.shape[1] + 500, 3), dtype=np.uint8)
    padded[300:, 500:] = image
    (_, _, points), = faces.detect(Image.fromarray(image))
    _, dense, _ = faces.landmarks(image, points)
    _, moved, _ = faces.landmarks(padded, points + (500, 300))
    assert dense is not None and np.abs(moved - dense - (500, 300)).max() <= 1
