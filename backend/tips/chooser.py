"""Choosing the steps for one audit: which steps apply, and how many risky
photos each one takes out of public view."""
from urllib.parse import urlsplit

RISKY = ("high", "medium")
KIT_SIZE = 3  # three clear photos of one person: enough to personalise a generator

PLATFORM_ALIASES = {"twitter": "x", "naver": "naver_blog", "naverblog": "naver_blog",
                    "naver-blog": "naver_blog", "kakao": "kakaostory",
                    "kakao_story": "kakaostory", "kakao-story": "kakaostory"}
HOST_PLATFORMS = (("instagram.com", "instagram"), ("facebook.com", "facebook"),
                  ("x.com", "x"), ("twitter.com", "x"), ("tiktok.com", "tiktok"),
                  ("youtube.com", "youtube"), ("linkedin.com", "linkedin"),
                  ("blog.naver.com", "naver_blog"), ("story.kakao.com", "kakaostory"))
# Image-URL hints of what a photo is, from docs/platforms.md; cover hints first
# because some hosts serve avatars and banners alike.
COVER_HINTS = ("profile_banners", "/cover", "cover_photo", "banner", "bg_image", "fcrop")
AVATAR_HINTS = ("t51.2885-19", "profile_images", "profilepic", "profile_pic",
                "profile-displayphoto", "blogpfthumb", "avatar", "yt3.ggpht.com",
                "yt3.googleusercontent.com", "profile_image")
THUMBNAIL_HINTS = ("i.ytimg.com/vi/",)
PHOTO_KINDS = ("post_photo", "profile_photo", "cover_photo", "tagged_photo", "video_thumbnail")


def choose(kb, audit, lang):
    """The steps for `audit` from knowledge base `kb`, as plain dicts."""
    platforms = audited_platforms(audit)
    counts, copies = risky_counts(audit), copies_elsewhere(audit)
    found = {"identity_kit": has_identity_kit(audit), "body_visible": counts[("*", "body_visible")] > 0,
             "followers_only": any(is_followers_only(photo) for photo in audit.get("photos") or [])}
    groups = {"platform": [], "general": [], "help": [], "note": []}
    for tip in kb["tips"]:
        if _applies(tip, platforms, found):
            groups[tip["kind"]].append(_present(tip, _affected(tip, counts, copies), lang))
    # Most photos first; then steps for the platform itself before steps it shares;
    # data order breaks the remaining ties.
    for kind in ("platform", "general"):
        groups[kind].sort(key=lambda t: (-t["photos_affected"], t["platform"] not in platforms))
    steps = groups["platform"] + groups["general"]
    if found["followers_only"]:
        # Photos only followers see: the followers steps (general) come before platform steps
        # that take fewer photos out of view, often none.
        steps.sort(key=lambda t: -t["photos_affected"])
    return steps + groups["help"] + groups["note"]


def normalise_platform(platform, url=None):
    """A platform id as the knowledge base names it, from the crawler's name or the URL."""
    name = str(platform or "").strip().lower()
    name = PLATFORM_ALIASES.get(name, name)
    if name:
        return name
    host = (urlsplit(str(url or "")).hostname or "").lower()
    for suffix, found in HOST_PLATFORMS:
        if host == suffix or host.endswith("." + suffix):
            return found
    return "other"


def audited_platforms(audit):
    """The set of platform ids among the audit's profiles."""
    return {normalise_platform(p.get("platform"), p.get("url")) for p in audit.get("profiles") or []}


def photo_platforms(audit):
    """{profile_url: platform id} for every profile of the audit."""
    return {p.get("url"): normalise_platform(p.get("platform"), p.get("url"))
            for p in audit.get("profiles") or []}


def platform_of(photo, platforms):
    """The platform a photo was found on, from {profile_url: platform} or its profile URL."""
    return platform_at(photo.get("profile_url"), platforms)


def platform_at(url, platforms):
    """The platform of a profile link, from {profile_url: platform} or the link itself."""
    return platforms.get(url) or normalise_platform(None, url)


def photo_kind(photo):
    """What a photo is on its page: post, profile photo, cover, video thumbnail."""
    if photo.get("kind") in PHOTO_KINDS:
        return photo["kind"]
    url = str(photo.get("image_url") or "").lower()
    for kind, hints in (("cover_photo", COVER_HINTS), ("video_thumbnail", THUMBNAIL_HINTS),
                        ("profile_photo", AVATAR_HINTS)):
        if any(hint in url for hint in hints):
            return kind
    return "post_photo"


def is_risky(photo):
    """A photo graded high or medium, and not skipped."""
    return not photo.get("skipped") and photo.get("risk") in RISKY


def risky_counts(audit):
    """{(platform, finding): number of risky photos}, plus ("*", finding) for the findings
    about photos anywhere: identity kit, body in frame, GPS still in the file."""
    platforms = photo_platforms(audit)
    counts = {}
    for photo in audit.get("photos") or []:
        if is_risky(photo):
            # A followers-only photo is already out of public view: the public steps
            # (make the account private...) do not count it; the followers steps do.
            key = ("*", "followers_only") if is_followers_only(photo) else \
                (platform_of(photo, platforms), photo_kind(photo))
            counts[key] = counts.get(key, 0) + 1
    counts[("*", "identity_kit")] = _kit_photos(audit)
    photos = [photo for photo in audit.get("photos") or [] if not photo.get("skipped")]
    counts[("*", "body_visible")] = sum(1 for photo in photos if photo.get("body_visible"))
    counts[("*", "location")] = sum(1 for photo in photos if (photo.get("metadata") or {}).get("location"))
    return counts


def copies_elsewhere(audit):
    """[(platform, {other platforms}, kind)] for each risky public photo that is also on profiles
    of other platforms (backend/copies.py): a step for one of those platforms hides it there too."""
    platforms = photo_platforms(audit)
    found = []
    for photo in audit.get("photos") or []:
        if photo.get("also_on") and is_risky(photo) and not is_followers_only(photo):
            platform = platform_of(photo, platforms)
            others = {platform_at(url, platforms) for url in photo["also_on"]} - {platform}
            if others:
                found.append((platform, others, photo_kind(photo)))
    return found


def kit_identities(audit):
    """Ids of the identities with three or more high-risk photos."""
    return {i.get("id") for i in audit.get("identities") or []
            if (i.get("high_risk_photo_count") or 0) >= KIT_SIZE}


def has_identity_kit(audit):
    """True when one person has three or more clear public photos."""
    largest = (audit.get("summary") or {}).get("largest_identity_kit") or 0
    return largest >= KIT_SIZE or bool(kit_identities(audit))


def _kit_photos(audit):
    kits = kit_identities(audit)
    return sum(1 for photo in audit.get("photos") or []
               if photo.get("risk") == "high" and not photo.get("skipped")
               and any(f.get("identity") in kits for f in photo.get("faces") or []))


def is_followers_only(photo):
    """A photo only the account's followers see (docs/design.md "What followers see")."""
    return photo.get("visibility") == "followers"


def _applies(tip, platforms, found):
    if "when" in tip and not found[tip["when"]]:
        return False
    if tip["kind"] != "platform":
        return True
    # Only platforms actually checked, and the same steps whatever the language:
    # a step for an account nobody looked at is noise on the first screen.
    return bool({tip["platform"], *tip.get("also_for", [])} & platforms)


def _affected(tip, counts, copies=()):
    platforms = {tip["platform"], *tip.get("also_for", []), "*"}
    here = sum(n for (platform, finding), n in counts.items()
               if finding in tip["answers"] and (platform in platforms or tip["kind"] == "general"))
    if tip["kind"] != "platform":
        return here  # a general step counts each photo once, wherever it is
    return here + sum(1 for platform, others, kind in copies
                      if kind in tip["answers"] and platform not in platforms and others & platforms)


def _url(url, lang):
    """The tip's link in the reader's language (one address, or one per language)."""
    return url.get(lang, url.get("en")) if isinstance(url, dict) else url


def _present(tip, affected, lang):
    chosen = {"id": tip["id"], "platform": tip["platform"], "kind": tip["kind"],
              "title": tip["title"][lang], "steps": list(tip["steps"][lang]),
              "url": _url(tip.get("url"), lang), "photos_affected": affected}
    if tip.get("when") == "followers_only":
        chosen["audience"] = "followers"  # its photos are hidden from strangers already
    if "phone" in tip:
        chosen["phone"] = tip["phone"]
    return chosen
