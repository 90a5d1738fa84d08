"""POST /api/v1/profile-input: what the reader typed in "add a profile", read by the one rule set
(crawler/profile_input.py), so the phone page and the extension never keep a copy of it.

The answer carries its own words in the reader's language (?lang=, else Accept-Language): the
question for a handle, the notice for a website, and the refusal, so both pages say the same.
"""
from urllib.parse import urlsplit

from flask import Blueprint, jsonify, request

from crawler.profile_input import InputError, read_input

from ..errors import ApiError
from ..report.language import N_, Translator, pick_language
from ..tips import platform_name
from .body import json_body

bp = Blueprint("profile_input", __name__, url_prefix="/api/v1")

REFUSALS = {
    "post_link": N_("This is a link to one post. Open the profile page and copy its link instead."),
    "not_a_profile": N_("This page of %(platform)s is not a profile. Open your profile and copy its link."),
    "bad_handle": N_("That cannot be an account name. Copy the link of your profile instead."),
}
NOT_A_PROFILE = N_("That is not a profile link or an account name. Copy the address of your profile page "
                   "and paste it here.")


@bp.post("/profile-input")
def profile_input():
    t = Translator(pick_language(request.headers.get("Accept-Language"), request.args.get("lang")))
    text = json_body().get("text")
    try:
        if not isinstance(text, str):
            raise InputError("empty", "Send what was typed in \"text\".")
        found = read_input(text)
    except InputError as error:
        words = REFUSALS.get(error.code, NOT_A_PROFILE)
        message = t(words, platform=platform_name(error.platform, t.lang)) if "%(" in words else t(words)
        raise ApiError(422, error.code, message, "text") from None
    return jsonify(found | words_for(found, t))


def words_for(found, t):
    """The sentences and button labels the page shows for what was typed."""
    if found["kind"] == "handle":
        words = {"say": t("Which app is @%(handle)s on? Choose one, so the right profile is checked.",
                          handle=found["handle"]),
                 "choices": [c | {"name": platform_name(c["platform"], t.lang)} for c in found["choices"]]}
        if found["website"]:
            words["website_name"] = t("A website: %(host)s", host=urlsplit(found["website"]).hostname)
        return words | {"cancel": t("Cancel")}
    if found["kind"] == "website":
        return {"say": t("%(host)s is not a profile on an app we know. It will be checked as a website: "
                         "only the photos on that page.", host=urlsplit(found["url"]).hostname),
                "confirm": t("Check it as a website"), "cancel": t("Cancel")}
    return {"name": platform_name(found["platform"], t.lang)}
