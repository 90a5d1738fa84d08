"""The analysis's reasons (codes with numbers, backend/analysis/grade.py) in words.

English wording is here, once; every other language translates it in its catalog.
"""
from backend.report.language import N_, Translator

WORDING = {
    "clear_frontal": N_("large, sharp, facing the camera: enough for a one-photo face swap"),
    "clear_turned": N_("large and sharp, turned about %(yaw)s°: still enough for a one-photo face swap"),
    "hard_to_misuse": N_("hard to misuse"),
    "usable_with_flaws": N_("usable for a face swap, with visible flaws"),
    "pixelated": N_("pixelated (blocks of about %(block_px)s px)"),
    "too_small": N_("too small: the face is %(face_px)s px wide, too few for a face swap"),
    "small": N_("small: the face is %(face_px)s px wide, so a swap would be soft"),
    "very_blurred": N_("very blurred"),
    "blurred": N_("blurred"),
    "profile_view": N_("side view: a weaker source, but a face-swap app still finds it"),
    "turned": N_("turned away from the camera (about %(yaw)s°)"),
    "looking_up_down": N_("looking far up or down"),
    "mostly_cut": N_("most of the face is outside the photo"),
    "partly_cut": N_("part of the face is outside the photo"),
    "covered": N_("partly covered (a mask, sunglasses or a hand)"),
    "eyes_hidden": N_("eyes closed or hidden"),
    "too_dark": N_("too dark"),
    "washed_out": N_("washed out by light"),
    "unsure": N_("the detector is not sure this is a face"),
    "unmatched": N_("not matched with other photos of the same person (side view or covered)"),
    # The body check (analysis/body.py): a usable face with its body in frame.
    "body_visible": N_('your face and body are both clear: "undress" apps use photos like this'),
    # What the photo file carries beside its pixels (analysis/metadata.py).
    "file_location": N_("this photo carries an exact location (where it was taken)"),
    "file_capture_time": N_("this photo carries the date and time it was taken"),
    "file_owner": N_("this photo carries a name (the camera's owner or the author)"),
    "file_how_to_remove": N_("remove them before you post: send a copy without location and details "
                             "(iPhone: Options, then Location off; Android: Remove location data), "
                             "or turn off location in the camera's settings"),
}


class _Numbers(dict):
    """The reason's numbers; one the wording asks for but the reason lacks shows as "?"."""

    def __missing__(self, key):
        return "?"


def render_reason(reason, t):
    """One reason in t's language, or None for a code nobody has worded yet.

    A plain string (an audit stored before reasons were codes) is shown as it is."""
    if isinstance(reason, str):
        return reason
    if not isinstance(reason, dict) or reason.get("code") not in WORDING:
        return None
    numbers = _Numbers({k: v for k, v in reason.items() if k != "code" and isinstance(v, (int, float))})
    return t.translations.gettext(WORDING[reason["code"]]) % numbers


def render_reasons(reasons, lang_or_t):
    """A face's reasons as words in one language, unknown codes left out."""
    t = lang_or_t if isinstance(lang_or_t, Translator) else Translator(lang_or_t)
    words = (render_reason(r, t) for r in reasons or [])
    return [w for w in words if w]
