"""The grade of a face: high, medium or low, with the reasons as codes and numbers.

A face is `high` when nothing limits it, `low` when any component is past its
low limit, `medium` otherwise. The limits follow what a face-swap tool can use:
it finds turned, tilted, covered, cut and small faces, rotates them upright and
upscales them, so those lower a grade only as far as they spoil the swap. The
numbers and the evidence behind them are in THRESHOLDS.md; keep both in step.
Each reason is {"code", "params"}; its words, in every language, are in
backend/report/reasons.json (the one source), and `explain` renders English.
"""
import functools
import json
from pathlib import Path

MIN_REPORTED_PX = 32      # smaller faces are left out: nothing there to swap, and crowds have dozens
MIN_FACE_PX = 40          # face box width below which a swap has too little to work with (low)
SMALL_FACE_PX = 80        # below: the tool upscales the face and the swap is soft (medium)
MIN_DETECTOR_SCORE_HIGH = 0.6  # weaker detections are graded at most medium (non-faces score 0.4-0.55)

SHARP_HIGH = 0.30         # sharpness at the 128 px crop scale (faces.sharpness)
SHARP_LOW = 0.12
YAW_TURNED = 45.0         # degrees: three-quarter views up to here swap as well as frontal ones
YAW_PROFILE = 55.0        # past here the five points say side view: a weak source, never "no face"
PITCH_HIDDEN = 45.0       # looking this far up or down hides much of the face
IN_FRAME_HIGH, IN_FRAME_LOW = 0.85, 0.50
EYES_OPEN = 0.15          # eye aspect ratio; open eyes measure 0.2-0.35
EYES_MIN_FACE_PX = 80     # landmarks on smaller eyes are too coarse to judge
DARK = 50.0               # 95th percentile luminance of the inner face (0-255)
CLIPPED = 0.25            # share of the inner face blown out to white
FRONTAL_YAW = 15.0        # a high face turned less than this is "facing the camera"

RISKS = ("high", "medium", "low")
ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3}
WORDING = Path(__file__).resolve().parent.parent / "report" / "reasons.json"


def reason(code, **params):
    """One reason: a code and its numbers (whole numbers, so every language shows the same)."""
    return {"code": code, "params": {name: int(round(value)) for name, value in params.items()}}


def effective_px(quality):
    """Face width in pixels that carry detail: a mosaic of b px blocks divides it by b."""
    return quality["face_px"] / max(1.0, quality.get("pixel_block", 1.0))


def limits(quality):
    """The (level, reason) pairs that keep a face from `high`; level is 'low' or 'medium'."""
    found = []
    size = effective_px(quality)
    if quality.get("pixel_block", 1.0) > 1.0:
        found.append(("low" if size < MIN_FACE_PX else "medium",
                      reason("pixelated", block=quality["pixel_block"])))
    elif size < MIN_FACE_PX:
        found.append(("low", reason("tiny", face_px=size)))
    elif size < SMALL_FACE_PX:
        found.append(("medium", reason("small", face_px=size)))
    if quality["sharpness"] < SHARP_LOW:
        found.append(("low", reason("very_blurred")))
    elif quality["sharpness"] < SHARP_HIGH:
        found.append(("medium", reason("blurred")))
    yaw = abs(quality["yaw"])
    if yaw > YAW_PROFILE:
        found.append(("medium", reason("profile")))
    elif yaw > YAW_TURNED:
        found.append(("medium", reason("turned", yaw=yaw)))
    if abs(quality["pitch"]) > PITCH_HIDDEN:
        found.append(("medium", reason("looking_up_down")))
    if quality["in_frame"] < IN_FRAME_LOW:
        found.append(("low", reason("cut_most")))
    elif quality["in_frame"] < IN_FRAME_HIGH:
        found.append(("medium", reason("cut_part")))
    if quality.get("covered"):
        found.append(("medium", reason("covered")))
    eyes = quality.get("eyes_open")
    if eyes is not None and size >= EYES_MIN_FACE_PX and eyes < EYES_OPEN:
        found.append(("medium", reason("eyes_closed")))
    if quality["highlights"] < DARK:
        found.append(("medium", reason("dark")))
    elif quality["clipped"] > CLIPPED:
        found.append(("medium", reason("washed_out")))
    if not found and quality.get("detector_score", 1.0) < MIN_DETECTOR_SCORE_HIGH:
        found.append(("medium", reason("unsure")))
    return found


def grade_face(quality):
    """The risk of one face and its reasons (codes with numbers), from its quality components."""
    found = limits(quality)
    if not found:
        yaw = abs(quality["yaw"])
        return "high", [reason("high_frontal") if yaw < FRONTAL_YAW else reason("high_turned", yaw=yaw)]
    risk = "low" if any(level == "low" for level, _ in found) else "medium"
    return risk, [reason("low_lead" if risk == "low" else "medium_lead")] + [item for _, item in found]


def worst(risks):
    """The photo's grade: the most exposed of its faces' grades, or 'none' without faces."""
    return max(risks, key=ORDER.__getitem__, default="none")


@functools.lru_cache(maxsize=1)
def wording():
    """{code: {"en": template, "ko": template}} from the one wording file."""
    return {row["code"]: row for row in json.loads(WORDING.read_text(encoding="utf-8"))}


def explain(item, lang="en"):
    """A reason in words: its language's template filled with its numbers."""
    return wording()[item["code"]][lang].format(**item["params"])
