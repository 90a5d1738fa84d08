"""Facebook's "Download your information", JSON or HTML. The variants (docs/exports.md):

    2019–2023  posts/your_posts_1.json, posts/album/N.json, posts/your_uncategorized_photos.json
               (+ .html twins); media under posts/media/
    2024–      your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json,
               your_facebook_activity/posts/album/N.json, .../your_uncategorized_photos.json

An album named "Profile pictures" or "Cover photos" (in the export's language)
holds the profile and cover photos; a video's "thumbnail" is its cover image.
"""
import re

from .index import find_root, html_date, html_media, json_media, load_json, photos_from, unique

PLATFORM = "facebook"
FOLDERS = (("your_facebook_activity/posts", "2024"), ("posts", "2019"))
POSTS = r"your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?"
ALBUM_KINDS = {"profile pictures": "profile_photo", "프로필 사진": "profile_photo",
               "cover photos": "cover_photo", "커버 사진": "cover_photo"}


def detect(names):
    """(variant, root) when `names` are a Facebook export, else None."""
    for folder, year in FOLDERS:
        root, found = find_root(names, re.escape(folder) + r"/(?:" + POSTS + r"|album/\d+|"
                                       r"your_uncategorized_photos)\.(?P<format>json|html)")
        if found:
            return f"{year}-{found.group('format')}", root
    return None


def list_photos(archive, variant, root):
    """The ExportPhotos of a Facebook export: albums first (they say which photo is the profile
    picture), then posts and loose photos."""
    names = set(archive.names)
    year, form = variant.split("-")
    folder = dict((y, f) for f, y in FOLDERS)[year]
    base = f"{root}/{folder}/" if root else f"{folder}/"
    photos = []
    for name in _indexes(names, base, r"album/\d+", form):
        photos += _album(archive, name, names, root, form)
    for stem, kind in ((POSTS, "post_photo"), ("your_uncategorized_photos", "post_photo"),
                       ("your_videos", "video_thumbnail")):
        for name in _indexes(names, base, stem, form):
            references = json_media(load_json(archive, name)) if form == "json" else html_media(archive, name)
            photos += photos_from(references, names, root, kind)
    return unique(photos)


def _indexes(names, base, stem, form):
    pattern = re.compile(re.escape(base) + stem + r"\." + form + "$")
    return sorted((n for n in names if pattern.match(n)), key=_natural)


def _natural(name):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _album(archive, name, names, root, form):
    if form == "json":
        album = load_json(archive, name)
        title = str(album.get("name", "")) if isinstance(album, dict) else ""
        references = list(json_media(album))
    else:
        references = html_media(archive, name)
        title = _html_title(archive.read_text(name))
    kind = ALBUM_KINDS.get(_unmangle(title).strip().lower(), "post_photo")
    return photos_from(references, names, root, kind)


def _unmangle(text):
    """Facebook's JSON writes UTF-8 bytes as Latin-1 characters ("í\x94\x84..." for "프...")."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _html_title(text):
    found = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
    title = found.group(1) if found else ""
    return "" if html_date(title) else re.sub(r"<[^>]+>", "", title)
