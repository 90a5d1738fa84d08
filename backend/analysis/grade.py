"""The grade of a face: high, medium or low, with the reasons as codes and numbers.

A reason is {"code": one of REASON_CODES, plus the numbers its wording needs}; the
report renders it in the reader's language (backend/report/reasons.py). A new code
needs wording in every language there, or tests/report fails.

A face is `high` when nothing limits it, `low` when any component is past its
low limit, `medium` otherwise. The limits follow what a face-swap tool can use:
it finds turned, tilted, covered, cut and small faces, rotates them upright and
upscales them, so those lower a grade only as far as they spoil the swap. The
numbers and the evidence behind them are in THRESHOLDS.md; keep both in step.
"""
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
# Every code the analysis can give, with the numbers each carries.
REASON_CODES = {
    "clear_frontal": (), "clear_turned": ("yaw",), "hard_to_misuse": (), "usable_with_flaws": (),
    "pixelated": ("block_px",), "too_small": ("face_px",), "small": ("face_px",),
    "very_blurred": (), "blurred": (), "profile_view": (), "turned": ("yaw",), "looking_up_down": (),
    "mostly_cut": (), "partly_cut": (), "covered": (), "eyes_hidden": (),
    "too_dark": (), "washed_out": (), "unsure": (), "unmatched": (),
    "body_visible": (),   # given by the body check (worker.check_bodies), not by grade_face
}


def reason(code, **numbers):
    """One reason: its code and its numbers, rounded to whole units so every language shows the same."""
    return {"code": code, **{name: int(round(value)) for name, value in numbers.items()}}


def effective_px(quality):
    """Face width in pixels that carry detail: a mosaic of b px blocks divides it by b."""
    return quality["face_px"] / max(1.0, quality.get("pixel_block", 1.0))


def limits(quality):
    """The (level, reason) pairs that keep a face from `high`; level is 'low' or 'medium'."""
    return [*_size_limits(quality), *_pose_limits(quality), *_view_limits(quality)]


def _size_limits(quality):
    size, found = effective_px(quality), []
    if quality.get("pixel_block", 1.0) > 1.0:
        found.append(("low" if size < MIN_FACE_PX else "medium",
                      reason("pixelated", block_px=quality["pixel_block"])))
    elif size < MIN_FACE_PX:
        found.append(("low", reason("too_small", face_px=size)))
    elif size < SMALL_FACE_PX:
        found.append(("medium", reason("small", face_px=size)))
    if quality["sharpness"] < SHARP_LOW:
        found.append(("low", reason("very_blurred")))
    elif quality["sharpness"] < SHARP_HIGH:
        found.append(("medium", reason("blurred")))
    return found


def _pose_limits(quality):
    # Roll is never here: the tools rotate every face upright before they swap it.
    yaw, found = abs(quality["yaw"]), []
    if yaw > YAW_PROFILE:
        found.append(("medium", reason("profile_view")))
    elif yaw > YAW_TURNED:
        found.append(("medium", reason("turned", yaw=yaw)))
    if abs(quality["pitch"]) > PITCH_HIDDEN:
        found.append(("medium", reason("looking_up_down")))
    return found


def _view_limits(quality):
    found = []
    if quality["in_frame"] < IN_FRAME_LOW:
        found.append(("low", reason("mostly_cut")))
    elif quality["in_frame"] < IN_FRAME_HIGH:
        found.append(("medium", reason("partly_cut")))
    if quality.get("covered"):
        found.append(("medium", reason("covered")))
    eyes = quality.get("eyes_open")
    if eyes is not None and effective_px(quality) >= EYES_MIN_FACE_PX and eyes < EYES_OPEN:
        found.append(("medium", reason("eyes_hidden")))
    if quality["highlights"] < DARK:
        found.append(("medium", reason("too_dark")))
    elif quality["clipped"] > CLIPPED:
        found.append(("medium", reason("washed_out")))
    return found


def grade_face(quality):
    """The risk of one face and its reasons (codes with numbers), from its quality components."""
    found = limits(quality)
    if not found and quality.get("detector_score", 1.0) < MIN_DETECTOR_SCORE_HIGH:
        found = [("medium", reason("unsure"))]
    if not found:
        yaw = abs(quality["yaw"])
        return "high", [reason("clear_frontal") if yaw < FRONTAL_YAW else reason("clear_turned", yaw=yaw)]
    risk = "low" if any(level == "low" for level, _ in found) else "medium"
    lead = reason("hard_to_misuse" if risk == "low" else "usable_with_flaws")
    return risk, [lead] + [why for _, why in found]


def worst(risks):
    """The photo's grade: the most exposed of its faces' grades, or 'none' without faces."""
    return max(risks, key=ORDER.__getitem__, default="none")


# "Undress" apps need a clear face and the body in the same photo (THRESHOLDS.md, "The body").
USABLE = ("high", "medium")


def with_body(risk, body_visible):
    """The photo's grade once its body check is in: at least `medium` when a usable face's
    body shows; a body never raises a photo without a usable face (it is never checked)."""
    return max(risk, "medium", key=ORDER.__getitem__) if body_visible else risk
