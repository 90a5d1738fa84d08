"""Instagram's "Download your information" (Accounts Center → Your information and
permissions), JSON or HTML. The variants (docs/exports.md):

    2018–2020  media.json {"photos", "stories", "profile", "videos", "direct"} + photos/, stories/, profile/
    2020–2022  content/{posts_1,stories,profile_photos,archived_posts}.json|.html + media/
    2023–2024  your_instagram_activity/content/... (the same files one folder down)
    2025–      your_instagram_activity/media/... (the same files, folder renamed)

Media URIs in the index files are relative to the export's root ("media/posts/202301/x.jpg").
"""
import re

from .index import find_root, html_media, json_media, load_json, photos_from, unique

PLATFORM = "instagram"
# The index file of each kind of photo, and whether its photos are archived.
SECTIONS = (("posts_\\d+", "post_photo", False), ("posts", "post_photo", False),
            ("stories", "story_photo", False), ("profile_photos", "profile_photo", False),
            ("archived_posts", "post_photo", True))
FOLDERS = (("your_instagram_activity/media", "2025"), ("your_instagram_activity/content", "2023"),
           ("content", "2020"))
# 2018–2020: the keys of media.json that are the user's own photos ("direct" is messages).
LEGACY_KEYS = (("photos", "post_photo"), ("stories", "story_photo"), ("profile", "profile_photo"))


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
    """The ExportPhotos of an Instagram export, posts first."""
    names = set(archive.names)
    if variant == "2018-json":
        index = load_json(archive, f"{root}/media.json" if root else "media.json")
        photos = []
        for key, kind in LEGACY_KEYS:
            photos += photos_from(json_media(index.get(key, [])) if isinstance(index, dict) else [],
                                  names, root, kind)
        return unique(photos)
    year, form = variant.split("-")
    folder = dict((y, f) for f, y in FOLDERS)[year]
    photos = []
    for stem, kind, archived in SECTIONS:
        pattern = re.compile(re.escape(f"{root}/{folder}/" if root else f"{folder}/") + stem + r"\." + form + "$")
        for name in sorted(n for n in names if pattern.match(n)):
            references = json_media(load_json(archive, name)) if form == "json" else html_media(archive, name)
            photos += photos_from(references, names, root, kind, archived)
    return unique(photos)
