"""What every platform's parser shares: the photo record, reading the index files (JSON
and HTML) that say which media file is which post, story or profile picture, and
the tally of what was found and what could not be placed.

Only the media references, their dates and an album's title are taken from an index
file: captions, places and people tagged are never looked at. Every reader here is
linear in its input (an index file is hostile input): the HTML is tokenised by one
regular expression whose every repeat is bounded by the next "<" or ">", and a JSON
file's size in memory is estimated from its brackets and commas before it is parsed.
"""
import html
import json
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from .archive import ExportError, clean_name, is_private
from .languages import AFTERNOON, MORNING, month_number

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".avif")
KINDS = ("post_photo", "story_photo", "profile_photo", "cover_photo", "video_thumbnail")
TIMESTAMP_KEYS = ("creation_timestamp", "taken_at", "timestamp")
# A parsed JSON index costs about 80 bytes a bracket and 16 a comma (an empty dict is 64,
# a list slot 8): "[{},{},…]" of 63 MB would take 1.5 GB. Refused above this estimate.
MAX_JSON_MEMORY = 256 * 1024 ** 2
# The dates the HTML exports print, in the languages of languages.py. Every repeat is
# bounded, so a search costs at most the pattern's length at each position.
_TIME = r"(?:,?\s?(?:at|à|um|às|a las|a la|alle)?\s?(?:(오전|오후|上午|下午|午前|午後)\s?)?(\d{1,2})[:h](\d{2})(?::\d{2})?\s?([AaPp]\.?\s?[Mm]\.?)?)?"
DATE_PATTERNS = (
    # 2023년 1월 10일 오후 4:25 · 2023年1月10日 16:25 · 2023年1月10日 下午4:25
    ("ymd", re.compile(r"(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일](?:\s?[(（][^)）]{1,3}[)）])?" + _TIME)),
    # 10 Jan 2023, 16:25 · 10 de enero de 2023 16:25 · 10. Januar 2023 um 16:25 · 10 janv. 2023 à 16:25
    ("dmy", re.compile(r"\b(\d{1,2})\.?\s(?:de\s)?([^\W\d_]{3,10})\.?,?\s(?:de\s)?(\d{4})" + _TIME)),
    # 10.01.2023, 16:25 (German and others write the month as a number, day first)
    ("dmy", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME)),
    # Jan 10, 2023 4:25 pm · January 10, 2023 at 4:25 PM
    ("mdy", re.compile(r"\b([^\W\d_]{3,10})\.?\s(\d{1,2}),?\s(\d{4})" + _TIME)),
)
# The tags of an HTML page that show media, each with its attributes up to the next ">": every
# other tag and all text are skipped by the regular expression engine, not by a Python loop.
_MEDIA_TAG = re.compile(r"<(img|a|video|source)\b([^<>]*)>", re.I)
_TITLE = re.compile(r"<title\b[^<>]*>([^<]*)", re.I)
_ANY_TAG = re.compile(r"<[^<>]*>")
# A link attribute; an unclosed quote runs to the tag's end, so no value is scanned twice.
_LINK = re.compile(r"""\b(src|href)\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s"'>]+))""", re.I)
# More links than any real page shows: "<img src=a>" repeated over 64 MB would be 5 million.
MAX_PAGE_LINKS = 200_000


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
    """The ISO date of the first date written in `text` in any export language, or None.
    The export prints local time without its zone; it is kept as written, marked UTC."""
    best = None
    for order, pattern in DATE_PATTERNS:
        for found in pattern.finditer(text):
            moment = _moment(order, found.groups())
            if moment:
                if best is None or found.start() < best[0]:
                    best = (found.start(), moment)
                break
    return best[1].isoformat(timespec="seconds") if best else None


def _moment(order, groups):
    if order == "ymd":
        year, month, day, *clock = groups
    elif order == "dmy":
        day, month, year, *clock = groups
        month = int(month) if month.isdigit() else month_number(month)
    else:
        month, day, year, *clock = groups
        month = month_number(month)
    half_before, hour, minute, half_after = clock
    hour = int(hour) if hour else 0
    half = (half_before or half_after or "").casefold().replace(" ", "")
    if half in AFTERNOON and hour < 12:
        hour += 12
    elif half in MORNING and hour == 12:
        hour = 0
    try:
        return datetime(int(year), int(month or 0), int(day), hour, int(minute or 0), tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None


def load_json(archive, name, prefix=False):
    """An index file as JSON; with `prefix`, X's "window.YTD.x.part0 = [...]" files.
    ExportError "index_too_large" when its parsed form would be too large for memory."""
    text = archive.read_text(name).lstrip("\ufeff")
    if prefix:
        found = re.match(r"\s*window\.YTD\.[A-Za-z0-9_]{1,64}\.part\d{1,4}\s*=\s*", text)
        text = text[found.end():] if found else text
    estimate = 80 * (text.count("{") + text.count("[")) + 16 * text.count(",")
    if estimate > MAX_JSON_MEMORY:
        raise ExportError("index_too_large", "An index file of the export holds too many entries to be read "
                                             f"(about {estimate // 1024 ** 2:,} MB once parsed).")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise ExportError("damaged", "An index file of the export is not valid JSON.") from None


def json_media(data, timestamp=None):
    """(uri, date) for every {"uri": ...} or {"path": ...} in a JSON index, with the nearest
    date above it. Walks any shape, so a renamed key in next year's export still works; with a
    stack of its own, in document order (nested generators cost each item the whole depth)."""
    stack = [(data, timestamp)]
    while stack:
        item, timestamp = stack.pop()
        if isinstance(item, dict):
            for key in TIMESTAMP_KEYS:
                if key in item and iso_date(item[key]):
                    timestamp = iso_date(item[key])
                    break
            for key in ("uri", "path"):
                if isinstance(item.get(key), str):
                    yield item[key], timestamp
            children = item.values()
        else:
            children = item
        stack.extend((child, timestamp) for child in reversed(list(children)) if isinstance(child, (dict, list)))


def html_page(text):
    """(title, [(link, date)]) of an HTML export page: the relative <img src> and <a href>
    links in page order, each with the first date written after it (the platforms print a
    post's date below its media). One pass over the page; ExportError past MAX_PAGE_LINKS."""
    title = _TITLE.search(text)
    # Two flat lists, not a pair per link: 200,000 small containers would each be walked by the
    # garbage collector again and again as the page is read.
    links, dates, undated, position = [], [], 0, 0
    for tag in _MEDIA_TAG.finditer(text):
        if undated < len(links):  # the text since the last media tag may hold their date
            if date := html_date(html.unescape(_ANY_TAG.sub(" ", text[position:tag.start()]))):
                dates[undated:] = [date] * (len(links) - undated)
                undated = len(links)
        position = tag.end()
        name = tag.group(1).lower()
        for link in _LINK.finditer(tag.group(2)):
            key, value = link.group(1).lower(), html.unescape(next(v for v in link.groups()[1:] if v is not None))
            if (key == "src") == (name != "a") and value and "://" not in value and \
                    not value.startswith(("data:", "#", "mailto:")):
                links.append(value)
                dates.append(None)
        if len(links) > MAX_PAGE_LINKS:
            raise ExportError("index_too_large", "A page of the export shows more pictures than it can hold.")
    if undated < len(links) and (date := html_date(html.unescape(_ANY_TAG.sub(" ", text[position:])))):
        dates[undated:] = [date] * (len(links) - undated)
    return html.unescape(title.group(1)).strip() if title else "", list(zip(links, dates))


def html_media(archive, name):
    """(link, date) for the media an HTML export page shows, in page order."""
    return html_page(archive.read_text(name))[1]


class Found:
    """The photos of one export as its index files place them, and how many pictures the
    index files name that could not be placed (missing from the ZIP, or where no media is).

    `in_media(path)` says whether a path (from the export's root) is where the platform keeps
    the user's media: anything else an index page shows (the platform's logo) is page
    furniture and never a photo.
    """

    def __init__(self, names, root, in_media):
        self.names, self.root, self.in_media = names, root, in_media
        self.photos, self.unread, self._seen = [], 0, set()
        self.excluded = set()  # pictures the index files show that are not the user's (a logo, a retweet)

    def add(self, references, kind, archived=False, page=None):
        """Place (uri, date) references: relative to the export's root, or to the HTML `page`."""
        for uri, date in references:
            if not is_image(uri.split("?")[0]):
                continue
            member = self.resolve(uri, page)
            relative = member and (member.removeprefix(self.root + "/") if self.root else member)
            if member is None:
                self.unread += self.in_media(_plain(uri)) and not is_private(_plain(uri))
            elif not self.in_media(relative):
                self.excluded.add(member)
            elif not is_private(member) and member not in self._seen:
                self._seen.add(member)  # a post's photo is in an album too: the first one wins
                self.photos.append(ExportPhoto(member, kind, date, archived))

    def resolve(self, uri, page=None):
        """The ZIP member a relative `uri` names, or None. Tried from the export's root, as it
        is (an export whose URIs already carry its top folder), and from the HTML page's folder."""
        candidates = []
        try:
            relative = clean_name(uri.split("?")[0])
            candidates += [posixpath.join(self.root, relative) if self.root else relative, relative]
        except ExportError:
            pass
        if page:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), uri.split("?")[0]))
            if not joined.startswith(("../", "/")) and joined != "..":
                candidates.append(joined)
        return next((c for c in candidates if c in self.names), None)


def _plain(uri):
    return posixpath.normpath(uri.split("?")[0]).lstrip("./")


def find_root(names, pattern):
    """The folder the export sits in (often a top folder added when it was re-zipped) and the
    match of `pattern` on the first index file found, or (None, None)."""
    regex = re.compile(r"(?:^|/)(?P<index>" + pattern + r")$")
    for name in names:
        if found := regex.search(name):
            return name[:found.start("index")].rstrip("/"), found
    return None, None


def pictures_outside(names, root, known):
    """How many pictures the export holds outside its private folders and the members `known`:
    what an export whose layout is new would leave unread."""
    prefix = f"{root}/" if root else ""
    return sum(1 for name in names if name.startswith(prefix) and is_image(name) and not is_private(name)
               and name not in known)
