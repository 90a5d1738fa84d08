"""The words of the student's pages on the server (the phone page and the pairing link's page).

English here is the source, extracted by `make messages`; Korean is its translation in the
gettext catalogs (backend/report/translations/ko), beside the report's words, so a term said on
the phone page and in the report is one msgid with one translation. `{name}` is a placeholder the
page's script fills (page.js t()), not a gettext one.
"""
import functools

from ..report.language import N_, Translator

WORDS = {
    "language_name": N_("English"),
    "title": N_("Exposure Check"),
    "intro": N_("See which of your public photos a stranger could turn into a deepfake, and what to change. "
                "Nothing to install."),
    "join_title": N_("Start with your code"),
    "code_label": N_("Your class code or pairing code"),
    "code_help": N_("Your teacher or parent gives it to you, like K7QD-M2XA."),
    "join": N_("Start"),
    "remember_label": N_("Remember me on this device"),
    "remember_help": N_("Only on your own phone or computer. Leave it off on a shared or school computer: then "
                        "everything is forgotten when you close this tab."),
    "joined_class": N_("You are in the class “{name}”."),
    "teacher_sees": N_("Your teacher sees only class totals: never your photos, your links or your name."),
    "paired": N_("This browser is ready."),
    "links_title": N_("Your profile links"),
    "links_help": N_("Add the public profiles that are yours: paste the link, like "
                     "https://www.instagram.com/yourname/, or type your account name, like @yourname."),
    "website_tag": N_("website"),
    "link_label": N_("Profile link"),
    "add": N_("Add"),
    "remove": N_("Remove"),
    "no_links": N_("No links yet. Add one above."),
    "consent_title": N_("Whose accounts are these?"),
    "consent_self": N_("My own"),
    "consent_guardian": N_("I'm a parent or guardian doing this with my child"),
    "start": N_("Check my photos"),
    "progress_title": N_("Your check"),
    "stage_queued": N_("Waiting to start…"),
    "stage_crawling": N_("Opening your profiles…"),
    "stage_analyzing": N_("Checking the faces in your photos…"),
    "stage_done": N_("Done"),
    "stage_failed": N_("Failed"),
    "stage_working": N_("Working…"),
    "check_failed": N_("The check could not be finished."),
    "queue": N_("Waiting in line: {n} checks ahead of you"),
    "progress_detail": N_("Profiles read: {done} of {total} · photos checked: {analyzed} of {found}"),
    "count_photos": N_("Public photos found"),
    "open_report": N_("Open my report"),
    "forget": N_("Forget this browser"),
    "forget_help": N_("Removes the code's pairing, your links and your check from this browser."),
    "ended_title": N_("Your class has ended"),
    "ended": N_("Your teacher closed the class, and everything in it was deleted: your checks and reports too."),
    "err_invalid_code": N_("That code is wrong, used or expired. Ask your teacher or parent for a new code."),
    "err_class_full": N_("This class is full. Ask your teacher for help."),
    "err_rate_limited": N_("Too many tries for now. Wait a while, then try again, or ask your teacher or "
                           "parent."),
    "err_unauthorized": N_("This browser is no longer paired. Ask your teacher or parent for a new code."),
    "err_no_code": N_("Type the code your teacher or parent gave you."),
    "err_bad_link": N_("That is not a link to a profile. Copy the address of your profile page and paste it "
                       "here."),
    "err_no_links": N_("Add at least one profile link first."),
    "err_consent": N_("Choose whose accounts these are first."),
    "err_too_many": N_("That is the most links one check can take."),
    "err_offline": N_("The server did not answer. Check that you are on the class Wi-Fi, or ask your teacher."),
    "err_other": N_("Something went wrong ({detail}). Ask your teacher or parent."),
    "pair_title": N_("Pair with Exposure Check"),
    "pair_server": N_("Server"),
    "pair_code": N_("Code"),
    "pair_extension_title": N_("On a computer with the Exposure Check extension"),
    "pair_phone_title": N_("On a phone, or without the extension"),
    "pair_phone": N_("Check from this page"),
    "pair_no_code": N_("This link has no code. Ask your teacher or parent for the link again."),
    "pair_manual": N_("Or open the extension's settings and type the server address and the code."),
    "first_step": N_("Do this first:"),
    "first_step_hides": N_("hides {n} of your photos"),
    "pair_extension_step1": N_("Click {name}'s icon at the top right of the browser. Not there? Click the "
                               "puzzle piece first."),
    "pair_extension_step2": N_("Check that the address it shows is the one above, then press “{button}”."),
    "export_title": N_("Or your data export: what your followers see"),
    "export_intro": N_("Ask Instagram, Facebook or X for your data (“Download your information”, JSON or HTML), "
                       "then choose the ZIP file it sends you. Every photo in it is checked as a stranger's "
                       "face-swap app would see it, and the ones only your followers see are marked. It uses "
                       "your answer above to “Whose accounts are these?”."),
    "export_privacy": N_("Only your photos and their dates are read: never your messages, comments, contacts or "
                         "searches. The ZIP file is deleted as soon as the check ends."),
    "export_choose": N_("Choose the ZIP file"),
    "export_uploading": N_("Sending your ZIP file: {percent}%"),
    "export_reading": N_("Photos read: {analyzed} of {found}"),
    "export_unread": N_("Pictures in your export that could not be read: {n}. Part of its layout is new to "
                        "Exposure Check; the other photos were checked."),
    "count_photos_all": N_("Photos found"),
    # A count under its label: English shows the number alone, Korean adds its counter for photos.
    "n_photos_counted": N_("{n}"),
    "count_followers": N_("Only your followers see"),
    "err_not_an_export": N_("This file is not a data export from Instagram, Facebook or X. Choose the ZIP file "
                            "the platform sent you, without unzipping it."),
    "err_export_no_photos": N_("TikTok's export holds links to your videos, not the photos themselves. Add your "
                               "TikTok profile link above instead."),
    "err_export_new_layout": N_("This export's layout is new to Exposure Check, so the pictures in it could not "
                                "be read and nothing was checked. Check your profile links instead, or ask your "
                                "teacher or parent."),
    "err_export_too_large": N_("This export is too large to send. Ask the platform for a smaller one (photos "
                               "only, or a shorter date range)."),
    "err_export_unsafe": N_("This ZIP file was refused as unsafe, and nothing in it was read. If it is the file "
                            "the platform sent you, ask your teacher or parent."),
    "err_too_many_uploads": N_("Your other export is still being sent. Wait until its check has started, then "
                               "try again."),
    "err_storage_full": N_("The server has no room for your export now. Try again later, or ask your teacher or "
                           "parent."),
    "err_not_with_fleet": N_("This server cannot check data exports. Check your profile links above instead, or "
                             "ask your teacher or parent."),
    "around_title": N_("Accounts around me"),
    "around_help": N_("The school's, a club's or friends' public accounts (up to 10). Only your own face is "
                      "looked for in them, and only when this check shows which face is yours."),
    "around_label": N_("Link to an account around you"),
    "around_kind": N_("What kind of account is it?"),
    "around_friend": N_("A friend's"),
    "around_school": N_("A school's or club's"),
    "around_none": N_("No accounts around you added yet."),
    "around_result_title": N_("Photos of you in accounts around you"),
    "around_your_code": N_("Your code: {code}"),
    "around_request_school": N_("A request to the teacher in charge of the account:"),
    "around_request_friend": N_("A request to your friend:"),
    "around_copy": N_("Copy the request"),
    "around_copied": N_("Copied."),
    "around_select": N_("The text is selected: copy it."),
}


@functools.cache
def strings(lang):
    """The pages' strings in `lang` ("en" or "ko"), keyed as the scripts and templates name them."""
    t = Translator("ko" if lang == "ko" else "en")
    return {key: t(text) for key, text in WORDS.items()}
