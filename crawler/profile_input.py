"""What a person typed in the "add a profile" box, read once, here, for every page that asks.

People type what their friends write, not links: "@minjun.kim", "minjun.kim", "insta @minjun.kim",
a link copied from the app with its tracking parameters, a mobile link. Read as a web address,
"@minjun.kim" becomes https://minjun.kim/, a stranger's website, and a check of it finds
nothing: a false all-clear. So:

- a link to a known platform becomes that profile's canonical link, or is refused when it is
  not a profile (a post, the home page);
- a handle alone (with or without "@") is never read as a website: the reader picks the
  platform (a bare name that is also a domain offers "a website" as one more choice);
- a handle with a platform's name ("insta @minjun.kim", "틱톡: minjun") is that profile;
- any other link is accepted only as a "website", which the reader sees before the check.

    read_input(text) -> {"kind": "profile", "platform", "url"}
                      | {"kind": "website", "platform": "generic", "url"}
                      | {"kind": "handle", "handle", "choices": [{"platform", "url"}], "website": url | None}
    raises InputError(code, message) for what cannot be any of these.

Pure: no network. The phone page and the extension ask it through POST /api/v1/profile-input,
so no copy of these rules lives in a page.
"""
import re
from urllib.parse import urlsplit

from .platforms import adapter_for_host, identify_profile

MAX_LENGTH = 2048

# Platforms a handle alone may belong to, in the order they are offered (the ones Korean
# teenagers use most first), each with its handle pattern and profile link.
HANDLES = (
    ("instagram", r"[A-Za-z0-9._]{1,30}", "https://www.instagram.com/{lower}/"),
    ("tiktok", r"[A-Za-z0-9._]{2,24}", "https://www.tiktok.com/@{lower}"),
    ("x", r"[A-Za-z0-9_]{1,15}", "https://x.com/{lower}"),
    ("youtube", r"[A-Za-z0-9._-]{3,30}", "https://www.youtube.com/@{handle}"),
    ("facebook", r"[A-Za-z0-9.]{5,50}", "https://www.facebook.com/{handle}"),
)
# What people call each platform before a handle ("insta @name", "인스타: name").
ALIASES = {
    "instagram": ("instagram", "insta", "ig", "인스타그램", "인스타", "인스타 아이디"),
    "tiktok": ("tiktok", "tik tok", "tt", "틱톡"),
    "x": ("twitter", "x", "트위터", "엑스"),
    "youtube": ("youtube", "yt", "유튜브"),
    "facebook": ("facebook", "fb", "페이스북", "페북"),
}
HANDLE = re.compile(r"^@?([A-Za-z0-9._-]{1,64})$")
DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$", re.I)
# A link from a platform's "share" button or short-link service: followed by the crawler, not parsed.
SHORT_LINK = re.compile(r"^(?:vm|vt)\.tiktok\.com/|^(?:www\.)?tiktok\.com/t/|^(?:www\.)?instagram\.com/share/", re.I)


class InputError(ValueError):
    """Typed text that names no profile; `code` for the page's words, `message` in English."""

    def __init__(self, code, message, platform=None):
        super().__init__(message)
        self.code, self.message, self.platform = code, message, platform


def read_input(text):
    """The profile, website or handle in `text` (see the module's docstring)."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("empty", "Type a profile link or a name.")
    if len(text) > MAX_LENGTH:
        raise InputError("too_long", f"That is longer than {MAX_LENGTH} characters.")
    typed = " ".join(text.split())
    named = _named_handle(typed)
    if named:
        return named
    match = HANDLE.match(typed)
    if match and not _looks_like_link(typed):
        return _handle(match.group(1), typed.startswith("@"))
    return _link(typed)


def handle_choices(handle):
    """[{"platform", "url"}] for each platform whose names can be `handle`."""
    return [{"platform": name, "url": url.format(handle=handle, lower=handle.lower())}
            for name, pattern, url in HANDLES if re.fullmatch(pattern, handle)]


def _handle(handle, with_at):
    choices = handle_choices(handle)
    # "minjun.kim" may be a website too; "@minjun.kim" never is.
    website = f"https://{handle.lower()}/" if not with_at and DOMAIN.match(handle) else None
    if not choices and not website:
        raise InputError("bad_handle", "That name is not one a platform allows: copy the profile's link instead.")
    return {"kind": "handle", "handle": handle, "choices": choices, "website": website}


def _named_handle(typed):
    """"insta @minjun.kim" → that Instagram profile; None when no platform is named first."""
    lowered = typed.lower()
    for platform, names in ALIASES.items():
        for name in sorted(names, key=len, reverse=True):
            if not lowered.startswith(name):
                continue
            rest = typed[len(name):]
            if not rest or rest[0] not in " :：@":
                continue
            handle = rest.lstrip(" :：").strip()
            match = HANDLE.match(handle)
            if not match:
                continue
            fits = [c for c in handle_choices(match.group(1)) if c["platform"] == platform]
            if not fits:
                raise InputError("bad_handle", "That name is not one this platform allows: copy the profile's link.")
            return {"kind": "profile", "platform": platform, "url": fits[0]["url"]}
    return None


def _looks_like_link(typed):
    """A name with a dot could be a domain; it is read as a link only with a scheme, "www." or a path,
    or when it is a platform's own domain ("instagram.com" is no one's handle)."""
    lowered = typed.lower()
    return "://" in lowered or lowered.startswith("www.") or (
        bool(DOMAIN.match(lowered)) and adapter_for_host(lowered).name != "generic")


def _link(typed):
    try:
        profile = identify_profile(typed)
    except ValueError as error:
        code = "post_link" if "one post" in str(error) or "one video" in str(error) else "invalid_url"
        raise InputError(code, f"That is not a profile link: {error}.") from None
    if profile["platform"] == "generic":
        return {"kind": "website", "platform": "generic", "url": profile["url"]}
    parts = urlsplit(profile["url"])
    if SHORT_LINK.search(f"{parts.hostname}{parts.path}") or adapter_for_host(parts.hostname).account_in(profile["url"]):
        return {"kind": "profile", "platform": profile["platform"], "url": profile["url"]}
    raise InputError("not_a_profile", "That page of the platform is not a profile: open the profile and copy its link.",
                     profile["platform"])
