"""What every platform's parser shares: the photo record, and reading the index files
(JSON and HTML) that say which media file is which post, story or profile picture.

Only the media references and their dates are taken from an index file: captions,
titles, places and people tagged are never looked at.
"""
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from html.parser import HTMLParser

from .archive import ExportError, is_private, resolve

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".avif")
KINDS = ("post_photo", "story_photo", "profile_photo", "cover_photo", "video_thumbnail")
TIMESTAMP_KEYS = ("creation_timestamp", "taken_at", "timestamp")
# "Jan 10, 2023 4:25 pm", "Jan 10, 2023, 4:25:13 PM": the dates of the HTML exports.
HTML_DATE = re.compile(r"\b([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2})(?::\d{2})? ?([AaPp][Mm])\b")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ExportPhoto:
    """One photo of an export: the ZIP member, what it was on the platform, when, and
    whether the user archived it (hidden from the profile, yet seen before)."""
    name: str
    kind: str = "post_photo"
    taken_at: str | None = None
    archived: bool = False


def is_image(name):
    return name.lower().endswith(IMAGE_SUFFIXES)


def iso_date(value):
    """An ISO 8601 UTC date from a Unix timestamp or an ISO string, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and 0 < value < 4e9:
        return datetime.fromtimestamp(value, timezone.utc).isoformat(timespec="seconds")
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).isoformat(timespec="seconds")
    return None


def html_date(text):
    """The ISO date of the first English date in an HTML export's text, or None."""
    found = HTML_DATE.search(text)
    if not found or found.group(1) not in MONTHS:
        return None
    month, day, year, hour, minute, half = found.groups()
    hour = int(hour) % 12 + (12 if half.lower() == "pm" else 0)
    try:
        moment = datetime(int(year), MONTHS.index(month) + 1, int(day), hour, int(minute), tzinfo=timezone.utc)
    except ValueError:
        return None
    return moment.isoformat(timespec="seconds")


def load_json(archive, name, prefix=""):
    """An index file as JSON; X's "window.YTD.x.part0 = [...]" files after their `prefix`."""
    text = archive.read_text(name).lstrip("\ufeff")
    if prefix:
        text = re.sub(r"^\s*window\.YTD\.[A-Za-z0-9_]+\.part\d+\s*=\s*", "", text, count=1)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise ExportError("damaged", "An index file of the export is not valid JSON.") from None


def json_media(data, timestamp=None):
    """(uri, date) for every {"uri": ...} or {"path": ...} in a JSON index, with the nearest
    date above it. Walks any shape, so a renamed key in next year's export still works."""
    if isinstance(data, dict):
        for key in TIMESTAMP_KEYS:
            if key in data and iso_date(data[key]):
                timestamp = iso_date(data[key])
                break
        for key in ("uri", "path"):
            if isinstance(data.get(key), str):
                yield data[key], timestamp
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from json_media(value, timestamp)
    elif isinstance(data, list):
        for value in data:
            yield from json_media(value, timestamp)


class _MediaLinks(HTMLParser):
    """Collects the relative <img src> and <a href> links of an HTML export page, each with
    the first date written after it (the platforms print a post's date below its media)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._undated = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        link = attrs.get("src") if tag in ("img", "video") else attrs.get("href") if tag == "a" else None
        if link and "://" not in link and not link.startswith(("data:", "#", "mailto:")):
            self._undated.append(len(self.found))
            self.found.append([link, None])

    def handle_data(self, data):
        if self._undated and (date := html_date(data)):
            for index in self._undated:
                self.found[index][1] = date
            self._undated = []


def html_media(archive, name):
    """(link, date) for the media an HTML export page shows, in page order."""
    parser = _MediaLinks()
    parser.feed(archive.read_text(name))
    parser.close()
    return [tuple(item) for item in parser.found]


def photos_from(references, names, folder, kind, archived=False):
    """ExportPhotos for (uri, date) references that name image members of the ZIP."""
    photos = []
    for uri, date in references:
        member = resolve(names, folder, uri)
        if member and is_image(member) and not is_private(member):
            photos.append(ExportPhoto(member, kind, date, archived))
    return photos


def unique(photos):
    """The photos without repeats (a post's photo is in an album too): the first one wins."""
    seen, kept = set(), []
    for photo in photos:
        if photo.name not in seen:
            seen.add(photo.name)
            kept.append(photo)
    return kept


def find_root(names, pattern):
    """The folder the export sits in (often a top folder added when it was re-zipped) and the
    match of `pattern` on the first index file found, or (None, None)."""
    regex = re.compile(r"(?:^|/)(?P<index>" + pattern + r")$")
    for name in names:
        if found := regex.search(name):
            return name[:found.start("index")].rstrip("/"), found
    return None, None
