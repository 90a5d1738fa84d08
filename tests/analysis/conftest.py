"""Fixtures for the analysis tests: fixture photos, degraded copies made in code, one shared run.

Everything that needs the face models is analysed once per session in a single
analyze_images call (the worker pool does them in parallel); tests read the result.
"""
import pytest
from PIL import Image

from backend import analysis
from tests.helpers.degrade import blurred, cropped, encode, group_photo, pixelated, shrunk, sideways
from tests.helpers.faces import FACE_BOXES, FIXTURE_FACES


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
        copies[f"small/{name}"] = encode(shrunk(image, box, 24))   # a face ~60 px wide
        copies[f"pixelate/{name}"] = encode(pixelated(image, box), quality=90)
        copies[f"crop/{name}"] = encode(cropped(image, box))
        copies[f"halfcrop/{name}"] = encode(cropped(image, box, 0.6))
        copies[f"exif/{name}"] = sideways(image)
        copies[f"webp/{name}"] = encode(image, "WEBP", quality=80)
        copies[f"jpeg10/{name}"] = encode(image, quality=10)    # its 8x8 blocks are not a mosaic
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

