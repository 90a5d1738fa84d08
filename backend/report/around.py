"""Accounts around me in the reader's words: each photo of them found in someone else's account,
its grade, the request to copy (to a friend, or to the teacher in charge of a school's or club's
account) and the platform's own form to report it; or why no face was compared."""
import functools
import json
from pathlib import Path

from backend.report.language import Translator
from backend.report.reasons import render_reasons
from backend.report.view import RISK_WORDS, thumbnail_src
from backend.tips import platform_name
from backend.tips.chooser import normalise_platform, platform_of

FORMS = Path(__file__).resolve().parent.parent / "tips" / "report_forms.json"
RELATIONS = ("friend", "school")


@functools.lru_cache(maxsize=1)
def report_forms():
    """{platform: the platform's form to report a photo posted without consent, "default": any other}."""
    return {k: v for k, v in json.loads(FORMS.read_text(encoding="utf-8")).items() if not k.startswith("_")}


def around_view(found, lang, profiles, thumbnails=None):
    """The document's "around": {"compared", "why_not", "why", "how", "caution", "photos"}.
    profiles: the audit's, each with its "platform" and "relation" ("friend" or "school")."""
    t = Translator(lang)
    relations = {p["url"]: p.get("relation") or "friend" for p in profiles}
    platforms = {p["url"]: p.get("platform") for p in profiles}
    view = {"compared": found["compared"], "why_not": found.get("why_not"), "why": None, "how": None, "found": None,
            "caution": t("A match can be wrong: a face is matched with yours by how alike the two look. "
                         "Look at each photo before you ask anyone to take it down."),
            "basis": t("Your face is the person you chose in “Which one is you?” in your last check, or our "
                       "guess until you choose. If you change that choice, check again.")}
    if not found["compared"]:
        view["why"], view["how"] = why_not(found.get("why_not"), t)
    else:
        view["found"] = t.n("%(num)s photo of you was found in the accounts you added.",
                            "%(num)s photos of you were found in the accounts you added.", len(found.get("photos", [])))
    thumbnails = thumbnails or {}
    view["photos"] = [photo_view(photo, t, lang, relations.get(photo["profile_url"], "friend"), platforms)
                      | {"thumbnail": thumbnail_src(thumbnails.get(photo["id"]))}
                      for photo in found.get("photos", [])]
    return view


def why_not(code, t):
    """Why no face in the accounts around the reader was compared, and how to give the proof."""
    if code == "no_reader":
        return (t("Your own photos in this check show no face clear enough to look for."),
                t("Add a profile or a data export with a clear photo of you, then check again."))
    return (t("Nothing in this check shows which face is yours, so no face in the accounts around you was "
              "compared. Only your own face is ever looked for."),
            t("Put your code in the bio of one of your own profiles, or check your own profile logged in "
              "with the extension, or add your data export; then check again."))


def photo_view(photo, t, lang, relation, platforms):
    platform = normalise_platform(platform_of(photo, platforms))
    link = photo.get("page_url") or photo.get("image_url") or photo["profile_url"]
    forms = report_forms()
    return photo | {
        "risk_word": t(RISK_WORDS[photo["risk"]]) if photo["risk"] in RISK_WORDS else photo["risk"],
        "faces": [face | {"reasons": render_reasons(face.get("reasons"), lang),
                          "reason_codes": face.get("reasons") or []} for face in photo["faces"]],
        "request": {"relation": relation, "text": request_text(relation, link, t)},
        "report_form": {"url": forms.get(platform, forms["default"]),
                        "label": t("Report this photo to %(platform)s",
                                   platform=platform_name(platform, lang) if platform in forms else t("the site"))},
    }


def request_text(relation, link, t):
    """The message to copy: friendly to a friend; to a school's or club's account, polite, to the
    teacher in charge, citing the student's right to ask."""
    if relation == "school":
        return t("To the teacher in charge of this account,\n\nHello. I am a student at the school. A photo on the "
                 "school's account shows my face clearly (the photo's address: %(link)s).\n\nPhotos of students' "
                 "faces are being misused to make fake photos and videos, and I am worried. Korea's Personal "
                 "Information Protection Act gives me the right to ask for my personal information, photos of me "
                 "included, to be deleted, and to withdraw my consent. Even if a photo consent form was signed "
                 "for the school, I would like to withdraw that consent for this photo.\n\nCould you take this "
                 "photo down, or replace it with one in which my face cannot be recognised? Thank you for your "
                 "help.", link=link)
    return t("Hi! One of the photos you posted shows my face clearly: %(link)s\n\nPhotos like this can be misused "
             "to make fake images, so I'm keeping mine out of public view. Could you archive this one, or make it "
             "visible to close friends only? Thanks a lot!", link=link)
