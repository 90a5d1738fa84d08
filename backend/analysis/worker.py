"""What one worker process does with one photo: decode, find faces, grade, draw.

Only bytes come in and only plain data (plus aligned face chips, for grouping) go
out, so a hostile image's memory lives and dies in the worker. Encoding the chips
is a second, separate task (encode_chips), run only for chips that are not copies
of one already encoded.
"""
import io

import numpy as np
from PIL import Image, ImageDraw

from . import body, faces, grade, metadata
from .decode import UnreadableImage, open_image

COLOURS = {"high": (220, 38, 38), "medium": (245, 158, 11), "low": (100, 116, 139)}


def start():
    """Worker initializer: load the models once for the life of the process."""
    faces.load_models()
    if body.available():
        body.load_models()


def analyze_photo(data, encodings="useful", thumbnail_size=None):
    """Everything about one photo as plain data.

    encodings: which faces get a 'chip' (the aligned crop to encode) and a
    'print' (its fingerprint): "none", "useful" (faces that are not `low`) or "all".
    """
    try:
        image = open_image(data)
    except UnreadableImage as error:
        return skipped(error.reason)
    # Read from the bytes as they came: the decoded pixels carry no EXIF.
    hidden = metadata.read(data)
    # Every derived image is made before the full-size Pillow image is let go, so
    # at most one full-size copy besides the array is alive at a time.
    width, height = image.size
    small = shrink(image, thumbnail_size) if thumbnail_size else None
    detected = faces.detect(image.convert("L"))
    rgb = np.array(image)
    del image
    found = [analyze_face(rgb, box, score, encodings) for box, score in detected]
    found.sort(key=lambda face: (face["box"][3], face["box"][0]))
    body_visible = check_bodies(rgb, found)
    return {
        "width": width, "height": height,
        "risk": grade.with_body(grade.worst(face["risk"] for face in found), body_visible),
        "skipped": None,
        "faces": found,
        "body_visible": body_visible,
        "metadata": hidden,
        "thumbnail": draw_boxes(small, found, width) if small is not None else None,
    }


def skipped(reason):
    """The result for a photo that could not be analysed."""
    return {"width": None, "height": None, "risk": "none", "skipped": reason,
            "faces": [], "body_visible": None, "metadata": None, "thumbnail": None}


def check_bodies(rgb, found):
    """Whether a usable face's own body shows from the shoulders to the hips (None: no pose model).

    Only high and medium faces are checked, clearest first and at most
    body.MAX_PEOPLE, stopping at the first body found: a body without a usable
    face never raises the grade, and the check costs nothing on other photos.
    The face whose body shows gets the reason and `body_visible`.
    """
    for face in found:
        face["body_visible"] = False
    usable = [face for face in found if face["risk"] in grade.USABLE]
    if not usable:
        return False
    if not body.available():
        return None
    usable.sort(key=lambda face: (-grade.ORDER[face["risk"]], -face["quality"]["face_px"]))
    searched = []
    for face in usable[:body.MAX_PEOPLE]:
        top, right, bottom, left = face["box"]
        if body.body_in_frame(rgb, (left, top, right, bottom), face["quality"]["roll"], searched)["visible"]:
            face["body_visible"] = True
            face["reasons"].append(grade.BODY_REASON)
            return True
    return False


def analyze_face(rgb, box, score, encodings):
    """Landmarks, quality, grade and (for faces that can be recognised) the chip of one face."""
    shape, points = faces.landmarks(rgb, box)
    quality = faces.measure(rgb, box, points, score)
    risk, reasons = grade.grade_face(quality)
    height, width = rgb.shape[:2]
    left, top, right, bottom = (int(round(v)) for v in box)
    face = {
        "box": [max(top, 0), min(right, width), min(bottom, height), max(left, 0)],
        "risk": risk, "reasons": reasons, "quality": quality,
        "chip": None, "print": None,
    }
    # Only faces that can be misused count towards an identity's photos.
    if encodings == "all" or (encodings == "useful" and risk != "low"):
        face["chip"] = faces.chip(rgb, shape)
        face["print"] = faces.fingerprint(face["chip"])
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
