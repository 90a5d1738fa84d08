"""Fixtures for the analysis tests: fixture photos, degraded copies made in code, one shared run.

Everything that needs the face models is analysed once per session in a single
analyze_images call (the worker pool does them in parallel); tests read the result.
"""
import io

import numpy as np
import pytest
from PIL import Image, ImageFilter

from backend import analysis

FIXTURE_FACES = {
    # name: (expected photo risk, face count)
    "faces/obama.jpg": ("high", 1),
    "faces/obama2.jpg": ("high", 1),
    "faces/obama3.jpg": ("high", 1),
    "faces/biden.jpg": ("high", 1),
    "faces/astronaut.png": ("high", 1),
    "faces/32bit.png": ("high", 1),
    "faces/obama_partial_face.jpg": ("medium", 1),
    "faces/obama_partial_face2.jpg": ("medium", 1),
    "nofaces/chelsea.png": ("none", 0),
    "nofaces/coffee.png": ("none", 0),
    "nofaces/rocket.jpg": ("none", 0),
}
# Where face_recognition's own detector puts each face (top, right, bottom, left).
FACE_BOXES = {"obama.jpg": (142, 617, 409, 349), "biden.jpg": (241, 740, 562, 419),
              "obama2.jpg": (290, 438, 558, 171)}


def encode(image, fmt="JPEG", **options):
    """Bytes of a Pillow image saved in fmt."""
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def blurred(image, box, part=10):
    """Blur: a Gaussian of a tenth (strong) or smaller part of the face width."""
    return image.filter(ImageFilter.GaussianBlur((box[1] - box[3]) / part))


def shrunk(image, box, eyes_px=17):
    """Shrunk until the eyes are about eyes_px apart (a dlib box is ~2.5 inter-eye distances)."""
    factor = eyes_px * 2.5 / (box[1] - box[3])
    return image.resize((round(image.width * factor), round(image.height * factor)), Image.LANCZOS)


def pixelated(image, box, blocks=16):
    """The face box replaced by a mosaic of blocks x blocks."""
    top, right, bottom, left = box
    face = image.crop((left, top, right, bottom))
    face = face.resize((blocks, blocks), Image.BOX).resize(face.size, Image.NEAREST)
    copy = image.copy()
    copy.paste(face, (left, top))
    return copy


def cropped(image, box, keep=0.3):
    """Cut at the left so only the right `keep` share of the face remains in the frame."""
    top, right, bottom, left = box
    return image.crop((round(right - (right - left) * keep), 0, image.width, image.height))


def sideways(image):
    """Pixels stored rotated, with the EXIF orientation tag (6) that turns them upright."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return encode(image.transpose(Image.Transpose.ROTATE_90), exif=exif)


def group_photo(images, height=500):
    """Several photos side by side, each scaled to the same height: a group photo."""
    scaled = [im.resize((round(im.width * height / im.height), height), Image.LANCZOS) for im in images]
    canvas = Image.new("RGB", (sum(im.width for im in scaled), height), "white")
    x = 0
    for im in scaled:
        canvas.paste(im, (x, 0))
        x += im.width
    return canvas


@pytest.fixture(scope="session")
def fixture_bytes(fixtures_dir):
    """Bytes of every fixture photo, by 'folder/name'."""
    return {name: (fixtures_dir / name).read_bytes() for name in FIXTURE_FACES}


@pytest.fixture(scope="session")
def originals(fixtures_dir):
    """The upright fixture portraits as RGB Pillow images, by file name."""
    names = list(FACE_BOXES) + ["astronaut.png"]
    return {name: Image.open(fixtures_dir / "faces" / name).convert("RGB") for name in names}


@pytest.fixture(scope="session")
def degraded(originals):
    """Degraded and re-encoded copies: key -> bytes."""
    copies = {}
    for name, box in FACE_BOXES.items():
        image = originals[name]
        copies[f"blur/{name}"] = encode(blurred(image, box))
        copies[f"softblur/{name}"] = encode(blurred(image, box, 25))
        copies[f"shrink/{name}"] = encode(shrunk(image, box))
        copies[f"small/{name}"] = encode(shrunk(image, box, 32))
        copies[f"pixelate/{name}"] = encode(pixelated(image, box), quality=90)
        copies[f"crop/{name}"] = encode(cropped(image, box))
        copies[f"halfcrop/{name}"] = encode(cropped(image, box, 0.6))
        copies[f"exif/{name}"] = sideways(image)
        copies[f"webp/{name}"] = encode(image, "WEBP", quality=80)
        copies[f"png/{name}"] = encode(image.convert("L"), "PNG")
        copies[f"mirror/{name}"] = encode(image.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    copies["group/obama-biden"] = encode(group_photo([originals["obama.jpg"], originals["biden.jpg"]], 700))
    copies["group/three"] = encode(group_photo(
        [originals["obama2.jpg"], originals["biden.jpg"], originals["astronaut.png"]], 1000))
    return copies


@pytest.fixture(scope="session")
def run(fixture_bytes, degraded):
    """One analyze_images call over every fixture and degraded copy, with thumbnails."""
    images = list(fixture_bytes.items()) + list(degraded.items())
    progress = []
    result = analysis.analyze_images(images, thumbnail_size=256,
                                     on_progress=lambda done, total: progress.append((done, total)))
    result["progress"] = progress
    result["by_key"] = {photo["key"]: photo for photo in result["photos"]}
    result["input_keys"] = [key for key, _ in images]
    return result


@pytest.fixture(scope="session", autouse=True)
def stop_workers():
    """Stop the analysis workers at the end of the session."""
    yield
    analysis.shutdown()


def array_of(image):
    """An RGB array of a Pillow image."""
    return np.asarray(image.convert("RGB"))
