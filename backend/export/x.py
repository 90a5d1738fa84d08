"""X's (Twitter's) "Download an archive of your data". The variants (docs/exports.md):

    2019–2022  data/tweet.js  ("window.YTD.tweet.part0 = [...]")  + data/tweet_media/
    2022–      data/tweets.js ("window.YTD.tweets.part0 = [...]") + data/tweets_media/
    both       data/profile.js + data/profile_media/ (the avatar and the header banner)

A media file is named "<tweet id>-<media file name>", and a tweet id since 2010 is a
snowflake that carries its own time: the tweets themselves (their text, replies,
mentions) are never read. data/profile.js is read only to tell the avatar from
the banner.
"""
import posixpath
import re

from .index import ExportPhoto, find_root, is_image, iso_date, load_json

PLATFORM = "x"
MEDIA_FOLDERS = ("tweets_media", "tweet_media")
SNOWFLAKE_EPOCH_MS = 1288834974657
FIRST_SNOWFLAKE = 1 << 32   # ids below this are from before 2010 and carry no time


def detect(names):
    """(variant, root) when `names` are an X archive, else None."""
    root, found = find_root(names, r"data/(?P<file>tweets|tweet|manifest|account)\.js")
    if not found:
        return None
    base = f"{root}/data/" if root else "data/"
    variant = "2019" if any(n.startswith(base + "tweet_media/") or n == base + "tweet.js" for n in names) \
        else "2022"
    return variant, root


def list_photos(archive, variant, root):
    """The ExportPhotos of an X archive: the profile's avatar and banner, then the tweets' photos."""
    base = f"{root}/data/" if root else "data/"
    photos = _profile_photos(archive, base)
    for folder in MEDIA_FOLDERS:
        prefix = base + folder + "/"
        for name in archive.names:
            if name.startswith(prefix) and "/" not in name[len(prefix):] and is_image(name):
                photos.append(ExportPhoto(name, "post_photo", tweet_date(posixpath.basename(name))))
    return photos


def tweet_date(file_name):
    """The ISO date a tweet's media file was posted, from the snowflake id in its name."""
    found = re.match(r"(\d{10,20})-", file_name)
    if not found or int(found.group(1)) < FIRST_SNOWFLAKE:
        return None
    return iso_date(((int(found.group(1)) >> 22) + SNOWFLAKE_EPOCH_MS) / 1000)


def _profile_photos(archive, base):
    prefix = base + "profile_media/"
    files = [n for n in archive.names if n.startswith(prefix) and is_image(n)]
    if not files:
        return []
    banner = ""
    if base + "profile.js" in archive.names:
        profile = load_json(archive, base + "profile.js", prefix="window.YTD")
        entry = profile[0].get("profile", {}) if isinstance(profile, list) and profile and \
            isinstance(profile[0], dict) else {}
        banner = posixpath.basename(str(entry.get("headerMediaUrl") or "")).split("?")[0]
    # The banner's file is "<account id>-<the last part of headerMediaUrl>.jpg".
    return [ExportPhoto(name, "cover_photo" if banner and banner in posixpath.basename(name) else "profile_photo")
            for name in files]
