"""dlib's recognition network run by onnxruntime (encoder.py) gives dlib's own encodings."""
import numpy as np
import pytest
from PIL import Image

from backend.analysis import encoder, faces, worker

PHOTOS = ["faces/obama.jpg", "faces/biden.jpg", "faces/astronaut.png", "hard/prnet_aflw2000_image04331.jpg",
          "hard/mmpose_coco_000000000785.jpg", "hard/ultralight_16.jpg"]


@pytest.fixture(scope="module")
def weights():
    return faces.dlib_file(faces.ENCODER_FILE).read_bytes()


@pytest.fixture(scope="module")
def chips(fixtures_dir):
    """The aligned chips the pipeline itself cuts from real photos, frontal and hard."""
    found = []
    for name in PHOTOS:
        image = Image.open(fixtures_dir / name).convert("RGB")
        for _, _, points in faces.detect(image):
            shape, _, aligned = faces.landmarks(np.asarray(image), points)
            if shape is not None:
                found.append(faces.chip(aligned, shape))
    assert len(found) >= len(PHOTOS)
    return found


def test_the_encodings_are_dlibs_own(chips):
    import dlib
    network = dlib.face_recognition_model_v1(str(faces.dlib_file(faces.ENCODER_FILE)))
    expected = np.array([np.array(network.compute_face_descriptor(chip)) for chip in chips])
    got = np.array(faces.encode(chips))
    assert got.shape == expected.shape == (len(chips), 128)
    assert got.dtype == np.float64
    # dlib's own matching limit is 0.6 in this space; float rounding is a million times smaller.
    assert np.abs(got - expected).max() < 1e-4


def test_a_batch_gives_what_one_chip_at_a_time_gives(chips):
    many = chips * (encoder.BATCH // len(chips) + 2)    # more than one batch
    together = np.array(faces.encode(many))
    alone = np.array([faces.encode([chip])[0] for chip in chips])
    assert len(together) == len(many)
    assert np.abs(together[:len(chips)] - alone).max() < 1e-5
    assert np.abs(together[-len(chips):] - alone).max() < 1e-5


def test_no_chips_give_no_encodings():
    assert faces.encode([]) == []


def test_the_network_is_read_whole(weights):
    layers = encoder.read_layers(weights)
    kinds = [layer[0] for layer in layers]
    assert kinds[0] == "input" and kinds[-1] == "fc"
    # 29 convolutions, each with its affine layer; 14 residual sums; 4 shortcut pools and the global one.
    assert (kinds.count("con"), kinds.count("affine"), kinds.count("add_prev"), kinds.count("avg_pool")) == (29, 29, 14, 5)
    assert layers[-1][1].shape == (256, 128)


def test_a_file_that_is_not_the_network_is_refused(weights):
    at = weights.index(b"\x01\x05con_4")
    renamed = weights[:at] + b"\x01\x05con_9" + weights[at + 7:]
    with pytest.raises(encoder.FormatError):
        encoder.build_model(encoder.read_layers(renamed))
    with pytest.raises(encoder.FormatError):
        encoder.build_model(encoder.read_layers(b"not a network"))


def test_a_photo_comes_back_with_encodings_and_no_chips(fixtures_dir):
    photo = worker.grade_photo((fixtures_dir / "faces/obama.jpg").read_bytes(), encodings="all")
    face, = photo["faces"]
    assert "chip" not in face and face["encoding"].shape == (128,)
    none = worker.grade_photo((fixtures_dir / "faces/obama.jpg").read_bytes(), encodings="none")
    assert "encoding" not in none["faces"][0]


def test_a_photo_keeps_its_grades_when_the_encoder_fails(fixtures_dir, monkeypatch):
    def broken(chips):
        raise RuntimeError("the encoder failed")
    monkeypatch.setattr(faces, "encode", broken)
    photo = worker.grade_photo((fixtures_dir / "faces/obama.jpg").read_bytes(), encodings="all")
    face, = photo["faces"]
    assert photo["risk"] == "high" and face["risk"] == "high"
    assert "encoding" not in face and "chip" not in face
