"""The grade of a face: high, medium or low, with the reasons in plain words.

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
                      f"pixelated (blocks of about {quality['pixel_block']:.0f} px)"))
    elif ied < IED_LOW:
        found.append(("low", f"small: eyes {ied:.0f} px apart, too few for a face swap"))
    elif ied < IED_HIGH:
        found.append(("medium", f"small: eyes {ied:.0f} px apart; a swap tool needs about 40"))
    if quality["sharpness"] < SHARP_LOW:
        found.append(("low", "very blurred"))
    elif quality["sharpness"] < SHARP_HIGH:
        found.append(("medium", "blurred"))
    yaw, pitch = abs(quality["yaw"]), abs(quality["pitch"])
    if yaw > YAW_LOW:
        found.append(("low", "turned to the side"))
    elif yaw > YAW_HIGH:
        found.append(("medium", f"turned away from the camera (about {yaw:.0f}°)"))
    if pitch > PITCH_LOW:
        found.append(("low", "head tilted far up or down"))
    elif pitch > PITCH_HIGH:
        found.append(("medium", "head tilted up or down"))
    if quality["in_frame"] < IN_FRAME_LOW:
        found.append(("low", "most of the face is outside the photo"))
    elif quality["in_frame"] < IN_FRAME_HIGH:
        found.append(("medium", "part of the face is outside the photo"))
    if ied >= EYES_MIN_IED and quality["eyes_open"] < EYES_OPEN:
        found.append(("medium", "eyes closed or hidden"))
    if quality["highlights"] < DARK:
        found.append(("medium", "too dark"))
    elif quality["clipped"] > CLIPPED:
        found.append(("medium", "washed out by light"))
    return found


def grade_face(quality):
    """The risk of one face and its reasons in plain words, from its quality components."""
    found = limits(quality)
    if not found:
        return "high", ["large, sharp, facing the camera: enough for a one-photo face swap"]
    risk = "low" if any(level == "low" for level, _ in found) else "medium"
    lead = ("hard to misuse" if risk == "low"
            else "usable for a face swap, with visible flaws")
    return risk, [lead] + [reason for _, reason in found]


def worst(risks):
    """The photo's grade: the most exposed of its faces' grades, or 'none' without faces."""
    return max(risks, key=ORDER.__getitem__, default="none")


# "Undress" apps need a clear face and the body in the same photo (THRESHOLDS.md, "The body").
USABLE = ("high", "medium")
BODY_REASON = 'your face and body are both clear: "undress" apps use photos like this'


def with_body(risk, body_visible):
    """The photo's grade once its body check is in: at least `medium` when a usable face's
    body shows; a body never raises a photo without a usable face (it is never checked)."""
    return max(risk, "medium", key=ORDER.__getitem__) if body_visible else risk
