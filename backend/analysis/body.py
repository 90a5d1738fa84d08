"""How much of a person's body a photo shows, from MediaPipe's pose models (runs inside a worker).

"Undress" apps need a clear face and the body in the same photo. This module
answers one question for a face that is already usable: is that person's body
in the frame from the shoulders to at least the hips? It judges only where the
body's landmarks are and whether the model sees them, never clothing or skin,
and it does not guess anyone's age.

The models are BlazePose's detector and full landmark model, the .tflite files
that ship inside the `mediapipe==0.10.14` wheel (Apache-2.0). mediapipe itself is
never imported (its Python layer needs OpenCV and matplotlib); the files are run
with `ai-edge-litert`, and the graph around them (anchors, detection decoding,
the rotated crop, landmark projection) follows MediaPipe's pose_detection and
pose_landmark_by_roi graphs. See THRESHOLDS.md for the rule and its evidence.
"""
import importlib.util
import math

import numpy as np
from PIL import Image

from .installed import package_file

DETECTOR_FILE = "modules/pose_detection/pose_detection.tflite"
LANDMARK_FILE = "modules/pose_landmark/pose_landmark_full.tflite"
DETECTOR_PX, LANDMARK_PX = 224, 256

# Where the body is looked for, in face sizes (the face box's long side): a
# standing person is about 9 face boxes tall, their hips about 3.5 below the
# face's centre. The detector sees the face at about 224/12 = 19 px.
SEARCH_SIDE = 12.0
SEARCH_DROP = 3.5
MIN_DETECTION = 0.5        # MediaPipe's own detection threshold
MIN_POSE = 0.25            # "a person is in the crop"; MediaPipe tracks video at 0.5, see THRESHOLDS.md
VISIBLE = 0.5              # landmark visibility (sigmoid) MediaPipe draws from
MARGIN = 0.05             # a landmark in the bottom 5% of the photo counts as cut off
MIN_HIPS_DROP = 1.5        # face sizes from the face's centre down to the hips; bodies in frame measure >= 1.8
UPRIGHT = 45.0             # degrees of head roll up to which "down" is the photo's down
HIPS_SLACK = 0.3           # face sizes; the detector's hips of bodies in frame sit <= 0.01 below the edge
SAME_PERSON = 0.75         # the detected face's centre within this many face sizes of ours
MAX_PEOPLE = 3             # body checks per photo at most (the clearest faces first)
SAME_SCALE = 1.3           # a face within this size ratio of an earlier one reuses its search...
SAME_SQUARE = 0.8          # ...when that search square holds this share of its own

HEAD, SHOULDERS, HIPS = (0, 2, 5), (11, 12), (23, 24)   # nose and eye centres

_models = None


def available():
    """True when the runtime and both model files are installed (cheap: nothing is loaded)."""
    return (importlib.util.find_spec("ai_edge_litert") is not None
            and all(package_file("mediapipe", name) for name in (DETECTOR_FILE, LANDMARK_FILE)))


def load_models():
    """The two interpreters, loaded once per process (one thread each: a worker has one core)."""
    global _models
    if _models is None:
        from ai_edge_litert.interpreter import Interpreter
        loaded = []
        for name in (DETECTOR_FILE, LANDMARK_FILE):
            interpreter = Interpreter(model_path=str(package_file("mediapipe", name)), num_threads=1)
            interpreter.allocate_tensors()
            loaded.append(interpreter)
        _models = tuple(loaded)
    return _models


def body_in_frame(rgb, face_box, roll=0.0, searched=None):
    """Whether the person whose face is face_box shows shoulders to hips, and the measures.

    rgb: the upright photo as an RGB array; face_box: (left, top, right, bottom)
    in its pixels; roll: the head's tilt in degrees; searched: see pose_of. Returns {"visible": bool,
    "shoulders": float, "hips": float}, the two numbers being the lower
    visibility of each pair (0 where a point is outside the photo, no body was
    found for this face, or none can fit below it).
    """
    if abs(roll) <= UPRIGHT and no_room_for_hips(face_box, rgb.shape[0]):
        return {"visible": False, "shoulders": 0.0, "hips": 0.0}
    landmarks = pose_of(rgb, face_box, searched)
    if landmarks is None:
        return {"visible": False, "shoulders": 0.0, "hips": 0.0}
    height, width = rgb.shape[:2]
    shoulders = pair_score(landmarks, SHOULDERS, width, height)
    hips = pair_score(landmarks, HIPS, width, height)
    return {"visible": shoulders >= VISIBLE and hips >= VISIBLE,
            "shoulders": round(shoulders, 3), "hips": round(hips, 3)}


def pair_score(landmarks, indices, width, height):
    """The lower visibility of two landmarks, counting one outside the photo as 0."""
    scores = []
    for index in indices:
        x, y, visibility = landmarks[index]
        # The bottom edge is where a photo cuts a body; a point on it is a guess.
        inside = 0 <= x <= width and 0 <= y <= height * (1 - MARGIN)
        scores.append(float(visibility) if inside else 0.0)
    return min(scores)


def pose_of(rgb, face_box, searched=None):
    """The 39 landmarks (x, y, visibility) in image pixels of the person with this face, or None.

    searched: a list kept for one photo, so that faces of about the same size in
    a square already searched reuse its detections (a group costs one detector
    run, not one per face).
    """
    scores, boxes, keypoints = people_near(rgb, face_box, [] if searched is None else searched)
    person = same_person(scores, boxes, face_box)
    if person is None or hips_below_frame(keypoints[person][0], face_box, rgb.shape[0]):
        return None
    landmarks = landmarks_in(rgb, body_roi(keypoints[person]))
    # In a crowd the landmark model can lock onto a neighbour inside the same crop.
    return landmarks if landmarks is not None and owns_face(landmarks, face_box) else None


def people_near(rgb, face_box, searched):
    """The detections (scores, face boxes, keypoints, in image pixels) of this face's search square.

    Reused from `searched` when an earlier square of the same photo, searched for
    a face of about this size, holds most of this one.
    """
    region = search_region(face_box, rgb.shape[1], rgb.shape[0])
    size = face_size(face_box)
    for earlier, earlier_size, found in searched:
        if 1 / SAME_SCALE <= size / earlier_size <= SAME_SCALE and covered(region, earlier) >= SAME_SQUARE:
            return found
    detector, _ = load_models()
    scores, boxes, keypoints = detect(detector, square_crop(rgb, region, DETECTOR_PX))
    # Back to image pixels: the crop is an axis-aligned square of side region[2].
    left, top, side = region
    found = (scores, boxes * side + np.array([left, top, left, top]), keypoints * side + np.array([left, top]))
    searched.append((region, size, found))
    return found


def covered(region, other):
    """Share of the square `region` (left, top, side) inside the square `other`."""
    (x, y, side), (ox, oy, oside) = region, other
    width = max(0.0, min(x + side, ox + oside) - max(x, ox))
    height = max(0.0, min(y + side, oy + oside) - max(y, oy))
    return width * height / (side * side)


def face_size(face_box):
    """The long side of a face box: the unit of every distance here."""
    left, top, right, bottom = face_box
    return max(right - left, bottom - top)


def centre_and_size(face_box):
    """A face box's centre (as an array) and its long side."""
    left, top, right, bottom = face_box
    return np.array([(left + right) / 2, (top + bottom) / 2]), face_size(face_box)


def no_room_for_hips(face_box, height):
    """True when an upright head is too close to the bottom for any hips to fit below it:
    a close-up, decided without running a model."""
    centre, size = centre_and_size(face_box)
    return centre[1] + MIN_HIPS_DROP * size > height * (1 - MARGIN)


def hips_below_frame(hips, face_box, height):
    """True when the detector puts the hips clearly below the photo: a close-up, so the
    landmark model (four fifths of the check's cost) need not run."""
    return hips[1] > height * (1 - MARGIN) + HIPS_SLACK * face_size(face_box)


def owns_face(landmarks, face_box):
    """True when the landmarks' nose and eyes sit on this face (within SAME_PERSON face sizes)."""
    centre, size = centre_and_size(face_box)
    head = landmarks[list(HEAD), :2].mean(axis=0)
    return float(np.linalg.norm(head - centre)) <= SAME_PERSON * size


def search_region(face_box, width, height):
    """(left, top, side) of the square, in image pixels, the detector reads for this face.

    The square where this face's body would be, cut to the photo, then widened
    back to a square around what is left (MediaPipe's letterbox): the detector
    sees what is in the photo at its natural scale, never a face lost in black.
    """
    (centre_x, centre_y), size = centre_and_size(face_box)
    half = SEARCH_SIDE * size / 2
    centre_y += SEARCH_DROP * size
    x0, x1 = max(0.0, centre_x - half), min(float(width), centre_x + half)
    y0, y1 = max(0.0, centre_y - half), min(float(height), centre_y + half)
    side = max(x1 - x0, y1 - y0, 1.0)
    return (x0 + x1) / 2 - side / 2, (y0 + y1) / 2 - side / 2, side


def square_crop(rgb, region, pixels):
    """The square region resampled to pixels x pixels; outside the photo is black (MediaPipe's BORDER_ZERO)."""
    left, top, side = region
    x = side / pixels
    return transform(rgb, pixels, (x, 0.0, left, 0.0, x, top))


def transform(rgb, pixels, matrix):
    """A pixels x pixels RGB image whose pixel (u, v) shows the photo at matrix . (u, v, 1).

    Only the part of the photo the square covers is handed to Pillow, so no
    full-size copy of the photo is made.
    """
    a, b, c, d, e, f = matrix
    corners = [(a * u + b * v + c, d * u + e * v + f) for u in (0, pixels) for v in (0, pixels)]
    height, width = rgb.shape[:2]
    x0 = max(0, int(math.floor(min(x for x, _ in corners))))
    y0 = max(0, int(math.floor(min(y for _, y in corners))))
    x1 = min(width, int(math.ceil(max(x for x, _ in corners))) + 1)
    y1 = min(height, int(math.ceil(max(y for _, y in corners))) + 1)
    if x1 <= x0 or y1 <= y0:
        return Image.new("RGB", (pixels, pixels))
    part = Image.fromarray(np.ascontiguousarray(rgb[y0:y1, x0:x1]))
    return part.transform((pixels, pixels), Image.Transform.AFFINE, (a, b, c - x0, d, e, f - y0),
                          Image.Resampling.BILINEAR, fillcolor=(0, 0, 0))


def detect(detector, crop):
    """Person detections in a 224 px crop: scores, face boxes and the four alignment keypoints.

    Boxes are (left, top, right, bottom) and keypoints 4 x (x, y), both as shares
    of the crop's side; only detections over MIN_DETECTION, after suppression.
    """
    tensor = np.asarray(crop, dtype=np.float32)[None] / 127.5 - 1.0
    detector.set_tensor(detector.get_input_details()[0]["index"], tensor)
    detector.invoke()
    outputs = {d["name"]: detector.get_tensor(d["index"]) for d in detector.get_output_details()}
    raw, logits = outputs["Identity"][0], outputs["Identity_1"][0, :, 0]
    scores = 1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50)))
    keep = scores >= MIN_DETECTION
    raw, scores, anchors = raw[keep], scores[keep], ANCHORS[keep]
    centres = raw[:, 0:2] / DETECTOR_PX + anchors
    sizes = raw[:, 2:4] / DETECTOR_PX
    boxes = np.concatenate([centres - sizes / 2, centres + sizes / 2], axis=1)
    keypoints = raw[:, 4:12].reshape(-1, 4, 2) / DETECTOR_PX + anchors[:, None, :]
    chosen = suppress(scores, boxes)
    return scores[chosen], boxes[chosen], keypoints[chosen]


def make_anchors():
    """The detector's 2254 SSD anchor centres (MediaPipe's SsdAnchorsCalculator options for it).

    Five layers with strides 8, 16, 32, 32, 32 and two anchors per cell; with a
    fixed anchor size only the centres matter.
    """
    centres = []
    for stride, layers in ((8, 1), (16, 1), (32, 3)):
        cells = math.ceil(DETECTOR_PX / stride)
        ys, xs = np.meshgrid((np.arange(cells) + 0.5) / cells, (np.arange(cells) + 0.5) / cells,
                             indexing="ij")
        grid = np.stack([xs.ravel(), ys.ravel()], axis=1)
        centres.append(np.repeat(grid, 2 * layers, axis=0))
    return np.concatenate(centres).astype(np.float32)


ANCHORS = make_anchors()


def suppress(scores, boxes, overlap=0.3):
    """Indices of the detections left after non-maximum suppression, best first."""
    order = list(np.argsort(-scores))
    kept = []
    while order:
        best = order.pop(0)
        kept.append(best)
        order = [i for i in order if iou(boxes[best], boxes[i]) < overlap]
    return kept


def iou(a, b):
    """Intersection over union of two (left, top, right, bottom) boxes."""
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def same_person(scores, boxes, face_box):
    """The detection whose face is ours (centre within SAME_PERSON face sizes), or None."""
    centre, size = centre_and_size(face_box)
    best, nearest = None, SAME_PERSON * size
    for index, box in enumerate(boxes):
        distance = float(np.linalg.norm((box[:2] + box[2:]) / 2 - centre))
        if distance <= nearest:
            best, nearest = index, distance
    return best


def body_roi(keypoints):
    """The rotated square (centre x, centre y, side, angle) the landmark model reads.

    MediaPipe's AlignmentPointsRectsCalculator and RectTransformationCalculator:
    centred on the hips' midpoint, twice the hips-to-"full body" keypoint distance,
    enlarged 1.25x, turned so the body stands upright.
    """
    (hip_x, hip_y), (top_x, top_y) = keypoints[0], keypoints[1]
    side = 2.0 * math.hypot(top_x - hip_x, top_y - hip_y) * 1.25
    angle = math.pi / 2 - math.atan2(-(top_y - hip_y), top_x - hip_x)
    angle = (angle + math.pi) % (2 * math.pi) - math.pi
    return hip_x, hip_y, side, angle


def landmarks_in(rgb, roi):
    """The landmark model on the rotated square roi: 39 x (x, y, visibility) in image pixels, or None."""
    _, model = load_models()
    centre_x, centre_y, side, angle = roi
    if side < 1:
        return None
    cos, sin = math.cos(angle) * side / LANDMARK_PX, math.sin(angle) * side / LANDMARK_PX
    half = LANDMARK_PX / 2
    # Output pixel (u, v) reads the image at centre + R(angle) . ((u, v) - half) * side / 256.
    matrix = (cos, -sin, centre_x - cos * half + sin * half,
              sin, cos, centre_y - sin * half - cos * half)
    crop = transform(rgb, LANDMARK_PX, matrix)
    tensor = np.asarray(crop, dtype=np.float32)[None] / 255.0
    model.set_tensor(model.get_input_details()[0]["index"], tensor)
    model.invoke()
    outputs = {d["name"]: model.get_tensor(d["index"]) for d in model.get_output_details()}
    if float(outputs["Identity_1"].ravel()[0]) < MIN_POSE:
        return None
    raw = outputs["Identity"].reshape(39, 5)
    u, v = raw[:, 0], raw[:, 1]
    x = matrix[0] * u + matrix[1] * v + matrix[2]
    y = matrix[3] * u + matrix[4] * v + matrix[5]
    visibility = 1.0 / (1.0 + np.exp(-np.clip(raw[:, 3], -50, 50)))
    return np.stack([x, y, visibility], axis=1)
