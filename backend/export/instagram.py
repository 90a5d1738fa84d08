"""Instagram's "Download your information" (Accounts Center → Your information and
permissions), JSON or HTML. The variants (docs/exports.md):

    2018–2020  media.json {"photos", "stories", "profile", "videos", "direct"} + photos/, stories/, profile/
    2020–2022  content/{posts_1,stories,profile_photos,archived_posts}.json|.html + media/
    2023–2024  your_instagram_activity/content/... (the same files one folder down)
    2025–      your_instagram_activity/media/... (the same files, folder renamed)

Media URIs in the index files are relative to the export's root ("media/posts/202301/x.jpg").
The kind of a photo is the index file that lists it. Only media under the export's
media folders are the user's: every HTML page also shows Instagram's logo
(files/Instagram-Logo.png, in the ZIP too), which is no photo of theirs.
"""
import re

from .index import Found, find_root, html_page, json_media, load_json

PLATFORM = "instagram"
# The index file of each kind of photo, and whether its photos are archived.
SECTIONS = (("posts_\\d+", "post_photo", False), ("posts", "post_photo", False),
            ("stories", "story_photo", False), ("profile_photos", "profile_photo", False),
            ("archived_posts", "post_photo", True))
FOLDERS = (("your_instagram_activity/media", "2025"), ("your_instagram_activity/content", "2023"),
           ("content", "2020"))
# 2018–2020: the keys of media.json that are the user's own photos ("direct" is messages).
LEGACY_KEYS = (("photos", "post_photo"), ("stories", "story_photo"), ("profile", "profile_photo"))
MEDIA_FOLDERS = ("media",)
LEGACY_MEDIA_FOLDERS = ("photos", "stories", "profile")
# Folders only an Instagram export has: a ZIP with them but no index file above is a layout
# this version does not know (open_export says so instead of "not an export").
SIGNS = ("your_instagram_activity", "personal_information", "ads_information", "logged_information")


def detect(names):
    """(variant, root) when `names` are an Instagram export, else None."""
    for folder, year in FOLDERS:
        root, found = find_root(names, re.escape(folder) + r"/(?:posts(?:_\d+)?|stories|profile_photos)"
                                                        r"\.(?P<format>json|html)")
        if found:
            return f"{year}-{found.group('format')}", root
    root, found = find_root(names, r"media\.json")
    if found and any(n.startswith(f"{root}/" if root else "") and
                     n.endswith(("connections.json", "profile.json")) for n in names):
        return "2018-json", root
    return None


def list_photos(archive, variant, root):
    """The photos of an Instagram export, posts first (a Found)."""
    names = set(archive.names)
    if variant == "2018-json":
        found = Found(names, root, lambda path: path.split("/")[0] in LEGACY_MEDIA_FOLDERS)
        index = load_json(archive, f"{root}/media.json" if root else "media.json")
        for key, kind in LEGACY_KEYS:
            found.add(json_media(index.get(key, [])) if isinstance(index, dict) else [], kind)
        return found
    found = Found(names, root, lambda path: path.split("/")[0] in MEDIA_FOLDERS)
    year, form = variant.split("-")
    folder = dict((y, f) for f, y in FOLDERS)[year]
    for stem, kind, archived in SECTIONS:
        pattern = re.compile(re.escape(f"{root}/{folder}/" if root else f"{folder}/") + stem + r"\." + form + "$")
        for name in sorted(n for n in names if pattern.match(n)):
            if form == "json":
                found.add(json_media(load_json(archive, name)), kind, archived)
            else:
                found.add(html_page(archive.read_text(name))[1], kind, archived, page=name)
    return found
