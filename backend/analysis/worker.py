"""What one worker process does with one photo: decode, find faces, grade, draw.

Only bytes come in and only plain data (plus aligned face chips, for grouping) go
out, so a hostile image's memory lives and dies in the worker. Encoding the chips
is a second, separate task (encode_chips), run only for chips that are not copies
of one already encoded.
"""
import io

import numpy as np
from PIL import Image, ImageDraw

from . import faces, grade
from .decode import UnreadableImage, open_image

COLOURS = {"high": (220, 38, 38), "medium": (245, 158, 11), "low": (100, 116, 139)}


def start():
    """Worker initializer: load the models once for the life of the process."""
    faces.load_models()


def analyze_photo(data, encodings="useful", thumbnail_size=None):
    """Everything about one photo as plain data.

    encodings: which faces get a 'chip' (the aligned crop to encode) and a
    'print' (its fingerprint): "none", "useful" (faces that are not `low`) or "all".
    """
    try:
        image = open_image(data)
    except UnreadableImage as error:
        return skipped(error.reason)
    # Every derived image is made before the full-size Pillow image is let go, so
    # at most one full-size copy besides the array is alive at a time.
    width, height = image.size
    small = shrink(image, thumbnail_size) if thumbnail_size else None
    detected = faces.detect(image)
    rgb = np.array(image)
    del image
    found = [analyze_face(rgb, box, score, points, encodings) for box, score, points in detected
             if box[2] - box[0] >= grade.MIN_REPORTED_PX]
    found.sort(key=lambda face: (face["box"][3], face["box"][0]))
    return {
        "width": width, "height": height,
        "risk": grade.worst(face["risk"] for face in found),
        "skipped": None,
        "faces": found,
        "thumbnail": draw_boxes(small, found, width) if small is not None else None,
    }


def skipped(reason):
    """The result for a photo that could not be analysed."""
    return {"width": None, "height": None, "risk": "none", "skipped": reason,
            "faces": [], "thumbnail": None}


def analyze_face(rgb, box, score, points, encodings):
    """Quality, grade, landmarks and (for faces that can be matched) the chip of one face."""
    shape, dense, aligned = faces.landmarks(rgb, points)
    quality = faces.measure(rgb, box, points, score, dense)
    risk, reasons = grade.grade_face(quality)
    height, width = rgb.shape[:2]
    left, top, right, bottom = (int(round(v)) for v in box)
    face = {
        "box": [max(top, 0), min(right, width), min(bottom, height), max(left, 0)],
        "landmarks": [[round(float(x), 1), round(float(y), 1)] for x, y in points],
        "risk": risk, "quality": quality,
        "chip": None, "print": None,
    }
    # Only faces that can be misused count towards an identity's photos; dlib's
    # encoder matches only faces its 68 points fit (not profiles nor covered faces).
    wanted = encodings == "all" or (encodings == "useful" and risk != "low")
    if shape is not None and abs(quality["yaw"]) <= grade.YAW_PROFILE:
        if wanted:
            face["chip"] = faces.chip(aligned, shape)
            face["print"] = faces.fingerprint(face["chip"])
    elif risk != "low":
        reasons.append(grade.reason("unmatched"))
    face["reason_codes"] = reasons
    face["reasons"] = [grade.explain(item) for item in reasons]
    return face


def encode_chips(chips):
    """The encodings of a batch of aligned face chips."""
    return faces.encode(chips)


def shrink(image, size):
    """A copy no larger than size px on its long side."""
    scale = min(1.0, size / max(image.size))
    return image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                        Image.LANCZOS)


def draw_boxes(image, found, full_width):
    """The thumbnail as JPEG bytes, each face boxed in its risk's colour."""
    scale = image.width / full_width
    draw = ImageDraw.Draw(image)
    line = max(2, round(max(image.size) / 150))
    for face in found:
        top, right, bottom, left = (v * scale for v in face["box"])
        draw.rectangle([left, top, right, bottom], outline=COLOURS[face["risk"]], width=line)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
