"""Finds images and face encodings in bytes however they are wrapped: raw, base64 (Celery's
message bodies), JSON text, or base64 inside base64.

An image counts only when Pillow can read its header, so random bytes that happen to start
like a JPEG are not one; each is reported with its size, so a 160 px thumbnail and an
original are told apart. A face encoding is 128 numbers between -1 and 1: as JSON text, or
as packed float64/float32 (numpy's tobytes, pickle).
"""
import base64
import binascii
import io
import re

import numpy as np
from PIL import Image

THUMBNAIL_PX = 160
MAGIC = {"JPEG": re.compile(rb"\xff\xd8\xff"), "PNG": re.compile(re.escape(b"\x89PNG\r\n\x1a\n")),
         "WebP": re.compile(rb"RIFF.{4}WEBP", re.S)}
NUMBER = rb"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
TEXT_VECTOR = re.compile(rb"\[\s*(?:" + NUMBER + rb"\s*,\s*){127,}" + NUMBER + rb"\s*\]")
BASE64_RUN = re.compile(rb"[A-Za-z0-9+/_-]{24,}={0,2}")
VECTOR = 128


def exposures(blob, depth=0):
    """[("image", format, (width, height)) | ("vector", how)] found in `blob`."""
    found = []
    for kind, pattern in MAGIC.items():
        for match in pattern.finditer(blob):
            size = _image_size(blob[match.start():])
            if size:
                found.append(("image", kind, size))
    for match in TEXT_VECTOR.finditer(blob):
        values = [float(v) for v in re.findall(NUMBER, match.group())]
        if len(values) >= VECTOR and all(-1 < v < 1 for v in values):
            found.append(("vector", "text"))
    found += [("vector", how) for how in _packed_vectors(blob)]
    if depth < 3:
        for match in BASE64_RUN.finditer(blob):
            decoded = _decode64(match.group())
            if decoded:
                found += exposures(decoded, depth + 1)
    return found


def is_original(finding):
    """An image larger than a thumbnail."""
    return finding[0] == "image" and max(finding[2]) > THUMBNAIL_PX


def _image_size(data):
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:  # noqa: BLE001 - not an image after all
        return None


def _decode64(text):
    text = text.replace(b"-", b"+").replace(b"_", b"/").rstrip(b"=")
    text = text[:len(text) - len(text) % 4] if len(text) % 4 == 1 else text
    try:
        return base64.b64decode(text + b"=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def _packed_vectors(blob):
    found = []
    for dtype, width in (("<f8", 8), ("<f4", 4)):
        for offset in range(width):
            count = (len(blob) - offset) // width
            if count < VECTOR:
                continue
            values = np.frombuffer(blob, dtype, count, offset)
            with np.errstate(invalid="ignore", over="ignore"):
                plausible = np.isfinite(values) & (np.abs(values) > 1e-6) & (np.abs(values) < 1)
            # 124 of any 128 in a row: an encoding's few values near zero do not hide it.
            if np.convolve(plausible, np.ones(VECTOR, dtype=int), "valid").max() >= VECTOR - 4:
                found.append(f"packed {dtype}")
                break
    return found
