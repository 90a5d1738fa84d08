"""Facebook's "Download your information", JSON or HTML. The variants (docs/exports.md),
each a base folder holding the same index files:

    2019–2022  (the export's root)              posts/, photos_and_videos/, stories/
    2023       your_activity_across_facebook/   the same
    2024–      your_facebook_activity/          the same

    posts/your_posts_1.json (2024: your_posts__check_ins__photos_and_videos_1.json)
    posts/album/N.json or photos_and_videos/album/N.json (2019): one album each
    posts/your_uncategorized_photos.json, photos_and_videos/your_photos.json
    posts/your_videos.json, photos_and_videos/your_videos.json: a video's cover image
    stories/archived_stories.json: the stories
    (each also as .html)

Which album holds the profile and cover photos is known by its media folder, which Facebook
names after the album ("ProfilePictures_…", "Fotosdelperfil_…"), and, where the folder is
named otherwise, by the album's title; both in the export's language (languages.py).
"""
import posixpath
import re

from .index import Found, find_root, html_page, json_media, load_json
from .languages import album_kind, folder_kind

PLATFORM = "facebook"
BASES = (("your_facebook_activity", "2024"), ("your_activity_across_facebook", "2023"), ("", "2019"))
POSTS = r"posts/your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?"
ALBUM = r"(?:posts|photos_and_videos)/album/\d+"
# The index files of the base folder, in the order they are read (albums first: they say which
# photo is the profile picture), with the kind of photo each lists.
SECTIONS = ((ALBUM, None), (POSTS, "post_photo"),
            (r"(?:posts|photos_and_videos)/your_(?:uncategorized_)?photos(?:_\d+)?", "post_photo"),
            (r"stories/(?:your_)?archived_stories(?:_\d+)?", "story_photo"),
            (r"(?:posts|photos_and_videos)/your_videos(?:_\d+)?", "video_thumbnail"))
MEDIA_FOLDERS = ("posts", "photos_and_videos", "stories")
SIGNS = ("your_facebook_activity", "your_activity_across_facebook", "photos_and_videos", "profile_information",
         "logged_information", "apps_and_websites_off_of_facebook")


def detect(names):
    """(variant, root) when `names` are a Facebook export, else None."""
    for base, year in BASES:
        folder = re.escape(base) + "/" if base else ""
        root, found = find_root(names, folder + r"(?:" + POSTS + "|" + ALBUM + r"|posts/your_uncategorized_photos|"
                                r"photos_and_videos/your_(?:uncategorized_)?photos)\.(?P<format>json|html)")
        if found:
            return f"{year}-{found.group('format')}", root
    return None


def list_photos(archive, variant, root):
    """The photos of a Facebook export (a Found)."""
    names = set(archive.names)
    year, form = variant.split("-")
    base = dict((y, b) for b, y in BASES)[year]
    prefix = "/".join(part for part in (root, base) if part)
    found = Found(names, root, in_media)
    for stem, kind in SECTIONS:
        pattern = re.compile(re.escape(prefix + "/" if prefix else "") + stem + r"\." + form + "$")
        for name in sorted((n for n in names if pattern.match(n)), key=_natural):
            if form == "json":
                data = load_json(archive, name)
                title = str(data.get("name", "")) if isinstance(data, dict) else ""
                references = list(json_media(data))
            else:
                title, references = html_page(archive.read_text(name))
            page = name if form == "html" else None
            if kind is None:  # an album: its kind from its photos' folder, else its title
                for uri, date in references:
                    placed = folder_kind(posixpath.basename(posixpath.dirname(uri))) or album_kind(_unmangle(title))
                    found.add([(uri, date)], placed or "post_photo", page=page)
            else:
                found.add(references, kind, page=page)
    return found


def in_media(path):
    """Whether `path` is inside the folders where Facebook keeps the user's media."""
    return any(part in MEDIA_FOLDERS for part in path.split("/")[:-1])


def _natural(name):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _unmangle(text):
    """Facebook's JSON writes UTF-8 bytes as Latin-1 characters ("í\x94\x84..." for "프...")."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
