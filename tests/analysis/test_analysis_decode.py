"""The safe decoder: formats, modes, orientation, and hostile inputs (no face models needed)."""
import io

import numpy as np
import pytest
from PIL import Image, ImageFile

from backend.analysis import UnreadableImage, decode_image
from tests.helpers.hostile_photos import png_claiming


def saved(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def portrait(fixtures_dir):
    return Image.open(fixtures_dir / "faces" / "obama.jpg").convert("RGB").resize((200, 250))


def reason_of(data):
    with pytest.raises(UnreadableImage) as caught:
        decode_image(data)
    return caught.value.reason


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"<!doctype html><html><body>Not found</body></html>", "not an image"),
    (b"\xff\xd8\xff" + b"\x00" * (100 * 1024 * 1024), "too large"),
    (png_claiming(20000, 20000), "too large (400,000,000 pixels)"),
    (png_claiming(9000, 9000), "too large (9000x9000 pixels)"),
    (png_claiming(100000, 10), "too large"),
])
def test_hostile_input_is_refused_with_a_reason(data, reason):
    assert reason in reason_of(data)


def test_unreadable_image_is_a_value_error():
    assert issubclass(UnreadableImage, ValueError)


def test_truncated_jpeg_is_refused(fixtures_dir):
    data = (fixtures_dir / "faces" / "obama.jpg").read_bytes()
    assert "truncated" in reason_of(data[: len(data) // 2])


def test_truncated_jpeg_is_refused_after_face_recognition_is_imported(fixtures_dir):
    from backend.analysis import faces
    faces.load_models()     # face_recognition's import switches truncated loading on
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    data = (fixtures_dir / "faces" / "obama.jpg").read_bytes()
    assert "truncated" in reason_of(data[: len(data) // 2])


def test_tiff_named_jpg_is_refused(portrait):
    assert "unsupported" in reason_of(saved(portrait, "TIFF"))


@pytest.mark.parametrize("fmt", ["BMP", "ICO", "PPM"])
def test_formats_outside_the_allow_list_are_refused(portrait, fmt):
    assert "unsupported" in reason_of(saved(portrait, fmt))


def test_gif_named_jpg_decodes_its_first_frame(portrait):
    frames = [portrait, Image.new("RGB", portrait.size, "blue")]
    data = saved(frames[0], "GIF", save_all=True, append_images=frames[1:])
    array = decode_image(data)
    assert array.shape == (250, 200, 3)
    assert not (array[:, :, 2] > 200).all()     # not the blue second frame


def test_animation_with_thousands_of_frames_gives_the_first_only():
    frames = [Image.new("P", (16, 16), i % 256) for i in range(3000)]
    data = saved(frames[0], "GIF", save_all=True, append_images=frames[1:])
    assert decode_image(data).shape == (16, 16, 3)


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA", "P", "CMYK", "I;16", "1"])
def test_every_mode_becomes_rgb_uint8(portrait, mode):
    image = portrait.convert(mode) if mode != "I;16" else Image.fromarray(
        (np.asarray(portrait.convert("L"), dtype=np.uint16) * 257))
    fmt = "JPEG" if mode in ("CMYK",) else "PNG"
    array = decode_image(saved(image, fmt))
    assert array.dtype == np.uint8 and array.shape == (250, 200, 3)
    assert 40 < array.mean() < 220      # 16-bit is scaled, not clipped to white


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparent_background_becomes_white(mode):
    image = Image.new("RGBA", (8, 8), (0, 0, 0, 0)).convert(mode)
    options = {"transparency": 0} if mode == "P" else {}
    assert (decode_image(saved(image, "PNG", **options)) == 255).all()


@pytest.mark.parametrize("fmt", ["WEBP", "AVIF", "HEIF"])
def test_modern_formats_decode(portrait, fmt):
    try:
        data = saved(portrait, fmt)
    except (KeyError, OSError, ValueError):
        pytest.skip(f"no {fmt} encoder here")
    assert decode_image(data).shape == (250, 200, 3)


@pytest.mark.parametrize("orientation,transpose", [
    (3, Image.Transpose.ROTATE_180), (6, Image.Transpose.ROTATE_90),
    (8, Image.Transpose.ROTATE_270), (2, Image.Transpose.FLIP_LEFT_RIGHT)])
def test_exif_orientation_is_applied(portrait, orientation, transpose):
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored = saved(portrait.transpose(transpose), "PNG", exif=exif)
    upright = np.asarray(portrait, dtype=np.int16)
    array = decode_image(stored).astype(np.int16)
    assert array.shape == upright.shape
    assert np.abs(array - upright).mean() < 2
