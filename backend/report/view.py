"""What the report shows, worked out as plain data before the template lays it out.

The report is written for the reader: which photos are of *them* (the person they
say is them, or our best guess), what to do first, then everything else.
"""
import base64
from urllib.parse import urlsplit

from backend.analysis import boxes
from backend.report.language import N_, Nn_
from backend.report.left_out import left_out_line
from backend.when import local_time
from backend.report.reasons import render_reasons
from backend.tips import choose_tips, platform_name
from backend.tips.chooser import (KIT_SIZE, is_followers_only, is_risky, normalise_platform, photo_kind,
                                  photo_platforms, platform_at, platform_of)

RISK_ORDER = {"high": 0, "medium": 1, "low": 2, "none": 3}
STATUSES = ("ok", "followers", "login_wall", "private", "not_found", "blocked", "error", "pending")
FIRST_STEPS = 3          # steps on the first screen
FIRST_PHOTOS = 4         # photos of the reader on the first screen
MAX_THUMBNAIL_BYTES = 256 * 1024
IMAGE_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CHECK_FAILED = N_("The check could not be finished.")  # a failure the catalog does not word


def build(audit, t, previous=None, thumbnails=None):
    """The whole report as nested dicts and lists for the template, in t's language.

    audit: the audit document (report/document.py) or a dict of its shape (a saved file, a test);
    without "tips" they are chosen here, and the report carries them ("tips").
    previous: an earlier check of the same profiles ("created_at", "profiles", "photos").
    """
    lang = t.lang
    thumbnails = thumbnails or {}
    people = find_people(audit, thumbnails)
    reader = choose_reader(audit, people)
    labels = {p["id"]: p for p in people}
    guardian = audit.get("consent") == "guardian"
    places = photo_platforms(audit)
    views = {str(p.get("id")): photo_view(p, t, thumbnails, labels, reader) | {"also_on": also_on(p, places, t)}
             for p in audit.get("photos") or []}
    chosen = _tips(audit, reader, lang)
    tips = [{**tip, "platform_label": platform_name(tip.get("platform"), lang)} for tip in chosen]
    steps = [tip for tip in tips if tip.get("kind") == "platform"]
    first = first_steps(steps, tips, audit)
    return {
        "verdict": verdict(audit, reader, t),
        "reader": reader,
        "people": [person_card(p, reader, t) for p in people],
        "yours": [views[pid] for pid in reader["clear_ids"] + reader["other_risky_ids"]][:FIRST_PHOTOS],
        "yours_more": max(0, len(reader["clear_ids"]) + len(reader["other_risky_ids"]) - FIRST_PHOTOS),
        "first_steps": first,
        "error": failure_words(audit, t),
        "profiles": [profile_view(p, audit, t, views, guardian) for p in _profiles(audit)],
        **_split_steps(steps + [tip for tip in tips if tip.get("kind") == "general"]),
        "help": [tip for tip in tips if tip.get("kind") == "help"],
        "notes": [tip for tip in tips if tip.get("kind") == "note"],
        "changes": changes(audit, previous, t) if previous else None,
        "previous_date": _date(previous.get("created_at"), lang) if previous else None,
        "date": _date(audit.get("created_at"), lang),
        "guardian": guardian,
        "kit_size": KIT_SIZE,
        "tips": chosen,
    }


# People: the identity groups of the analysis, each with its photos.

def find_people(audit, thumbnails):
    """[{"id", "letter", "photo_ids", "clear_ids", "risky_ids", "on_profile_photo", "crop"}],
    the person with the most clear photos first."""
    people = {}
    for photo in _analysed(audit):
        for face in photo.get("faces") or []:
            pid = face.get("identity")
            if not pid:
                continue
            person = people.setdefault(str(pid), {"id": str(pid), "photo_ids": [], "clear_ids": [], "risky_ids": [],
                                                  "on_profile_photo": False, "best": None, "reference": False})
            _add_face(person, photo, face)
    for identity in audit.get("identities") or []:
        if str(identity.get("id")) in people and identity.get("reference"):
            people[str(identity["id"])]["reference"] = True  # the selfie the reader gave
    ordered = sorted(people.values(), key=lambda p: (-len(p["clear_ids"]), -len(p["photo_ids"]), p["id"]))
    for i, person in enumerate(ordered):
        person["letter"] = LETTERS[i] if i < len(LETTERS) else str(i + 1)
        best_photo, best_face = person.pop("best")
        person["crop"] = face_crop(best_photo, best_face, thumbnails)
    return ordered


def _add_face(person, photo, face):
    pid = str(photo.get("id"))
    if pid not in person["photo_ids"]:
        person["photo_ids"].append(pid)
    if face.get("risk") == "high" and pid not in person["clear_ids"]:
        person["clear_ids"].append(pid)
    if face.get("risk") in ("high", "medium") and pid not in person["risky_ids"]:
        person["risky_ids"].append(pid)
    if photo_kind(photo) == "profile_photo":
        person["on_profile_photo"] = True
    area = boxes.area(face.get("box"))
    if person["best"] is None or area > boxes.area(person["best"][1].get("box")):
        person["best"] = (photo, face)


def choose_reader(audit, people):
    """Who the reader is. Their own choice (audit["reader"]: every group that is them, and the
    photos they took out), else a guess: the reference selfie, else the person on the profile
    picture, else the person on the most photos. Grouping by face can be wrong, so the choice
    decides: a photo taken out counts as someone else's even when its face is in a chosen group.

    {"ids", "how" ("chosen", "guessed", "none"), "mine_ids", "clear_ids", "other_risky_ids",
    "others_ids", "not_me", "single"}; single: nobody singled out, every photo counts as theirs.
    """
    choice = audit.get("reader")
    known = [p["id"] for p in people]
    if choice is not None:
        ids, how = [pid for pid in known if pid in choice["identities"]], "chosen"
    elif people:
        best = max(people, key=lambda p: (p["reference"], p["on_profile_photo"], len(p["photo_ids"])))
        ids, how = [best["id"]], "guessed"
    else:
        ids, how = [], "none"
    analysed = _analysed(audit)
    not_me = [str(p.get("id")) for p in analysed if choice and str(p.get("id")) in choice["not_me"]]
    chosen = [p for p in people if p["id"] in ids]
    if chosen:
        mine = {pid for p in chosen for pid in p["photo_ids"]}
        clear = {pid for p in chosen for pid in p["clear_ids"]}
        risky = {pid for p in chosen for pid in p["risky_ids"]} - clear
    else:
        mine = {str(p.get("id")) for p in analysed if p.get("faces")}
        clear = {str(p.get("id")) for p in analysed if p.get("risk") == "high"}
        risky = {str(p.get("id")) for p in analysed if p.get("risk") == "medium"}
    mine, clear, risky = mine - set(not_me), clear - set(not_me), risky - set(not_me)
    others = [str(p.get("id")) for p in analysed if is_risky(p) and str(p.get("id")) not in mine]
    return {"ids": ids, "how": how, "mine_ids": _by_order(mine, analysed),
            "clear_ids": _by_order(clear, analysed), "other_risky_ids": _by_order(risky, analysed),
            "others_ids": others if chosen else [pid for pid in others if pid in not_me],
            "not_me": not_me, "single": not chosen}


def person_card(person, reader, t):
    """A person as "Which one is you?" shows them; the reader's own counts leave out the photos
    they took out."""
    card = person | {"label": person_label(person, reader["ids"], t), "is_reader": person["id"] in reader["ids"]}
    if card["is_reader"]:
        card |= {key: [pid for pid in person[key] if pid not in reader["not_me"]] for key in ("photo_ids", "clear_ids")}
    return card


def person_label(person, reader_ids, t):
    if person["id"] in reader_ids:
        return t("You")
    return t("Person %(letter)s", letter=person["letter"])


def reader_audit(audit, reader):
    """The audit narrowed to the photos of the reader, so the steps count only those: the
    photos of the groups they are (all photos when nobody is singled out), less those taken out.
    The groups they chose are one person: their clear photos together make one set (a kit)."""
    not_me = set(reader["not_me"])
    photos = [p for p in audit.get("photos") or [] if str(p.get("id")) not in not_me]
    if reader["single"]:
        return {**audit, "photos": photos}
    ids = set(reader["ids"])
    clear = len(reader["clear_ids"])
    return {**audit, "photos": [p for p in photos if any(str(f.get("identity")) in ids for f in p.get("faces") or [])],
            "identities": [i | {"high_risk_photo_count": clear} for i in audit.get("identities") or []
                           if str(i.get("id")) in ids],
            "summary": (audit.get("summary") or {}) | {"largest_identity_kit": clear}}


def face_crop(photo, face, thumbnails):
    """A square around the face as CSS for the thumbnail inside a square frame, or None."""
    src = thumbnail_src(thumbnails.get(photo.get("id")))
    width, height = _size(photo)
    found = boxes.edges(face.get("box"))
    if found is None:
        return None
    left, top, right, bottom = found
    if not src or not width or right <= left or bottom <= top:
        return None
    side = min(max(right - left, bottom - top) * 1.4, width, height)
    cx, cy = (left + right) / 2, (top + bottom) / 2
    x0 = min(max(0.0, cx - side / 2), width - side)
    y0 = min(max(0.0, cy - side / 2), height - side)
    # The image is scaled so the square fills the frame, then shifted to it.
    return {"src": src, "width": round(width / side * 100, 2), "height": round(height / side * 100, 2),
            "left": round(-x0 / side * 100, 2), "top": round(-y0 / side * 100, 2)}


# The first screen: one sentence, the reader's photos, the first steps.

def verdict(audit, reader, t):
    """{"sentence", "grade", "kit", "others", "audience"}: what the first screen says.

    Where the report holds what followers see (a data export, the own-profile check),
    the counts are of all the reader's photos, not of public ones, and "audience" says
    which of the counted photos only followers see.
    """
    status = audit.get("status")
    if status == "failed":
        return {"sentence": t("The check could not finish, so this report is incomplete."), "grade": "incomplete",
                "kit": None, "others": None, "audience": None, "unread": unread_profiles(audit, t)}
    if status in ("queued", "running"):
        return {"sentence": t("The check is still running: open this page again in a minute."),
                "grade": "incomplete", "kit": None, "others": None, "audience": None, "unread": None}
    analysed = _analysed(audit)
    unread = unread_profiles(audit, t)
    if unread and not analysed:
        # Nothing read is no all-clear: the headline says what could not be read, and what to do.
        return {"sentence": _unread_headline(len(unread["items"]), len(_profiles(audit)), t), "grade": "incomplete",
                "kit": None, "others": None, "audience": None, "unread": unread}
    clear, risky, others = reader["clear_ids"], reader["other_risky_ids"], reader["others_ids"]
    # A guardian reads the report with their child: "you" would name the parent.
    you = not reader["single"] and audit.get("consent") != "guardian"
    followers = holds_followers(audit)
    result = {"kit": None, "others": None, "audience": None, "unread": unread}
    if others:
        result["others"] = t.n("%(num)s photo of someone else: ask before posting, or untag.",
                               "%(num)s photos of someone else: ask before posting, or untag.", len(others))
    if len(clear) >= KIT_SIZE:
        result["kit"] = t("%(kit)s clear photos of one person are all an app needs to make new fake "
                          "pictures or videos of them.", kit=KIT_SIZE)
    if followers:
        counted = clear or risky or [str(p.get("id")) for p in analysed]
        result["audience"] = audience([p for p in analysed if str(p.get("id")) in set(counted)], t)
    if clear:
        photos = [p for p in analysed if str(p.get("id")) in clear]
        sentence = _headline("clear", len(clear), followers, you, t)
        return result | {"sentence": sentence + _where(photos, audit, t), "grade": "high"}
    if risky:
        return result | {"sentence": _headline("risky", len(risky), followers, you, t), "grade": "medium"}
    if not analysed:
        if any(p.get("status") == "private" for p in audit.get("profiles") or []):
            return result | {"sentence": t("A stranger sees no photos here: a private profile shows only its name and "
                                           "profile picture."), "grade": "none"}
        if any(normalise_platform(p.get("platform"), p.get("url")) in ("generic", "other")
               for p in audit.get("profiles") or []):
            # A website is nobody's profile for sure: the reader may have meant another page.
            return result | {"sentence": t("We found no photos on these pages. If one is not your own page, "
                                           "or not the one you meant, check its link."), "grade": "none"}
        return result | {"sentence": t("We found no photos to check.") if followers else
                         t("We found no public photos on these profiles."), "grade": "none"}
    if any(p.get("faces") for p in analysed):
        return result | {"sentence": _headline("safe", len(analysed), followers, you, t), "grade": "low"}
    return result | {"sentence": _headline("faceless", len(analysed), followers, False, t), "grade": "none"}


# Profiles a check could not read, in plain words with what to do (by the profile's state).
UNREAD_WORDS = {
    "not_found": N_("%(link)s is not a profile on %(platform)s, or is gone. Check the link."),
    "blocked": N_("%(platform)s did not let us open %(link)s this time. Check again later."),
    "error": N_("%(link)s could not be opened. Check the link, then check again later."),
    "login_wall": N_("%(platform)s showed a login box instead of %(link)s, so nothing could be read. "
                     "Check again later, or use the extension's check of what your followers see."),
    "pending": N_("%(link)s has not been opened yet."),
}
UNREAD_WEBSITE = {"not_found": N_("%(link)s could not be found. Check the link.")}


def unread_profiles(audit, t):
    """{"title", "items": [{"text": sentence, "link": the link in it}]} for the profiles the check
    could not read, or None.

    A login wall that still showed photos was read; one that showed none was not."""
    items = []
    for profile in audit.get("profiles") or []:
        status = profile.get("status") or "pending"
        status = status if status in UNREAD_WORDS or status in STATUSES else "error"
        if status not in UNREAD_WORDS or (status == "login_wall" and profile.get("photos_found")):
            continue
        platform = normalise_platform(profile.get("platform"), profile.get("url"))
        words = UNREAD_WEBSITE.get(status) if platform in ("generic", "other") else None
        link = _short_link(str(profile.get("url") or ""))
        items.append({"text": t(words or UNREAD_WORDS[status], link=link, platform=platform_name(platform, t.lang)),
                      "link": link})
    if not items:
        return None
    return {"title": t.n("Not read:", "%(num)s profiles not read:", len(items)),
            "items": items}


def _unread_headline(unread, total, t):
    if unread == total:
        return t.n("We could not read your profile, so this is not an all-clear.",
                   "We could not read any of your %(num)s profiles, so this is not an all-clear.", total)
    return t.n("We could not read %(unread)s of your %(num)s profile, so this is not an all-clear.",
               "We could not read %(unread)s of your %(num)s profiles, so this is not an all-clear.",
               total, unread=unread)


def _short_link(url):
    """A profile link as people write it: host and path, without "https://www." or a trailing slash."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return (host + parts.path.rstrip("/")) or url


def holds_followers(audit):
    """True when the report holds what followers see: followers-only photos, an export or an own profile."""
    return (any(is_followers_only(p) for p in audit.get("photos") or [])
            or any(str(p.get("url") or "").startswith(("export:", "own:")) for p in audit.get("profiles") or []))


def audience(photos, t):
    """Who can see the counted photos: only followers, anyone, or some of each."""
    only = sum(1 for p in photos if is_followers_only(p))
    if not photos:
        return None
    if only == len(photos):
        return t.n("Only your followers can see it.", "Only your followers can see them.", only)
    if not only:
        return t.n("It is public: anyone can see it.", "They are public: anyone can see them.", len(photos))
    return t.n("%(num)s of them only your followers can see; the rest are public.",
               "%(num)s of them only your followers can see; the rest are public.", only)


# The headline, by what the photos allow, whether the report also holds what followers see
# (then "photos", else "public photos") and whether the reader's own face is known ("you").
HEADLINES = {
    ("clear", True, True): Nn_("%(num)s photo shows you clearly enough for a face-swap app",
                               "%(num)s photos show you clearly enough for a face-swap app"),
    ("clear", True, False): Nn_("%(num)s photo shows a face clearly enough for a face-swap app",
                                "%(num)s photos show a face clearly enough for a face-swap app"),
    ("clear", False, True): Nn_("%(num)s public photo shows you clearly enough for a face-swap app",
                                "%(num)s public photos show you clearly enough for a face-swap app"),
    ("clear", False, False): Nn_("%(num)s public photo shows a face clearly enough for a face-swap app",
                                 "%(num)s public photos show a face clearly enough for a face-swap app"),
    ("risky", True, True): Nn_(
        "No photo shows you clearly enough for a one-photo face swap, but %(num)s could help one.",
        "No photo shows you clearly enough for a one-photo face swap, but %(num)s could help one."),
    ("risky", True, False): Nn_(
        "No photo shows a face clearly enough for a one-photo face swap, but %(num)s could help one.",
        "No photo shows a face clearly enough for a one-photo face swap, but %(num)s could help one."),
    ("risky", False, True): Nn_(
        "No public photo shows you clearly enough for a one-photo face swap, but %(num)s could help one.",
        "No public photo shows you clearly enough for a one-photo face swap, but %(num)s could help one."),
    ("risky", False, False): Nn_(
        "No public photo shows a face clearly enough for a one-photo face swap, but %(num)s could help one.",
        "No public photo shows a face clearly enough for a one-photo face swap, but %(num)s could help one."),
    ("safe", True, True): Nn_("None of the %(num)s photos we found shows you clearly enough to be misused.",
                              "None of the %(num)s photos we found shows you clearly enough to be misused."),
    ("safe", True, False): Nn_("None of the %(num)s photos we found shows a face clearly enough to be misused.",
                               "None of the %(num)s photos we found shows a face clearly enough to be misused."),
    ("safe", False, True): Nn_(
        "None of the %(num)s public photos we found shows you clearly enough to be misused.",
        "None of the %(num)s public photos we found shows you clearly enough to be misused."),
    ("safe", False, False): Nn_(
        "None of the %(num)s public photos we found shows a face clearly enough to be misused.",
        "None of the %(num)s public photos we found shows a face clearly enough to be misused."),
    ("faceless", True, False): Nn_("The %(num)s photo we found shows no clear face.",
                                   "None of the %(num)s photos we found shows a clear face."),
    ("faceless", False, False): Nn_("The %(num)s public photo we found shows no clear face.",
                                    "None of the %(num)s public photos we found shows a clear face."),
}


def _headline(kind, num, followers, you, t):
    return t.n(*HEADLINES[kind, followers, you], num)


def _where(photos, audit, t):
    platforms = photo_platforms(audit)
    per_platform = {}
    for photo in photos:  # a picture on several profiles (backend/copies.py) is on each one's platform
        for name in dict.fromkeys(platform_at(url, platforms) for url in _places(photo)):
            per_platform[name] = per_platform.get(name, 0) + 1
    top, k = max(per_platform.items(), key=lambda item: item[1])  # first wins a tie
    name = platform_name(top, t.lang)
    if len(photos) == 1:
        return t("; it is on %(platform)s.", platform=_platform_names(_places(photos[0]), platforms, t))
    if k == len(photos):
        return t("; all of them are on %(platform)s.", platform=name)
    return t("; %(k)s of them are on %(platform)s.", k=k, platform=name)


def first_steps(steps, tips, audit=None):
    """One to three steps for the first screen: those that hide the most of the reader's photos;
    none when the check found no photo (a step for photos that do not exist helps nobody)."""
    if audit is not None and not _analysed(audit):
        return []
    # The followers' steps (general ones) count where followers see the photos: a data export's
    # clear photos are hidden by them, not by the platform's public settings.
    followers = [tip for tip in tips if tip.get("audience") == "followers" and tip.get("photos_affected")]
    useful = sorted([tip for tip in steps if tip.get("photos_affected")] + followers,
                    key=lambda tip: -tip["photos_affected"])
    chosen = useful or steps or [tip for tip in tips if tip.get("kind") == "general"]
    return chosen[:FIRST_STEPS]


# Profiles and photos.

def profile_view(profile, audit, t, views, guardian):
    """One profile: its state for a stranger and its photos, riskiest first."""
    status = profile.get("status") or "pending"  # not crawled yet
    status = status if status in STATUSES else "error"
    photos = [p for p in audit.get("photos") or [] if p.get("profile_url") == profile.get("url")]
    photos.sort(key=lambda p: (bool(p.get("skipped")), RISK_ORDER.get(p.get("risk"), 4)))
    # A picture also on this profile is shown once, under another (backend/copies.py), but counts here too.
    copies = [p for p in audit.get("photos") or [] if profile.get("url") in (p.get("also_on") or ())]
    shown = [views[str(p.get("id"))] for p in photos]
    platform = normalise_platform(profile.get("platform"), profile.get("url"))
    url = str(profile.get("url") or "")
    # A data export ("export:<platform>") or the logged-in own profile ("own:<url>"): what
    # followers see, not what a stranger sees.
    if url.startswith(("export:", "own:")):
        status = "followers" if status == "ok" else status
        url = t(N_("Your data export")) if url.startswith("export:") else url[len("own:"):]
    return {
        "platform": platform_name(platform, t.lang),
        "url": url,
        "href": safe_link(url),
        "status": status,
        "verified": bool(profile.get("verified")),
        # Only a verified owner hears that others looked, and never in a guardian's report.
        "checked_elsewhere": bool(profile.get("audited_by_others")) and bool(profile.get("verified"))
                             and not guardian,
        "message": profile.get("message"),
        "photos_found": profile.get("photos_found", len(photos)),
        "left_out_others": int((profile.get("other_images_left_out") or {}).get("other_accounts") or 0),
        "left_out_line": left_out_line((profile.get("other_images_left_out") or {}).get("reasons"), platform, t),
        "risky_count": sum(1 for p in photos + copies if is_risky(p)),
        "shown_elsewhere": shown_elsewhere(copies, audit, t),
        "risky": [v for v in shown if v["risk"] in ("high", "medium")],
        "others": [v for v in shown if v["risk"] not in ("high", "medium")],
    }


def photo_view(photo, t, thumbnails, people, reader):
    """One photo: its preview (or none), its face boxes in percent, the reasons, and whether it
    counts as the reader's ("mine") or they took it out ("not_me")."""
    risk = photo.get("risk") if photo.get("risk") in RISK_ORDER and not photo.get("skipped") else "none"
    pid = str(photo.get("id", ""))
    mine, not_me = pid in reader["mine_ids"], pid in reader["not_me"]
    faces = [face_view(i + 1, face, photo, t, people, reader["ids"], not_me)
             for i, face in enumerate(photo.get("faces") or [])]
    width, height = _size(photo)
    return {
        "id": pid,
        "mine": mine,
        "not_me": not_me,
        "src": thumbnail_src(thumbnails.get(photo.get("id"))),
        "ratio": f"{width} / {height}" if width and height else "1 / 1",
        # Inside a square frame: a tall photo takes less than the full width.
        "frame_width": round(min(1.0, width / height) * 100, 2) if width and height else 100,
        "risk": risk,
        "kind": t(KIND_WORDS[photo_kind(photo)]),
        "is_post": photo_kind(photo) not in ("profile_photo", "cover_photo"),  # their page is the profile
        "followers_only": is_followers_only(photo),
        "skipped": photo.get("skipped"),
        "faces": faces,
        "page_href": safe_link(photo.get("page_url")),
    }


def shown_elsewhere(copies, audit, t):
    """The line under a profile whose pictures are shown once under another profile, or None."""
    if not copies:
        return None
    names = _platform_names([p.get("profile_url") for p in copies], photo_platforms(audit), t)
    return t.n("%(num)s photo here is also on %(platforms)s: this report shows it there, once.",
               "%(num)s photos here are also on %(platforms)s: this report shows them there, once.", len(copies),
               platforms=names)


def _platform_names(urls, platforms, t):
    found = [platform_at(url, platforms) for url in urls]
    return ", ".join(dict.fromkeys(platform_name(p, t.lang) if p != "other" else t("another website") for p in found))


def _places(photo):
    """The profile links a photo is on: its own, then those of its copies."""
    return [photo.get("profile_url"), *(photo.get("also_on") or ())]


def also_on(photo, platforms, t):
    """"Also on X" for one picture found on several of the reader's profiles (backend/copies.py), or None."""
    names = _platform_names(photo.get("also_on") or [], platforms, t)
    return t("Also on %(platforms)s", platforms=names) if names else None


KIND_WORDS = {"post_photo": N_("Post"), "profile_photo": N_("Profile photo"), "cover_photo": N_("Cover photo"),
              "tagged_photo": N_("Tagged photo"), "video_thumbnail": N_("Video thumbnail")}


def face_view(number, face, photo, t, people, reader_ids, not_me=False):
    """One face: the box as CSS percentages of the photo, whose it is, its grade and reasons."""
    risk = face.get("risk") if face.get("risk") in RISK_ORDER else "low"
    reasons = render_reasons(face.get("reason_codes") or face.get("reasons"), t)
    label = t(RISK_WORDS[risk])
    identity = str(face.get("identity")) if face.get("identity") else None
    if identity and identity in reader_ids:
        who = t("Not you") if not_me else t("You")  # not_me: the reader took this photo out
    elif identity in people:
        who = t("Person %(letter)s", letter=people[identity]["letter"])
    elif people:  # too small or turned away to be matched to any of the people found
        who = t("Someone not matched")
    else:
        who = t("Face %(number)s", number=number)
    return {"number": number, "risk": risk, "label": label, "reasons": reasons, "who": who,
            "title": f"{number}. {who}: {label}" + (f" — {' · '.join(reasons)}" if reasons else ""),
            "box": box_percent(face.get("box"), *_size(photo))}


RISK_WORDS = {"high": N_("High risk"), "medium": N_("Medium risk"), "low": N_("Low risk"),
              "none": N_("No clear face"), "incomplete": N_("Incomplete")}


def box_percent(box, width, height):
    """A box (analysis/boxes.py) → CSS left/top/width/height in percent of the photo, or None."""
    found = boxes.edges(box)
    if found is None:
        return None
    left, top, right, bottom = found
    if not width or not height or right <= left or bottom <= top:
        return None
    clamp = lambda v: max(0.0, min(100.0, v))  # noqa: E731 - one-line helper
    x0, y0 = clamp(left / width * 100), clamp(top / height * 100)
    x1, y1 = clamp(right / width * 100), clamp(bottom / height * 100)
    return {"left": round(x0, 2), "top": round(y0, 2), "width": round(x1 - x0, 2), "height": round(y1 - y0, 2)}


def thumbnail_src(data):
    """A data: URI for JPEG or PNG bytes; None for anything else (then a placeholder shows)."""
    if not isinstance(data, (bytes, bytearray)) or len(data) > MAX_THUMBNAIL_BYTES:
        return None
    for magic, mime in IMAGE_MAGIC:
        if bytes(data[:len(magic)]) == magic:
            return f"data:{mime};base64,{base64.b64encode(bytes(data)).decode('ascii')}"
    return None


def safe_link(url):
    """The URL when it is plain http(s), for a text link; None otherwise (javascript:, data:…)."""
    text = str(url or "").strip()
    parts = urlsplit(text)
    return text if parts.scheme in ("http", "https") and parts.hostname else None


def changes(audit, previous, t):
    """Risky photos per platform, before → now: [{"platform", "before", "after"}], total last."""
    before, after = _risky_by_platform(previous), _risky_by_platform(audit)
    order = list(dict.fromkeys([*after, *before]))
    rows = [{"platform": platform_name(p, t.lang), "before": before.get(p, 0), "after": after.get(p, 0), "total": False}
            for p in order]
    rows.append({"platform": t("All profiles"), "before": sum(before.values()),
                 "after": sum(after.values()), "total": True})
    return rows


def _risky_by_platform(audit):
    platforms = photo_platforms(audit)
    counts = {p: 0 for p in platforms.values()}
    for photo in audit.get("photos") or []:
        if is_risky(photo):
            name = platform_of(photo, platforms)
            counts[name] = counts.get(name, 0) + 1
    return counts


def report_tips(audit, lang, reader=None):
    """The steps for the reader's photos, in `lang`: chosen once, when the document is built."""
    if reader is None:
        reader = choose_reader(audit, find_people(audit, {}))
    return choose_tips(reader_audit(audit, reader), lang)


def _tips(audit, reader, lang):
    # A document (report.document) carries its tips; a bare audit dict (a saved file, a test) has
    # none chosen yet.
    return audit["tips"] if "tips" in audit else report_tips(audit, lang, reader)


def _profiles(audit):
    """The audit's profiles, plus one for photos whose profile_url matches none of them."""
    profiles = list(audit.get("profiles") or [])
    known = {p.get("url") for p in profiles}
    for url in dict.fromkeys(p.get("profile_url") for p in audit.get("photos") or []):
        if url not in known:
            profiles.append({"url": url, "platform": None, "status": "ok"})
    return profiles


def _split_steps(steps):
    """The steps that hide some of the reader's photos; the rest folded away."""
    main = [tip for tip in steps if tip.get("photos_affected")] or steps[:FIRST_STEPS]
    return {"steps": main, "more_steps": [tip for tip in steps if tip not in main]}


def _analysed(audit):
    return [p for p in audit.get("photos") or [] if not p.get("skipped")]


def _by_order(ids, photos):
    """Photo ids in the audit's order (the crawl's order: profile photo and newest first)."""
    position = {str(p.get("id")): i for i, p in enumerate(photos)}
    return sorted(ids, key=lambda pid: position.get(pid, 0))


def failure_words(audit, t):
    """Why the check failed, in the reader's language: the catalog's words for a failure the
    backend names (backend/failures.py), else the plain sentence that it could not be finished;
    never the backend's English on a Korean page."""
    error = audit.get("error")
    if isinstance(error, dict):
        error = error.get("message")
    if not error or audit.get("status") != "failed":
        return None
    said = t(str(error))
    return said if t.lang == "en" or said != str(error) else t(CHECK_FAILED)


def _size(photo):
    try:
        width, height = int(photo.get("width") or 0), int(photo.get("height") or 0)
    except (TypeError, ValueError):
        return 0, 0
    return (width, height) if width > 0 and height > 0 else (0, 0)


def _date(value, lang):
    """The check's date in the server's local time zone (a check at 08:00 in Seoul is that day's)."""
    return local_time(value, lang, clock=False) if value else ""
