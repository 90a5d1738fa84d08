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
    "too_small": N_("small: eyes %(eye_px)s px apart, too few for a face swap"),
    "small": N_("small: eyes %(eye_px)s px apart; a face-swap app needs about %(need_px)s"),
    "very_blurred": N_("very blurred"),
    "blurred": N_("blurred"),
    "profile_view": N_("turned to the side"),
    "turned": N_("turned away from the camera (about %(yaw)s°)"),
    "tilted_far": N_("head tilted far up or down"),
    "tilted": N_("head tilted up or down"),
    "mostly_cut": N_("most of the face is outside the photo"),
    "partly_cut": N_("part of the face is outside the photo"),
    "eyes_hidden": N_("eyes closed or hidden"),
    "too_dark": N_("too dark"),
    "washed_out": N_("washed out by light"),
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
