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
"""
import re
from urllib.parse import unquote, urlsplit

from . import hostmap

OWNER, OTHER, SITE = "owner", "other_accounts", "site"
LEFT_OUT = (OTHER, SITE)

# Regions of a page (ancestor tags, ids, classes, roles, labels, test ids, section headings).
OTHER_REGION = re.compile(
    r"suggest|recommend|related|similar|also[-_ ]?viewed|browsemap|people[-_ ]?you[-_ ]?may|who[-_ ]to[-_ ]follow|"
    r"others[-_ ]named|you[-_ ]might[-_ ]like|featured[-_ ]channels|ytd-(?:grid-|mini-)?channel-renderer|"
    r"usercell|comment|\brepl(?:y|ies)\b|quote|retweet|repost|reshare|reblog|aside-profiles|"
    r"추천|함께 본|이웃|댓글", re.I)
SITE_REGION = re.compile(
    r"\bads?\b|[-_]ads?[-_]|advert|sponsor|promot|\bpromo|courses?\b|learning|logo|onboarding|upsell|"
    r"app-?banner|open-?in-?app|cookie|광고|스폰서", re.I)
# JSON keys on the path to a picture.
OTHER_KEY = re.compile(
    r"suggest|recommend|related|similar|also_?view|browsemap|who_?to_?follow|featuredchannel|"
    r"(?:grid|mini|compact)?channelrenderer|comment|repl(?:y|ies)|quot(?:e|ed)|retweet|repost|reshare|usertag|"
    r"tagged_?users?|mention|followers?|following|likers?|friends?_?(?:list|suggest)|music|sound", re.I)
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
    """(kind, strength) for a picture shown in the page, from the links, ids and regions around it."""
    if site_url(group["urls"][0][0], adapter):
        return SITE, 2
    account = _account(adapter, group["urls"][0][0], page_url) or _first(_account(adapter, href, page_url) for href in group.get("href", [])[:1])
    if account is None:
        match = ACCOUNT_TEST_ID.search(group.get("testids", ""))
        account = name_of(match.group(1)) if match else None
    region, depth = _region(group.get("marks", ""))
    authors_at = group.get("authorsAt", -1)
    if account is None and (region is None or 0 <= authors_at < depth):  # the nearer of the two decides
        account = _author(adapter, group.get("authors", []), owner, page_url)
    if account is not None and owner.names:
        return (OWNER, 3) if account in owner.names else (OTHER, 3)
    if region is not None:
        return region, 1
    if group.get("kind") == "background" and group.get("tile"):
        return SITE, 1  # a repeated or page-wide CSS background is theme art
    return OWNER, 0


def judge_data(item, owner, adapter):
    """(kind, strength) for a picture named by the page's markup or data (meta tags, JSON, JSON-LD).

    Side panels in the data are tied to their accounts (`"username"`, a channel
    id) or sit under keys that say what they are (`edge_related_profiles`,
    `onboarding`); data that says nothing is kept, as the owner's carousel
    slides and later posts are (conservative: a photo of the owner is never lost
    for want of a label).
    """
    if site_url(item["url"], adapter):
        return SITE, 2
    account = _account(adapter, item["url"], None)
    names = frozenset([account]) if account else item.get("names") or frozenset()
    if names and owner.names:
        return (OWNER, 3) if owner.owns(names) else (OTHER, 3)
    keys = item.get("path", ())
    if any(OTHER_KEY.search(k) for k in keys):
        return OTHER, 1
    if any(SITE_KEY.search(k) for k in keys):
        return SITE, 1
    if item.get("kind") in ("meta", "noscript"):
        return OWNER, 1  # the page's own picture: og:image is the profile picture on every platform
    return OWNER, 0


def without_profile(kind):
    """On a page that shows no profile (not found, a bot check) nothing is the owner's: it is the site's page."""
    return SITE if kind == OWNER else kind


def settle(verdicts):
    """One verdict for a family: the strongest, the owner's winning a tie."""
    return max(verdicts, key=lambda v: (v[1], v[0] == OWNER))[0]


def _account(adapter, href, page_url):
    """The account a link (or a "testid:" name from the page script) points to, or None."""
    if href and href.startswith("testid:"):
        match = ACCOUNT_TEST_ID.search(href)
        return name_of(match.group(1)) if match else None
    return adapter.account_in(hostmap.seen_as(href, page_url)) if href else None


def _region(marks):
    """(kind, depth) of the nearest enclosing region that says what it is, or (None, -1)."""
    for depth, mark in enumerate(marks.split(" | ")):
        if OTHER_REGION.search(mark):
            return OTHER, depth
        if SITE_REGION.search(mark):
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


def _first(values):
    return next((v for v in values if v), None)
