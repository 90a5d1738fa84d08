"""What one worker process does with one photo: decode, find faces, grade, draw.

Only bytes come in and only plain data (plus the faces' 512-d encodings, for
grouping) go out, so a hostile image's memory lives and dies in the worker.
"""
import ctypes
import gc
import os
import signal
import threading
import time

import numpy as np
from PIL import Image, ImageDraw

from .. import memory
from . import body, boxes, faces, grade, metadata
from .decode import UnreadableImage, jpeg_bytes, open_working_image, pixels_only

COLOURS = {"high": (220, 38, 38), "medium": (245, 158, 11), "low": (100, 116, 139)}


PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_CHECK_S = 1.0


def start(server_pid=None):
    """Worker initializer: end with the server, and load the models once for the life of the process."""
    exit_with_parent(server_pid)
    memory.map_large_blocks()
    load_models()
    # The models' objects live as long as the process: out of the collector's sight, the
    # full collection after each photo (memory.trim) takes 0.2 ms instead of 8, and never
    # writes to the pages this worker shares with the forkserver.
    gc.freeze()


def load_models():
    """Every model a photo may need (a no-op where the forkserver loaded them: see preload.py)."""
    faces.load_models()
    if body.available():
        body.load_models()


def exit_with_parent(server_pid=None):
    """End this worker when its parent (or the server, `server_pid`) dies, even by kill -9.

    A server killed with kill -9 runs no clean-up, and its pool of workers (about 450 MB
    with the models) lived on for good. The kernel's parent-death signal ends the worker
    at once on Linux; the watch thread covers the rest: a parent that died before the
    prctl call, a platform without prctl, and the forkserver (the workers' real parent),
    which exits by itself only once the server is gone.
    """
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the watch alone ends the worker
    threading.Thread(target=_watch_parent, args=(parent, server_pid), name="watch-parent", daemon=True).start()


def _watch_parent(parent, server_pid):
    while True:
        if os.getppid() != parent or (server_pid and not _alive(server_pid)):
            os._exit(1)  # nothing to clean up: a worker keeps nothing on disk
        time.sleep(PARENT_CHECK_S)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A killed server stays a zombie until its own parent reaps it: that is dead too.
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return True


def analyze_photo(data, encodings="useful", thumbnail_size=None):
    """Everything about one photo as plain data (see grade_photo); the photo's memory is handed back after."""
    try:
        return grade_photo(data, encodings, thumbnail_size)
    finally:
        # Kept, a 10 MP photo's 250 MB stayed with each worker until the next photo; two
        # workers held 500 MB beside the server's photos for the whole analysis.
        memory.trim()


def grade_photo(data, encodings="useful", thumbnail_size=None):
    """Everything about one photo as plain data.

    encodings: which faces get an 'encoding' (512-d, for grouping by person):
    "none", "useful" (faces that are not `low`) or "all".
    """
    try:
        # Faces are found at no more than this size anyway; a larger photo is decoded smaller.
        image, scale, (width, height) = open_working_image(data, faces.MAX_DETECT_PIXELS)
    except UnreadableImage as error:
        return skipped(error.reason)
    # Read from the bytes as they came: the decoded pixels carry no EXIF.
    hidden = metadata.read(data)
    # Every derived image is made before the full-size Pillow image is let go, so
    # at most one full-size copy besides the array is alive at a time.
    small = shrink(image, thumbnail_size) if thumbnail_size else None
    detected = faces.detect(image)
    rgb = np.array(image)
    del image
    found = [analyze_face(rgb, box, score, points, encodings, scale) for box, score, points in detected
             if (box[2] - box[0]) * scale >= grade.MIN_REPORTED_PX]
    found.sort(key=lambda face: boxes.edges(face["box"])[:2])  # left to right, then top down
    encode(found)
    body_visible = check_bodies(rgb, found, scale)
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


def check_bodies(rgb, found, scale=1.0):
    """Whether a usable face's own body shows from the shoulders to the hips (None: no pose model).

    Only high and medium faces are checked, clearest first and at most
    body.MAX_PEOPLE, stopping at the first body found: a body without a usable
    face never raises the grade, and the check costs nothing on other photos.
    The face whose body shows gets the reason and `body_visible`. `scale`: original
    pixels per pixel of `rgb` (the boxes are in the original's pixels).
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
        if body.body_in_frame(rgb, boxes.edges(face["box"], 1 / scale), face["quality"]["roll"], searched)["visible"]:
            face["body_visible"] = True
            face["reasons"].append(grade.reason("body_visible"))
            return True
    return False


def analyze_face(rgb, box, score, points, encodings, scale=1.0):
    """Quality, grade, landmarks and (for faces that can be matched) the chip of one face.

    `scale`: original pixels per pixel of `rgb` (a photo over the working size is decoded
    smaller); sizes, the box and the landmarks are given in the original's pixels.
    """
    shape, dense, aligned = faces.landmarks(rgb, points)
    quality = in_original_pixels(faces.measure(rgb, box, points, score, dense), scale)
    risk, reasons = grade.grade_face(quality)
    height, width = round(rgb.shape[0] * scale), round(rgb.shape[1] * scale)
    face = {
        "box": boxes.reported(box, scale, width, height),
        "landmarks": [[round(float(x) * scale, 1), round(float(y) * scale, 1)] for x, y in points],
        "risk": risk, "reasons": reasons, "quality": quality,
        "chip": None,
    }
    # Only faces that can be misused count towards an identity's photos; only faces dlib's
    # 68 points fit are aligned well enough to be matched (not profiles nor covered faces).
    wanted = encodings == "all" or (encodings == "useful" and risk != "low")
    if shape is not None and abs(quality["yaw"]) <= grade.YAW_PROFILE:
        if wanted:
            face["chip"] = faces.chip(aligned, dense)
    elif risk != "low":
        reasons.append(grade.reason("unmatched"))
    return face


def in_original_pixels(quality, scale):
    """The quality's pixel sizes measured on a reduced photo, in the original photo's pixels."""
    if scale == 1.0:
        return quality
    return quality | {key: round(value * scale, 1) for key, value in quality.items() if key.endswith("_px")} | {
        "pixel_block": round(quality["pixel_block"] * scale, 1) if quality["pixel_block"] > 1 else 1.0}


def encode(found):
    """Replace each face's aligned chip by its encoding: one batch for the photo.

    Encoding here, while the photo's faces are at hand, costs about 4 ms a face
    (recognition.py): less than sending the chips back to be sorted into copies first.
    Should the encoder fail, the photo keeps its grades and its faces join no group.
    """
    chipped = [face for face in found if face["chip"] is not None]
    try:
        encodings = faces.encode([face["chip"] for face in chipped])
    except Exception:  # noqa: BLE001 - the grades stand without the grouping
        encodings = []
    for face, encoding in zip(chipped, encodings):
        face["encoding"] = encoding
    for face in found:
        del face["chip"]


def shrink(image, size):
    """A copy no larger than size px on its long side."""
    scale = min(1.0, size / max(image.size))
    return image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                        Image.LANCZOS)


def draw_boxes(image, found, full_width):
    """The thumbnail as JPEG bytes, each face boxed in its risk's colour; pixels only, no metadata."""
    # A new image from the pixels alone: a JPEG comment holding a <script> was kept verbatim in
    # the stored thumbnail.
    image = pixels_only(image)
    scale = image.width / full_width
    draw = ImageDraw.Draw(image)
    line = max(2, round(max(image.size) / 150))
    for face in found:
        draw.rectangle(boxes.edges(face["box"], scale), outline=COLOURS[face["risk"]], width=line)
    return jpeg_bytes(image)
