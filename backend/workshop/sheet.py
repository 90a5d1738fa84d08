"""The sheet: the dashboard's figures laid out in labelled sections (English and Korean),
one layout for the page, the printable page and the CSV export."""
import csv
import io

from ..report.language import N_, language_name, translations
from .aggregates import MIN_GROUP

# The teachers' pages' words, English as the catalogs' source (make messages); the Korean is in
# backend/report/translations. {min_group} is filled in here, the other {names} where they are shown.
LABELS = {
    "dashboard": N_("Workshop dashboard"),
    "printable": N_("Workshop summary"),
    "privacy": N_("Class totals only: never a student's photo, profile link or name."),
    "suppressed": N_("Shown once at least {min_group} students are in this group, to protect their privacy."),
    "fixes_rule": N_("Steps and platforms shared by at least {min_group} students."),
    "none_yet": N_("Nothing to show yet."),
    "class": N_("The class"),
    "joined": N_("Students who joined"),
    "participants_audited": N_("Students with a finished audit"),
    "audits_done": N_("Audits finished"),
    "audits_active": N_("Audits waiting or running"),
    "audits_failed": N_("Audits that failed"),
    "first": N_("First audit"),
    "latest": N_("Latest audit"),
    "participants": N_("Students"),
    "photos": N_("Photos audited"),
    "photos_with_faces": N_("Photos with faces"),
    "clear_photos": N_("Photos with a clear face (enough for a face swap)"),
    "clear_share": N_("Share of photos with a clear face"),
    "participants_with_clear_photo": N_("Students with at least one clear photo"),
    "participants_with_identity_kit": N_("Students with 3 or more clear photos of themselves"),
    "change": N_("Change after the class audited again"),
    "reaudited": N_("Students who audited again"),
    "clear_before": N_("Clear photos, first audit"),
    "clear_after": N_("Clear photos, latest audit"),
    "share_before": N_("Share clear, first audit"),
    "share_after": N_("Share clear, latest audit"),
    "kits_before": N_("Students with 3+ clear photos, first audit"),
    "kits_after": N_("Students with 3+ clear photos, latest audit"),
    "improved": N_("Students with fewer clear photos now"),
    "fixes": N_("Most common fixes"),
    "platforms": N_("Platforms audited"),
    "around": N_("Photos of themselves in accounts around them (school, club, friends)"),
    "around_participants": N_("Students who checked accounts around them"),
    "around_found": N_("Students who found photos of themselves there"),
    "n_students": N_("{n} students"),
    "n_photos": N_("{n} photos"),
    "join_code": N_("Join code"),
    "join_until": N_("Students join with this code until"),
    "join_loopback": N_("This join link points at this computer itself (127.0.0.1): no student's phone or laptop can open it. Stop the server and start it for the class with this command:"),
    "join_hint": N_("Students scan the QR code or open the link: on a phone they check on the page, on a computer with the extension they pair it with one click. Or they type the code."),
    "join_closed": N_("The join code has expired: make a new one below for students who have not joined."),
    "new_code": N_("New join code"),
    "new_code_hint": N_("The old code stops working."),
    "export_csv": N_("Download CSV"),
    "print": N_("Printable page"),
    "close": N_("Close the workshop and delete everything in it"),
    "close_confirm": N_("I understand: every audit of this workshop is deleted, for good."),
    "closed": N_("Workshop closed"),
    "closed_text": N_("The workshop and everything in it were deleted: {n} audits."),
    "create": N_("New workshop"),
    "name": N_("Workshop name (for example, a class)"),
    "join_days": N_("Join code valid for (days)"),
    "created": N_("Workshop created"),
    "dashboard_link": N_("Your dashboard (keep this link: it is the only way in)"),
    "class_size": N_("Number of students (the join code lets this many join)"),
    "join_box": N_("How students join"),
    "join_link": N_("Join link"),
    "join_code_hidden": N_("This join code was made on the command line, so it cannot be shown here: make a new one below."),
    "join_count": N_("{joined} joined · the code lets {left} more join (class of {size})"),
    "handout": N_("Printable handout for students"),
    "keep_link": N_("Keep this page's link (bookmark it): it is the only way back into this dashboard."),
    "renewed": N_("New join code made: the old one no longer works."),
    "handout_title": N_("Join the class: {name}"),
    "handout_scan": N_("Scan this QR code with your phone's camera."),
    "handout_or": N_("Or open this address and type the code:"),
    "handout_laptop": N_("On a computer with the {name} extension: open this link, click the extension's icon and press “{button}”."),
    "handout_privacy": N_("Your teacher sees only class totals: never your photos, your links or your name."),
    "handout_until": N_("The code works until {until}."),
    "err_title": N_("That did not work"),
    "err_not_local": N_("Workshops are created on the computer that runs the server: open this page there (or run `python -m backend workshop create NAME`)."),
    "err_other_origin": N_("This form can only be sent from this server's own page: open the page again and send it from there."),
    "err_not_found": N_("No workshop here: the link is wrong, or the workshop was closed."),
    "err_confirm": N_("Tick the box to confirm that everything in the workshop is deleted."),
    "err_name": N_("Give the workshop a name of 1 to 80 characters."),
    "err_join_days": N_("The join code can be valid for 1 to 30 days."),
    "err_class_size": N_("The number of students is a whole number from 1 to 300."),
    "back": N_("Back to the form"),
}
ROUND_ROWS = (("participants", "students"), ("photos", "photos"), ("photos_with_faces", "photos"),
              ("clear_photos", "photos"), ("clear_share", "share"),
              ("participants_with_clear_photo", "students"), ("participants_with_identity_kit", "students"))
CHANGE_ROWS = (("clear_before", "photos"), ("clear_after", "photos"), ("share_before", "share"),
               ("share_after", "share"), ("kits_before", "students"), ("kits_after", "students"),
               ("improved", "students"))


def labels(lang):
    """The label set for `lang` ("en" or "ko"), from the catalogs; "switch" names the other language."""
    found = {key: translations(lang).gettext(text).replace("{min_group}", str(MIN_GROUP))
             for key, text in LABELS.items()}
    return found | {"switch": language_name("en" if lang == "ko" else "ko")}


def sections(joined, figures, lang="en"):
    """[{"id", "title", "suppressed", "rows": [{"measure", "label", "value", "unit"}]}] from
    the number of students who joined and aggregates.aggregate()."""
    text = labels(lang)

    def row(measure, value, unit, label=None):
        return {"measure": measure, "label": label or text[measure], "value": value, "unit": unit}

    active = figures["audits"]["queued"] + figures["audits"]["running"]
    result = [{"id": "class", "title": text["class"], "suppressed": False, "rows": [
        row("joined", joined, "students"), row("participants_audited", figures["participants_audited"], "students"),
        row("audits_done", figures["audits"]["done"], "audits"), row("audits_active", active, "audits"),
        row("audits_failed", figures["audits"]["failed"], "audits")]}]
    for round_id in ("first", "latest"):
        totals = figures[round_id] or {}
        result.append({"id": round_id, "title": text[round_id], "suppressed": not totals,
                       "rows": [row(m, totals.get(m), unit) for m, unit in ROUND_ROWS]})
    change = figures["change"] or {}
    result.append({"id": "change", "title": text["change"], "suppressed": not change,
                   "rows": [row("reaudited", figures["reaudited"], "students")]
                   + [row(m, change.get(m), unit) for m, unit in CHANGE_ROWS]})
    around = figures.get("around") or {}
    result.append({"id": "around", "title": text["around"], "suppressed": not around,
                   "rows": [row("around_participants", around.get("participants"), "students"),
                            row("around_found", around.get("participants_found"), "students")]})
    result.append({"id": "fixes", "title": text["fixes"], "suppressed": False,
                   "rows": [row(fix["id"], fix["participants"], "students", fix["title"]) | {
                       "photos": fix["photos_affected"]} for fix in figures["fixes"]]})
    result.append({"id": "platforms", "title": text["platforms"], "suppressed": False,
                   "rows": [row(p["platform"], p["participants"], "students", p["name"])
                            for p in figures["platforms"]]})
    return result


def display(value, unit):
    """A value as the page shows it: a dash when hidden, shares as percentages."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{value * 100:.0f}%"
    return str(value)


def to_csv(workshop, joined, figures, lang="en"):
    """The sheet as CSV text: section, measure, label, value, unit (hidden figures left empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "measure", "label", "value", "unit"])
    writer.writerow(["workshop", "name", "", _cell(workshop["name"]), ""])
    writer.writerow(["workshop", "created_at", "", workshop["created_at"], ""])
    for section in sections(joined, figures, lang):
        for row in section["rows"]:
            value = "" if row["value"] is None else row["value"]
            writer.writerow([section["id"], row["measure"], _cell(row["label"]), value, row["unit"]])
            if "photos" in row:
                writer.writerow([section["id"], row["measure"] + ":photos", _cell(row["label"]),
                                 row["photos"], "photos"])
    return out.getvalue()


def _cell(text):
    # A spreadsheet runs a cell that starts with = + - @ as a formula.
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
