"""The grade of a face: high, medium or low, with the reasons as codes and numbers.

A reason is {"code": one of REASON_CODES, plus the numbers its wording needs}; the
report renders it in the reader's language (backend/report/reasons.py). A new code
needs wording in every language there, or tests/report fails.

A face is `high` when nothing limits it, `low` when any component is past its
low limit, `medium` otherwise. The numbers and the evidence behind them are in
THRESHOLDS.md; keep both in step.
"""
MIN_FACE_PX = 80          # smallest face box looked for (eyes ~32 px apart); see THRESHOLDS.md

MIN_DETECTOR_SCORE = 0.25  # weaker HOG hits are mostly textures (a mission patch scores 0.12-0.22)

IED_HIGH = 40.0           # eyes this far apart fill inswapper's 128 px crop without upscaling
IED_LOW = 20.0            # below: the 112 px ArcFace crop needs >2x upscaling
SHARP_HIGH = 0.38         # sharpness at the 128 px crop scale (faces.sharpness)
SHARP_LOW = 0.12
YAW_HIGH, YAW_LOW = 40.0, 65.0        # degrees turned left/right
PITCH_HIGH, PITCH_LOW = 30.0, 50.0    # degrees tilted up/down
IN_FRAME_HIGH, IN_FRAME_LOW = 0.85, 0.50
EYES_OPEN = 0.15          # eye aspect ratio; open eyes measure 0.2-0.35
EYES_MIN_IED = 30.0       # landmarks on smaller eyes are too coarse to judge
DARK = 50.0               # 95th percentile luminance of the inner face (0-255)
CLIPPED = 0.25            # share of the inner face blown out to white

RISKS = ("high", "medium", "low")
FRONTAL_YAW = 15.0        # below: "facing the camera"; above: the reason says how far it turns
# Every code grade_face can give, with the numbers each carries.
REASON_CODES = {
    "clear_frontal": (), "clear_turned": ("yaw",), "hard_to_misuse": (), "usable_with_flaws": (),
    "pixelated": ("block_px",), "too_small": ("eye_px",), "small": ("eye_px", "need_px"),
    "very_blurred": (), "blurred": (), "profile_view": (), "turned": ("yaw",),
    "tilted_far": (), "tilted": (), "mostly_cut": (), "partly_cut": (), "eyes_hidden": (),
    "too_dark": (), "washed_out": (),
}


def reason(code, **numbers):
    """One reason: its code and its numbers, rounded to whole units."""
    return {"code": code, **{name: int(round(value)) for name, value in numbers.items()}}
ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3}


def effective_ied(quality):
    """Inter-eye distance in pixels that carry detail: a mosaic of b px blocks divides it by b."""
    return quality["inter_eye_px"] / max(1.0, quality.get("pixel_block", 1.0))


def limits(quality):
    """The (level, reason) pairs that keep a face from `high`; level is 'low' or 'medium'."""
    found = []
    ied = effective_ied(quality)
    if quality.get("pixel_block", 1.0) > 1.0:
        found.append(("low" if ied < IED_LOW else "medium",
                      reason("pixelated", block_px=quality["pixel_block"])))
    elif ied < IED_LOW:
        found.append(("low", reason("too_small", eye_px=ied)))
    elif ied < IED_HIGH:
        found.append(("medium", reason("small", eye_px=ied, need_px=IED_HIGH)))
    if quality["sharpness"] < SHARP_LOW:
        found.append(("low", reason("very_blurred")))
    elif quality["sharpness"] < SHARP_HIGH:
        found.append(("medium", reason("blurred")))
    yaw, pitch = abs(quality["yaw"]), abs(quality["pitch"])
    if yaw > YAW_LOW:
        found.append(("low", reason("profile_view")))
    elif yaw > YAW_HIGH:
        found.append(("medium", reason("turned", yaw=yaw)))
    if pitch > PITCH_LOW:
        found.append(("low", reason("tilted_far")))
    elif pitch > PITCH_HIGH:
        found.append(("medium", reason("tilted")))
    if quality["in_frame"] < IN_FRAME_LOW:
        found.append(("low", reason("mostly_cut")))
    elif quality["in_frame"] < IN_FRAME_HIGH:
        found.append(("medium", reason("partly_cut")))
    if ied >= EYES_MIN_IED and quality["eyes_open"] < EYES_OPEN:
        found.append(("medium", reason("eyes_hidden")))
    if quality["highlights"] < DARK:
        found.append(("medium", reason("too_dark")))
    elif quality["clipped"] > CLIPPED:
        found.append(("medium", reason("washed_out")))
    return found


def grade_face(quality):
    """The risk of one face and its reasons (codes with numbers), from its quality components."""
    found = limits(quality)
    if not found:
        yaw = abs(quality["yaw"])
        return "high", [reason("clear_frontal") if yaw < FRONTAL_YAW else reason("clear_turned", yaw=yaw)]
    risk = "low" if any(level == "low" for level, _ in found) else "medium"
    lead = reason("hard_to_misuse" if risk == "low" else "usable_with_flaws")
    return risk, [lead] + [why for _, why in found]


def worst(risks):
    """The photo's grade: the most exposed of its faces' grades, or 'none' without faces."""
    return max(risks, key=ORDER.__getitem__, default="none")
