"""Whose picture is it: the profile owner's, another account's, or the site's own.

A profile page shows much besides its owner: suggested accounts, "people also
viewed", featured channels, quoted and reposted posts, comment avatars, side
panels that exist only in the page's JSON, the site's logos, default share
cards, adverts and theme art. Only the owner's pictures are returned; the rest
are counted, so the report can say how many were left out.

Every verdict is (kind, strength). Strength 3: the picture is tied to an account
by the page itself (a link, a test id, the JSON record it sits in); 2: the URL
says it (a site's static host, a default card); 1: the region or JSON path it
sits in ("People also viewed", `suggested_users`); 0: nothing says, so the
default applies. A family of URLs (one picture at several sizes) takes its
strongest verdict, the owner's winning a tie: a friend in the owner's own post
stays, and a picture shown both as the owner's and in a side panel is the owner's.

Another account's picture also says why it is there (`REASONS`): a post or
video of another account, a profile in a "suggested" or "people also viewed"
list, a post the owner reposted, quoted, liked or commented on, a photo others
tagged them in, a comment. The report tells the owner how many of each were
left out. A social line ("Jane reposted", "Liked by Jane") names the owner as
the one who acted, not as the post's author: the post is the other account's.
"""
import re
from urllib.parse import unquote, urlsplit

from . import hostmap

OWNER, OTHER, SITE = "owner", "other_accounts", "site"
LEFT_OUT = (OTHER, SITE)
# Why a picture of another account is on the owner's page, read from the nearest region, social
# line or JSON key that says it (first match of the nearest); "posts" when nothing more is said.
REASONS = (
    ("reposts", re.compile(r"re-?post|retweet|reshare|reblog|재게시|리포스트|리트윗", re.I)),
    ("quotes", re.compile(r"quot(?:e|ed|ing)\b|quoted|embed(?:ded)?[-_ ]?(?:post|record|tweet)|인용", re.I)),
    ("activity", re.compile(r"\bliked\b|like_view|likes? this|comment(?:ed)?[-_ ]on|comment_view|reacted|"
                            r"celebrat|activit(?:y|ies)|좋아요를|댓글을 남겼", re.I)),
    ("tagged", re.compile(r"usertag|tagged|photos?[-_ ]?of\b|photos_?of_?you|mention|태그", re.I)),
    ("comments", re.compile(r"comment|\brepl(?:y|ies)\b|댓글", re.I)),
    ("suggested", re.compile(
        r"suggest|recommend|related|similar|also[-_ ]?viewed|browsemap|people[-_ ]?you[-_ ]?may|who[-_ ]to[-_ ]follow|"
        r"others[-_ ]named|you[-_ ]m(?:ight|ay)[-_ ]like|more[-_ ]profiles|featured[-_ ]?channel|channelrenderer|"
        r"usercell|aside-profiles|pymk|chaining|friends?|followers?|following|이웃|추천|함께 본|알 수도 있는|좋아할 만한",
        re.I)),
)
POSTS, QUOTES = "posts", "quotes"

# Regions of a page (ancestor tags, ids, classes, roles, labels, test ids, section headings).
# On a platform's page: what its side panels and chrome are called.
OTHER_REGION = re.compile(
    r"suggest|recommend|related|similar|also[-_ ]?viewed|browsemap|people[-_ ]?you[-_ ]?may|who[-_ ]to[-_ ]follow|"
    r"others[-_ ]named|you[-_ ]m(?:ight|ay)[-_ ]like|more[-_ ]profiles|featured[-_ ]channels|pymk|"
    r"ytd-(?:grid-|mini-)?channel-renderer|usercell|comment|\brepl(?:y|ies)\b|quote|retweet|repost|reshare|reblog|"
    r"aside-profiles|like_view|\bliked[-_ ]by|tagged|photos? of\b|추천|함께 본|이웃|댓글|알 수도 있는|좋아할 만한", re.I)
SITE_REGION = re.compile(
    r"\bads?\b|[-_]ads?[-_]|advert|sponsor|promot|\bpromo|courses?\b|learning|logo|onboarding|upsell|"
    r"app-?banner|open-?in-?app|cookie|광고|스폰서", re.I)
# On any other site (a blog, a home page) only what cannot be the owner's: a blog's "Related posts"
# and "Courses" are the owner's own.
GENERIC_OTHER_REGION = re.compile(r"comment|\brepl(?:y|ies)\b|댓글", re.I)
GENERIC_SITE_REGION = re.compile(r"\bads?\b|[-_]ads?[-_]|advert|sponsor|promot|\bpromo|cookie|광고|스폰서", re.I)
TILE_NAME = re.compile(r"tile|pattern|texture|stripe|noise|gradient|(^|[/_-])bg[_.-]|background", re.I)
# JSON keys on the path to a picture.
OTHER_KEY = re.compile(
    r"suggest|recommend|related|similar|also_?view|browsemap|who_?to_?follow|featuredchannel|"
    r"(?:grid|mini|compact)?channelrenderer|comment|repl(?:y|ies)|quot(?:e|ed)|retweet|repost|reshare|usertag|"
    r"tagged_?users?|photos_?of_?you|mention|followers?|following|likers?|friends?_?(?:list|suggest)|chaining|"
    r"reasonrepost|music|sound",
    re.I)
SITE_KEY = re.compile(
    r"onboarding|promo|upsell|campaign|advert|^ads?$|_ads?_|sponsor|splash|interstitial|tutorial|^nux|"
    r"login|sign_?up|download|app_?banner|course|learning|seo|i18n|share_?(?:image|card)|default_?(?:image|avatar|cover|card)|"
    r"placeholder|logo|icon|emoji|sticker|badge|effect|config|setting|abtest|experiment|app-?context|"
    r"biz-?context", re.I)
# Hosts that serve a platform's own art, never a member's upload.
SITE_HOSTS = re.compile(
    r"(^|\.)(static\.cdninstagram\.com|static\.xx\.fbcdn\.net|abs(-\d)?\.twimg\.com|static(-exp\d)?\.licdn\.com|"
    r"gstatic\.com|s\.ytimg\.com|ttwstatic\.com|web-cdn\.bsky\.app|resources\.blogblog\.com|"
    r"themes\.googleusercontent\.com|ssl\.pstatic\.net|blogimgs\.pstatic\.net|t1\.kakaocdn\.net)$", re.I)
SITE_PATHS = re.compile(
    r"/rsrc\.php/|default[-_]?(profile|avatar|user|image|card)|/default/|placeholder|no[-_]?avatar|"
    r"blank[-_]profile|social[-_]card[-_]default|og[-_]default|"
    r"44884218_345707102882519_2446069589734326272", re.I)  # Instagram's anonymous avatar
# Test ids that name an account: X's "UserAvatar-Container-jane", Bluesky's "feedItem-by-jane.bsky.social".
ACCOUNT_TEST_ID = re.compile(r"(?:UserAvatar-Container-|feedItem-by-|user-avatar-)([\w.:-]+)")
# What the page script marks in a region's account list (crawler/extract.py): "acted:<link>" an account
# named in a social line ("Jane reposted", "Liked by Jane"); "handle:@name" a handle written as text.
ACTED, HANDLE = "acted:", "handle:"
MAX_AUTHORS = 3  # a region linking to more accounts than this is a page, not one post


def name_of(value):
    """An account name as pages write it, normalised: "/@Jane", "https://x.com/Jane", "@jane" -> "jane"."""
    text = unquote(str(value or "")).strip().lower()
    if "/" in text and not text.startswith("did:"):
        text = next((s for s in reversed(text.split("?")[0].split("/")) if s), "")
    return text.lstrip("@")


class Owner:
    """The names one profile's owner goes by: from its link, then the ids its own records on the page show."""

    def __init__(self, names=()):
        self.names = {name_of(n) for n in names if n}

    def learn(self, records):
        """Add the ids of every record that shares a name with the owner (until nothing new is learned)."""
        grown = True
        while grown and self.names:
            grown = False
            for names in records:
                if names & self.names and not names <= self.names:
                    self.names |= names
                    grown = True

    def owns(self, names):
        return bool(names & self.names)


def site_url(url, adapter=None):
    """True for a platform's own art: its static hosts, its own web host (members' uploads come
    from CDNs), default avatars and share cards."""
    parts = urlsplit(hostmap.seen_as(url))
    host = (parts.hostname or "").lower()
    return bool(SITE_HOSTS.search(host) or SITE_PATHS.search(parts.path)
                or (adapter is not None and adapter.is_web_host(host)))


def judge_dom(group, owner, adapter, page_url):
    """(kind, strength, reason) for a picture shown in the page, from the links, ids and regions around it."""
    if site_url(group["urls"][0][0], adapter):
        return SITE, 2, ""
    marks = group.get("marks", "")
    account = _account(adapter, group["urls"][0][0], page_url) or _first(_account(adapter, href, page_url) for href in group.get("href", [])[:1])
    if account is None:
        match = ACCOUNT_TEST_ID.search(group.get("testids", ""))
        account = name_of(match.group(1)) if match else None
    region, depth = _region(marks, platform=bool(adapter.profile_link))
    authors, authors_at = group.get("authors", []), group.get("authorsAt", -1)
    near = 0 <= authors_at and (region is None or authors_at < depth)  # the nearer of the two decides
    if account is None and near:
        account = _author(adapter, [a for a in authors if not a.startswith(ACTED)], owner, page_url)
    line = group.get("social", "") if near else ""
    if account is not None and owner.names:
        if account in owner.names:
            return OWNER, 3, ""
        why = reason_of(line + " | " + marks)
        return OTHER, 3, (QUOTES if why == POSTS and _embedded(adapter, group, owner, page_url) else why)
    if line and owner.names and _owner_acted(adapter, authors, owner, page_url):
        return OTHER, 2, reason_of(line + " | " + marks)  # a post the owner reposted or liked, its author unnamed
    if region is not None:
        return region, 1, reason_of(marks) if region == OTHER else ""
    if group.get("kind") == "background" and (group.get("tile") or (
            group.get("repeated") and TILE_NAME.search(urlsplit(hostmap.seen_as(group["urls"][0][0])).path))):
        return SITE, 1, ""  # a page-wide or tiled CSS background is theme art
    return OWNER, 0, ""


def judge_data(item, owner, adapter):
    """(kind, strength, reason) for a picture named by the page's markup or data (meta tags, JSON, JSON-LD).

    Side panels in the data are tied to their accounts (`"username"`, a channel
    id) or sit under keys that say what they are (`edge_related_profiles`,
    `onboarding`); data that says nothing is kept, as the owner's carousel
    slides and later posts are (conservative: a photo of the owner is never lost
    for want of a label).
    """
    if site_url(item["url"], adapter):
        return SITE, 2, ""
    keys = item.get("path", ())
    why = " | ".join(reversed(keys))  # the nearest key first
    account = _account(adapter, item["url"], None)
    names = frozenset([account]) if account else item.get("names") or frozenset()
    if names and owner.names:
        return (OWNER, 3, "") if owner.owns(names) else (OTHER, 3, reason_of(why))
    if adapter.profile_link and any(OTHER_KEY.search(k) for k in keys):  # a blog's related_posts are its own
        return OTHER, 1, reason_of(why)
    if any(SITE_KEY.search(k) for k in keys):
        return SITE, 1, ""
    if item.get("kind") in ("meta", "noscript"):
        return OWNER, 1, ""  # the page's own picture: og:image is the profile picture on every platform
    return OWNER, 0, ""


def reason_of(context):
    """Why another account's picture is on the page: the first reason the nearest part of `context`
    (regions or JSON keys, nearest first, " | " between them) gives; "posts" when none does."""
    for part in context.split(" | "):
        for name, pattern in REASONS:
            if pattern.search(part):
                return name
    return POSTS


def without_profile(kind):
    """On a page that shows no profile (not found, a bot check) nothing is the owner's: it is the site's page."""
    return SITE if kind == OWNER else kind


def settle(verdicts):
    """One verdict for a family, (kind, reason): the strongest, the owner's winning a tie."""
    best = max(verdicts, key=lambda v: (v[1], v[0] == OWNER))
    return best[0], (best[2] if len(best) > 2 else "")


def _account(adapter, href, page_url):
    """The account a link (or a "testid:" or "handle:" name from the page script) points to, or None."""
    if href and href.startswith("testid:"):
        match = ACCOUNT_TEST_ID.search(href)
        return name_of(match.group(1)) if match else None
    if href and href.startswith(HANDLE):
        return name_of(href[len(HANDLE):]) or None
    return adapter.account_in(hostmap.seen_as(href, page_url)) if href else None


def _region(marks, platform=True):
    """(kind, depth) of the nearest enclosing region that says what it is, or (None, -1)."""
    other, site = (OTHER_REGION, SITE_REGION) if platform else (GENERIC_OTHER_REGION, GENERIC_SITE_REGION)
    for depth, mark in enumerate(marks.split(" | ")):
        if other.search(mark):
            return OTHER, depth
        if site.search(mark):
            return SITE, depth
    return None, -1


def _author(adapter, links, owner, page_url):
    """Whose post a picture sits in: the one account its nearest region names (a repost, a quoted
    post), or the owner when the owner is named first (the owner's post that mentions a friend).
    A region naming several accounts without the owner first (a grid beside a friends list) says nothing."""
    accounts = []
    for link in links:
        account = _account(adapter, link, page_url)
        if account and account not in accounts:
            accounts.append(account)
    if len(accounts) == 1 or (accounts and len(accounts) <= MAX_AUTHORS and accounts[0] in owner.names):
        return accounts[0]
    return None


def _owner_acted(adapter, authors, owner, page_url):
    """True when a post's social line is the owner's: it links the owner, or links no one (on a
    profile page, "Liked by Jane" and "Jane commented on this" tell what the page's owner did)."""
    acted = [_account(adapter, a[len(ACTED):], page_url) for a in authors if a.startswith(ACTED)]
    return not acted or any(a in owner.names for a in acted)


def _embedded(adapter, group, owner, page_url):
    """True for another account's picture inside the owner's own post (a quoted post), or inside a
    post whose name line links nowhere (X writes a quoted post's handle as text)."""
    post = [a for a in group.get("postAuthors", []) if not a.startswith(ACTED)]
    return bool(post) and (_account(adapter, post[0], page_url) in owner.names
                           or any(a.startswith(HANDLE) for a in group.get("authors", [])))


def _first(values):
    return next((v for v in values if v), None)
