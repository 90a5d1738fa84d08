"""Platform adapters: which URLs belong to a platform, their canonical form, and the page signals.

Each adapter is small on purpose: the generic path (crawler/extract.py) finds
images on any site; an adapter only knows its hosts, how its profile URLs are
written, what its not-found / private / login-wall pages say (docs/platforms.md),
and which image URLs it may safely ask in a larger size.
"""
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from . import hostmap, provenance

TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|igsh|igshid|mibextid|_t|_r|is_from_webapp|sender_device|"
                      r"trk|trackingid|originalsubdomain|ref_src|share_id)$", re.I)
INSTAGRAM_RESERVED = {"p", "reel", "reels", "tv", "explore", "stories", "accounts", "direct", "share"}

# Signals shared by every site (title, visible text, markup or final URL).
COMMON_SIGNALS = (
    ("blocked", "title", r"^(Just a moment\.\.\.|Attention Required!|Security check|Access denied|"
                         r"Are you a robot\?|Verify you are human|보안 확인)"),
    ("blocked", "html", r"challenge-platform|cf_chl_opt|cf-chl-|g-recaptcha|h-captcha|hcaptcha\.com/|"
                        r"captcha-delivery\.com|px-captcha|<form[^>]+action=\"[^\"]*(?:challenge|captcha|checkpoint)"),
    ("not_found", "title", r"\b(404|page not found|not found)\b|페이지를 찾을 수 없습니다"),
    ("login_wall", "url", r"/(login|signin|sign-in|sign_in|authwall|accounts/login|uas/login|s/login)\b"),
)


class Adapter:
    """One platform: its name, hosts, canonical URL form, signals and size upgrades."""

    name = "generic"
    hosts = ()
    # (status, where, pattern); where is "title", "text" (title + visible text), "html", "url" (final path),
    # or "record": (key, value) in one of the owner's own JSON records (other accounts' records say it too).
    signals = ()

    def owns(self, host):
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def canonical(self, parts):
        """The canonical URL for a parsed URL of this platform (the generic form by default)."""
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)]
        return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", urlencode(query), ""))

    def larger(self, url):
        """Larger variants of an image URL to try before it (only where the URL is not signed)."""
        return google_larger(url)

    # A link to an account on this platform: a regex over the link's path and query whose
    # first non-empty group is the account's name (shared with the page script, so JS syntax).
    profile_link = None
    # A link to one post rather than a profile: refused as a profile link.
    post_link = None

    def is_web_host(self, host):
        """True for the platform's own web host (not its CDNs): www.instagram.com, x.com, bsky.app."""
        return bool(self.profile_link) and any(
            host in (h, "www." + h, "m." + h, "mobile." + h, "web." + h) for h in self.hosts)

    def account_in(self, url):
        """The account a link on this platform's page points to (normalised), or None."""
        if not self.profile_link or not url:
            return None
        parts = urlsplit(url)
        if parts.hostname and not self.owns(parts.hostname.lower()):
            return None
        match = re.search(self.profile_link, parts.path, re.I) or (
            parts.query and re.search(self.profile_link, parts.path + "?" + parts.query, re.I))
        name = next((g for g in match.groups() if g), None) if match else None
        return provenance.name_of(name) if name else None

    def owner_names(self, url):
        """The names the owner of the profile at `url` goes by, as its link gives them."""
        name = self.account_in(url)
        return {name} if name else set()

    def refuse_post(self, parts):
        """Raise ValueError when the link is to a single post, not to a profile."""
        if self.post_link and re.search(self.post_link, parts.path, re.I):
            raise ValueError("it is a link to one post; give the link of the profile page")


# Google's image servers (Blogger uploads, its image proxy, Sites, Photos) take the size in the URL:
# a path segment (".../s72-c/photo.jpg", ".../w72-h72-p-k-no-nu/photo.jpg") or a suffix
# ("...=w72-h72-p-k-no-nu", "...=s80-c"). Blogger's "Popular posts" show 72 px crops that way.
GOOGLE_HOSTED = re.compile(r"(?://|/h/)(?:lh\d\.googleusercontent\.com|blogger\.googleusercontent\.com|"
                           r"\d\.bp\.blogspot\.com|lh\d\.ggpht\.com)/", re.I)
GOOGLE_SIZE_SEGMENT = re.compile(r"/(?:s\d{1,4}(?:-[a-z0-9-]+)?|w\d{1,4}-h\d{1,4}(?:-[a-z0-9-]+)?)(?=/[^/]+$)", re.I)
GOOGLE_SIZE_SUFFIX = re.compile(r"=(?:[swh]\d{1,4}|-?[a-z]{1,2}\d*)(?:-[a-z0-9]+)*$", re.I)


def google_larger(url):
    """The full-size variant of a picture on Google's image servers (unsigned: the size is a URL option)."""
    if not GOOGLE_HOSTED.search(url):
        return []
    base, _, query = url.partition("?")
    if GOOGLE_SIZE_SEGMENT.search(base):
        bigger = GOOGLE_SIZE_SEGMENT.sub("/s1600", base)
    elif GOOGLE_SIZE_SUFFIX.search(base):
        bigger = GOOGLE_SIZE_SUFFIX.sub("=s1600", base)
    else:
        return []
    bigger += ("?" + query) if query else ""
    return [bigger] if bigger != url else []


class Instagram(Adapter):
    name = "instagram"
    hosts = ("instagram.com", "instagr.am")
    signals = (
        ("not_found", "text", r"Sorry, this page isn.t available|Page Not Found|죄송합니다. 페이지를 사용할 수 없습니다"),
        ("blocked", "text", r"Please wait a few minutes before you try again"),
        ("private", "text", r"This account is private|비공개 계정입니다|사진과 동영상을 보려면 이 계정을 팔로우하세요"),
        ("private", "record", ("is_private", True)),
        ("login_wall", "text", r"Log in • Instagram|Log in to view posts from|로그인하여 .*게시물"),
        ("login_wall", "url", r"/accounts/login"),
        ("blocked", "url", r"^/challenge/|^/accounts/suspended"),
    )
    profile_link = (r"^/(?!(?:p|reel|reels|tv|explore|accounts|about|legal|direct|stories|developer|web|emails|"
                    r"challenge|privacy|terms|share|api|graphql)(?:/|$))([A-Za-z0-9._]{1,30})/?"
                    r"(?:(?:followers|following|tagged|reels|saved|(?:p|reel)/[\w-]+)/?)?$")
    post_link = r"^/(?:[A-Za-z0-9._]+/)?(?:p|reel|reels|tv)/[\w-]+|^/stories/"

    def canonical(self, parts):
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[0] == "share":
            return "https://www.instagram.com/" + "/".join(segments) + "/"
        if segments and segments[0].lower() not in INSTAGRAM_RESERVED:
            return "https://www.instagram.com/%s/" % segments[0].lstrip("@").lower()
        return "https://www.instagram.com/" + "/".join(segments) + ("/" if segments else "")


class Facebook(Adapter):
    name = "facebook"
    hosts = ("facebook.com", "fb.com")
    signals = (
        ("not_found", "text", r"Page Not Found|This content isn.t available|이 콘텐츠를 이용할 수 없습니다"),
        ("login_wall", "text", r"You must log in to continue"),
        ("login_wall", "html", r'id="login_form"|id="loginbutton"'),
        ("login_wall", "url", r"/login"),
        ("blocked", "url", r"^/checkpoint"),
    )
    profile_link = (r"^/(?:profile\.php\?(?:.*&)?id=(\d+)|people/[^/]+/(\d+)|"
                    r"(?!(?:login|recover|help|policies|privacy|pages|groups|events|watch|marketplace|gaming|reel|"
                    r"photo|photos|photo\.php|story\.php|permalink\.php|hashtag|share|sharer|dialog|plugins|l\.php|"
                    r"ads|business|checkpoint|profile\.php)(?:/|$|\?))([A-Za-z0-9.]{5,}))/?$")
    post_link = (r"/posts/|/videos/\d|/reel/\d|^/photo(?:\.php)?/?$|^/permalink\.php|^/story\.php|"
                 r"^/watch/?$|/photos/[a-z.]*\.?\d+/\d+|^/share/[pvr]/")

    def canonical(self, parts):
        keep = {k: v for k, v in parse_qsl(parts.query) if k in ("id", "sk")}
        path = parts.path.rstrip("/") or "/"
        return urlunsplit(("https", "www.facebook.com", path, urlencode(keep), ""))


class X(Adapter):
    name = "x"
    hosts = ("x.com", "twitter.com", "fxtwitter.com", "vxtwitter.com", "fixupx.com", "fixvx.com")
    signals = (
        ("not_found", "text", r"This account doesn.t exist|Account suspended"),
        ("private", "text", r"These posts are protected|These Tweets are protected"),
        ("blocked", "text", r"Caution: This account is temporarily restricted"),
        ("login_wall", "text", r"Sign in to X|Log in to X"),
        ("login_wall", "url", r"/i/flow/login"),
        ("blocked", "url", r"^/account/access"),
    )
    profile_link = (r"^/(?!(?:i|home|explore|search|settings|login|signup|tos|privacy|hashtag|messages|"
                    r"notifications|compose|intent|share|account)(?:/|$))([A-Za-z0-9_]{1,15})"
                    r"(?:/(?:status/\d+.*|photo|header_photo|media|with_replies|likes|followers|following|"
                    r"verified_followers|highlights|articles))?/?$")
    post_link = r"^/[A-Za-z0-9_]{1,15}/status(?:es)?/\d+"

    def canonical(self, parts):
        segments = [s for s in parts.path.split("/") if s]
        handle = segments[0].lstrip("@").lower() if segments else ""
        return "https://x.com/" + handle

    def larger(self, url):
        if "/media/" in url and "name=" in url:
            base = url.split("?")[0]
            fmt = re.search(r"format=(\w+)", url)
            ext = re.search(r"\.(jpg|png|webp)$", base)
            stem = re.sub(r"\.(jpg|png|webp)$", "", base)
            return ["%s?format=%s&name=orig" % (stem, (fmt or ext).group(1) if (fmt or ext) else "jpg")]
        if "/profile_images/" in url:
            return [re.sub(r"_(normal|bigger|mini|x96|200x200|400x400)(\.\w+)$", r"\2", url)]
        return []


class TikTok(Adapter):
    name = "tiktok"
    hosts = ("tiktok.com",)
    signals = (
        ("not_found", "text", r"Couldn.t find this account"),
        ("private", "text", r"This account is private"),
        ("private", "record", ("privateAccount", True)),
        ("private", "html", r'"statusCode"\s*:\s*1022[26]'),
        ("blocked", "html", r'"statusCode"\s*:\s*10204'),
        ("not_found", "html", r'"statusCode"\s*:\s*10221'),
        ("blocked", "html", r'id="(?:tiktok-verify-page|captcha[-_]container)"|class="[^"]*secsdk-captcha'),
    )
    profile_link = r"^/@([A-Za-z0-9._-]+)(?:/|$)"
    post_link = r"^/@[^/]+/(?:video|photo|live)/|^/v/\d+"

    def canonical(self, parts):
        host = parts.netloc.lower()
        if host.startswith(("vm.", "vt.")) or parts.path.startswith("/t/"):
            return urlunsplit(("https", host, parts.path, "", ""))
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[0].startswith("@"):
            return "https://www.tiktok.com/%s" % segments[0].lower()
        return urlunsplit(("https", "www.tiktok.com", parts.path or "/", "", ""))


class YouTube(Adapter):
    name = "youtube"
    hosts = ("youtube.com", "youtu.be")
    signals = (
        ("not_found", "text", r"This channel does not exist|This account has been terminated"),
        ("login_wall", "html", r"channelAgeGateRenderer"),
        ("blocked", "text", r"Our systems have detected unusual traffic"),
        ("blocked", "url", r"^/sorry/"),
    )
    profile_link = r"^/(?:(@[^/?#]+)|channel/(UC[\w-]{22})|c/([^/?#]+)|user/([^/?#]+))(?:/|$|\?)"
    post_link = r"^/(?:watch|shorts/|live/[\w-]|embed/|playlist|post/)"
    TABS = {"videos", "shorts", "streams", "posts", "featured", "community", "playlists", "about"}

    def canonical(self, parts):
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[-1] in self.TABS:
            segments = segments[:-1]
        return "https://www.youtube.com/" + "/".join(segments)

    def larger(self, url):
        match = re.search(r"^(.*?(?:yt\d\.googleusercontent\.com|yt\d\.ggpht\.com)/[^=?#]+)=", url)
        if match:  # "ID=s88-c-k-c0x00ffffff-no-rj?days_since_epoch=1", "ID=w2560-fcrop64=1,00005a57..."
            return [match.group(1) + "=s0"]
        match = re.search(r"(i\.ytimg\.com/vi/[^/]+/)(hqdefault|mqdefault|sddefault|hq720|default)\.jpg", url)
        if match:
            return [url[:match.end(1)] + "maxresdefault.jpg"]
        return []


class LinkedIn(Adapter):
    name = "linkedin"
    hosts = ("linkedin.com",)
    signals = (
        ("not_found", "text", r"Profile Not Found|This page doesn.t exist"),
        ("login_wall", "text", r"Sign in \| LinkedIn|Join LinkedIn|Sign in to view"),
        ("login_wall", "url", r"/authwall"),
        ("blocked", "url", r"^/checkpoint/"),
    )
    profile_link = r"^/(?:in/([^/?#]+)|posts/([a-z0-9-]+)_)"  # a post's link starts with its author's name
    post_link = r"^/(?:posts|feed/update|pulse|events)/"

    def canonical(self, parts):
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) >= 2 and segments[0] == "in":
            return "https://www.linkedin.com/in/%s/" % segments[1].lower()
        return urlunsplit(("https", "www.linkedin.com", parts.path or "/", "", ""))


class NaverBlog(Adapter):
    name = "naver_blog"
    hosts = ("blog.naver.com",)
    signals = (
        ("not_found", "text", r"존재하지 않는 블로그|페이지를 찾을 수 없습니다|삭제되었거나 존재하지 않는 게시물"),
        ("private", "text", r"비공개 (글|포스트)|이웃공개|서로이웃공개|권한이 없습니다"),
    )
    profile_link = r"^/(?:PostList\.naver\?(?:.*&)?blogId=([\w-]+)|(?!PostView)([A-Za-z0-9_-]{3,})/?$)"

    post_link = r"^/[\w-]+/\d+/?$|^/PostView\.naver"

    def canonical(self, parts):
        query = dict(parse_qsl(parts.query))
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[0].endswith(".naver"):
            segments = [query[k] for k in ("blogId",) if k in query]
        return "https://blog.naver.com/" + "/".join(segments[:1])

    def larger(self, url):
        if "pstatic.net" in url and "type=" in url:
            return [re.sub(r"type=[\w]+", "type=w966", url)]
        return []


class KakaoStory(Adapter):
    name = "kakaostory"
    hosts = ("story.kakao.com",)
    signals = (
        ("login_wall", "url", r"/s/login"),
        ("not_found", "text", r"존재하지 않는|찾을 수 없습니다"),
        ("private", "text", r"나만보기|친구공개|비공개"),
    )

    def canonical(self, parts):
        return urlunsplit(("https", "story.kakao.com", parts.path.rstrip("/") or "/", "", ""))

    profile_link = r"^/(?!(?:s|ch|hashtag)/)(_?[A-Za-z0-9]{4,})/?$"
    post_link = r"^/(?!ch/)_?[A-Za-z0-9]+/[A-Za-z0-9]+/?$"


class Bluesky(Adapter):
    name = "bluesky"
    hosts = ("bsky.app",)
    signals = (
        ("not_found", "text", r"Profile not found|Unable to resolve handle"),
        ("login_wall", "text", r"This user has requested that their content only be shown to signed-in users"),
    )
    profile_link = r"^/profile/([^/?#]+)(?:/|$)"
    post_link = r"^/profile/[^/]+/post/"

    def canonical(self, parts):
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) >= 2 and segments[0] == "profile":
            return "https://bsky.app/profile/%s" % segments[1].lower()
        return urlunsplit(("https", "bsky.app", parts.path or "/", "", ""))

    def larger(self, url):
        """The CDN's presets are unsigned: a thumbnail's full-size preset is the same picture."""
        bigger = re.sub(r"/img/(feed|avatar)_thumbnail/", lambda m: "/img/%s/" % ("feed_fullsize" if m.group(1) == "feed"
                                                                                  else "avatar"), url)
        return [bigger] if bigger != url else []

    def account_in(self, url):
        """Bluesky's CDNs name the account in every picture's URL: /img/<preset>/plain/<did>/<cid>, and a
        video's thumbnail /watch/<did, percent-encoded>/<cid>/thumbnail.jpg."""
        match = re.search(r"(?:cdn\.bsky\.app/img/[\w_]+/plain|video\.bsky\.app/watch)/(did(?::|%3A)[\w:.%-]+)/",
                          url or "", re.I)
        return provenance.name_of(match.group(1)) if match else super().account_in(url)


ADAPTERS = {a.name: a for a in (Instagram(), Facebook(), X(), TikTok(), YouTube(), LinkedIn(), NaverBlog(),
                                 KakaoStory(), Bluesky(), Adapter())}


def identify_profile(url):
    """Return {"platform", "url"} with the canonical URL; ValueError with a plain reason for a bad URL.

    Pure: no network. A URL without a scheme ("instagram.com/name") is read as https.
    """
    if not isinstance(url, str) or not url.strip():
        raise ValueError("empty address")
    url = url.strip()
    if re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", url, re.I) and "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a port that is no number
    except ValueError:
        raise ValueError("malformed web address") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("only http and https links can be checked")
    if not parts.hostname or any(ch in url for ch in " \t\r\n\\"):
        raise ValueError("malformed web address")
    host = parts.hostname.lower().rstrip(".")
    adapter = adapter_for_host(host)
    parts = parts._replace(scheme=parts.scheme.lower(), fragment="")
    if host == "youtu.be" and parts.path.strip("/"):
        raise ValueError("it is a link to one video; give the link of the channel")
    adapter.refuse_post(parts)
    return {"platform": adapter.name, "url": adapter.canonical(parts)}


def identify_link(url):
    """identify_profile as the crawl reads the link: a local fixture's address (hostmap, tests only)
    is identified as the real address it stands for, and kept as written (it is what is fetched).
    The backend identifies links with it, so the platform it hands the crawl is the one the crawl
    would find itself."""
    if not isinstance(url, str):
        return identify_profile(url)  # refused in its words
    url = url.strip()
    seen = hostmap.seen_as(url)
    identity = identify_profile(seen)
    return identity if seen == url else identity | {"url": url}


def adapter_for_host(host):
    """The adapter whose hosts include `host`, else the generic one."""
    for adapter in ADAPTERS.values():
        if adapter.owns(host):
            return adapter
    return ADAPTERS["generic"]


def adapter_named(name):
    """The adapter called `name` (a platform name as in identify_profile)."""
    return ADAPTERS[name]


def read_state(adapter, http_status, final_url, title, text, html, records=()):
    """The profile's state from what the page showed: (status, message).

    A bot check first, then platform signals, then the common ones; an
    unremarkable page is "ok". `records` are the owner's own JSON records.
    """
    if is_bot_check(title, html, final_url):
        return "blocked", MESSAGES["bot_check"]
    for status, where, pattern in tuple(adapter.signals) + COMMON_SIGNALS:
        if where == "record":
            if any(record.get(pattern[0]) == pattern[1] for record in records):
                return status, MESSAGES[status]
            continue
        subject = {"title": title, "text": (title or "") + "\n" + (text or ""), "html": html,
                   "url": urlsplit(final_url or "").path}[where]
        if re.search(pattern, subject or "", re.I):
            return status, MESSAGES[status]
    if http_status in (404, 410):
        return "not_found", MESSAGES["not_found"]
    if http_status == 401:
        return "login_wall", MESSAGES["login_wall"]
    if http_status in (403, 429, 451):
        return "blocked", "the site refused the visit (HTTP %d)" % http_status
    if http_status and http_status >= 500:
        return "error", "the site answered with an error (HTTP %d)" % http_status
    return "ok", MESSAGES["ok"]


SCRIPT_REDIRECT = re.compile(r"(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*[\"']([^\"']+)|"
                             r"location\.(?:replace|assign)\(\s*[\"']([^\"']+)")


def is_bot_check(title, html, final_url):
    """True for a page that only sends the visitor elsewhere: no title, and a meta refresh or a
    script redirect to another path (read at once: a refresh may fire only after the crawl ends)."""
    if (title or "").strip() or not html:
        return False
    from .extract import meta_refresh  # extract imports this module's neighbours; keep the cycle lazy
    targets = [meta_refresh(html)] + [a or b for a, b in SCRIPT_REDIRECT.findall(html[:200_000])]
    here = urlsplit(final_url or "")
    for target in targets:
        if target is None:
            continue
        there = urlsplit(urljoin(final_url or "", target))
        if (there.netloc, there.path.rstrip("/")) != (here.netloc, here.path.rstrip("/")):
            return True
    return False


MESSAGES = {
    "ok": "the profile is public",
    "not_found": "the profile does not exist or was removed",
    "private": "the profile is private: a stranger sees only what is shown here",
    "login_wall": "the site asks a visitor to log in; this is what a stranger sees before that",
    "blocked": "the site refused the visit",
    "bot_check": "the site showed a bot check instead of the profile",
}
