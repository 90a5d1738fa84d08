"""Finding image candidates on a rendered page: the live DOM and the page's own data.

The live DOM gives what layout decides (`currentSrc`, the largest srcset entry,
computed backgrounds, rendered sizes, open shadow roots); BeautifulSoup over the
rendered HTML gives what static parsing serves (meta tags, JSON-LD, embedded
page data). Candidates are grouped into "families" (one picture at several
sizes or URLs) and ranked so that the largest variant is fetched first.
"""
import itertools
import json
import re
from html import unescape
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4 import BeautifulSoup

from . import hostmap, provenance

# One function evaluated in every frame: candidate groups, each the URLs of one
# element in order of preference, with its rendered and natural size.
DOM_SCRIPT = r"""
({maxNodes, profileLink}) => {
  const groups = [];
  // Provenance (crawler/provenance.py): the regions, links and test ids around each picture.
  const linkRe = profileLink ? new RegExp(profileLink, 'i') : null;
  const local = ['127.0.0.1', 'localhost'].includes(location.hostname);
  const pathOf = (a) => local ? a.pathname.replace(/^\/h\/[^/]+/, '') : a.pathname;
  const isProfileLink = (a) => !!(linkRe && a.href && /^https?:/.test(a.href) &&
                                  (linkRe.test(pathOf(a)) || (!!a.search && linkRe.test(pathOf(a) + a.search))));
  // The accounts a region names (profile links, avatars' test ids, a handle written in a post's name
  // line) in page order; regions are shared by many pictures, so each is read once per pass. A link in
  // a social line ("Jane reposted", "Reposted by Jane", "Liked by Jane") names who acted, not the author.
  const socialRe = /^(?:(?:re-?posted|retweeted|reshared|liked|commented on|reacted) by .{1,60}|.{1,60} (?:reposted|retweeted|reshared|liked this|likes this|commented on this|reacted to this|loves this|celebrates this|supports this|finds this \S+)|.{1,40} ?님이 (?:재게시|리포스트|리트윗|좋아|댓글).{0,20})$/i;
  const said = (e) => ((e.getAttribute && e.getAttribute('aria-label')) || e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 120);
  const socialOf = (e, top) => {
    for (let n = e, up = 0; n && up < 4; n = n.parentElement, up++) {
      if (socialRe.test(said(n))) return said(n);
      if (n === top) break;
    }
    const inner = e.querySelector && e.querySelector('[data-testid="socialContext"]');
    return inner && socialRe.test(said(inner)) ? said(inner) : '';
  };
  // A post: its social line ("Jane reposted", "Liked by Jane") is about that post only.
  const postSelector = 'article, [role="article"], [data-testid^="feedItem-"], [data-testid="tweet"], li';
  const named = new Map();
  const namesIn = (node) => {
    if (!named.has(node)) {
      const found = [];
      let social = '';
      for (const e of node.querySelectorAll('a[href]:not([href^="#"]), [data-testid^="UserAvatar-Container-"], [data-testid^="feedItem-by-"], [data-testid="User-Name"]')) {
        let name = null;
        if (e.tagName === 'A') {
          name = isProfileLink(e) ? e.href : null;
          const line = name ? socialOf(e, node) : '';
          if (line) { name = 'acted:' + name; social = social || line; }
        } else if (e.getAttribute('data-testid') === 'User-Name') {
          const handle = !e.querySelector('a[href]') && (e.textContent || '').match(/@([A-Za-z0-9_]{1,30})/);
          name = handle ? 'handle:@' + handle[1] : null;  // a quoted post's name line links nowhere
        } else {
          name = 'testid:' + e.getAttribute('data-testid');
        }
        if (name && !found.includes(name)) found.push(name);
        if (found.length > 5) break;
      }
      if (!social && node.matches(postSelector)) {  // a line without a link: on a profile page the owner acted
        const texts = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
        for (let t = texts.nextNode(), n = 0; t && n < 80 && !social; t = texts.nextNode(), n++) {
          const line = (t.parentElement ? said(t.parentElement) : '');
          if (line.length <= 120 && socialRe.test(line)) social = line;
        }
      }
      named.set(node, {found, social});
    }
    return named.get(node);
  };
  const context = (el) => {
    const marks = [], testids = [];
    let authors = [], authorsAt = -1, social = '';
    let node = el, depth = 0;
    const post = linkRe && el.closest(postSelector);
    while (node && node.nodeType === 1 && node.tagName !== 'BODY' && depth < 25) {
      const label = [node.tagName, node.id, typeof node.className === 'string' ? node.className : '',
                     node.getAttribute('role'), node.getAttribute('aria-label'), node.getAttribute('data-e2e'),
                     node.getAttribute('data-section'), node.getAttribute('data-tracking-control-name')
                    ].filter(Boolean).join(' ');
      const tid = node.getAttribute('data-testid');
      if (tid) testids.push(tid);
      // A region's own heading ("People also viewed", "Sponsored"), never one of a region inside it.
      const h = node.querySelector(':scope > :is(h1, h2, h3, h4, [role=heading]), :scope > header :is(h1, h2, h3)' +
                                   (/^(SECTION|ASIDE)$/.test(node.tagName) ? ', :scope > div > :is(h1, h2, h3)' : ''));
      marks.push((label.slice(0, 200) + (h ? ' ' + (h.innerText || h.textContent || '').trim().slice(0, 80) : '')).replace(/\|/g, ' '));
      if (!authors.length && !social && linkRe && depth < 15 && node.tagName !== 'MAIN') {
        const info = namesIn(node);
        authors = info.found;
        if (node === post) social = info.social;  // a post the owner acted on names no author: stop here
        authorsAt = authors.length || social ? depth : -1;
      }
      node = node.parentElement || (node.getRootNode && node.getRootNode().host) || null;
      depth++;
    }
    // The post's social line holds wherever in the post the nearest account was found; whoever it
    // names as acting is no author of the post.
    let postAuthors = [];
    if (post) {
      const info = namesIn(post);
      postAuthors = info.found.slice(0, 3);
      social = social || info.social;
      const acted = info.found.filter(n => n.startsWith('acted:') && !authors.includes(n));
      if (acted.length) authors = authors.concat(acted);
    }
    const own = el.closest('a[href]');
    return {marks: marks.join(' | ').slice(0, 3000), testids: testids.join(' '), authors, authorsAt, social, postAuthors,
            href: own && isProfileLink(own) ? [own.href] : []};
  };
  let visited = 0;
  const lazyAttrs = ['data-src', 'data-lazy-src', 'data-original', 'data-delayed-url', 'data-lazy', 'data-url', 'data-full'];
  const commentish = '[class*="comment" i],[id*="comment" i],[class*="reply" i],[data-testid*="comment" i],[aria-label*="comment" i]';
  const srcsetEntries = (srcset, width) => {
    // The HTML spec's parse: a URL is a run of non-space characters (trailing commas dropped),
    // then descriptors up to the next comma. Instagram writes "a 320w,b 640w" without spaces.
    const out = [];
    let rest = (srcset || '').trim();
    while (rest) {
      const url = rest.match(/^[\s,]*(\S+)/);
      if (!url) break;
      let u = url[1];
      rest = rest.slice(url[0].length);
      let d = '1x';
      if (u.endsWith(',')) { u = u.replace(/,+$/, ''); }
      else { const desc = rest.match(/^([^,]*)(,|$)/); d = desc[1].trim() || '1x'; rest = rest.slice(desc[0].length); }
      const n = parseFloat(d) || 1;
      out.push([u, /w$/.test(d) ? n : n * (width || 400)]);
    }
    return out;
  };
  const abs = (u) => { try { return new URL(u, document.baseURI).href; } catch (e) { return null; } };
  const add = (el, entries, kind) => {
    const r = el.getBoundingClientRect();
    const urls = [];
    entries.sort((a, b) => b[1] - a[1]);
    for (const [u, w] of entries) {
      const a = u && abs(u);
      if (a && /^https?:/.test(a) && !urls.some(x => x[0] === a)) urls.push([a, Math.round(w)]);
    }
    if (!urls.length) return;
    const style = kind === 'background' ? getComputedStyle(el) : null;
    // Theme art: a background under the whole page, or one repeated across a page-wide element.
    const repeated = !!style && !/^no-repeat/.test(style.backgroundRepeat) && !/cover|contain|100%/.test(style.backgroundSize);
    const tile = !!style && (/^(HTML|BODY)$/.test(el.tagName) || (repeated && r.width >= innerWidth * 0.9));
    groups.push(Object.assign({urls, kind, w: Math.round(r.width), h: Math.round(r.height),
                 nw: el.naturalWidth || 0, nh: el.naturalHeight || 0,
                 comment: !!el.closest(commentish), tile, repeated}, context(el)));
  };
  const visit = (el) => {
    const tag = el.tagName;
    if (tag === 'IMG') {
      const entries = [];
      const width = el.getBoundingClientRect().width;
      const pic = el.parentElement && el.parentElement.tagName === 'PICTURE' ? el.parentElement : null;
      if (pic) for (const s of pic.querySelectorAll('source')) entries.push(...srcsetEntries(s.srcset || s.getAttribute('data-srcset'), width));
      entries.push(...srcsetEntries(el.srcset || el.getAttribute('data-srcset'), width));
      for (const a of lazyAttrs) if (el.getAttribute(a)) entries.push([el.getAttribute(a), 2]);
      if (el.currentSrc) entries.push([el.currentSrc, 1]);
      // A thumbnail linked to its full-size file (blogs, galleries): the link is the largest copy.
      const link = el.closest('a[href]');
      if (link && /\.(jpe?g|png|webp|gif|avif)$/i.test(link.pathname)) entries.push([link.href, 5000]);
      if (el.getAttribute('src')) entries.push([el.getAttribute('src'), 0]);
      add(el, entries, 'img');
    } else if (tag === 'VIDEO' && el.poster) {
      add(el, [[el.poster, 1]], 'poster');
    }
    const bg = getComputedStyle(el).backgroundImage;
    if (bg && bg !== 'none') {
      const entries = [];
      for (const m of bg.matchAll(/url\(["']?([^"')]+)["']?\)/g)) entries.push([m[1], 1]);
      add(el, entries, 'background');
    }
  };
  const walk = (root) => {
    const it = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    let el = it.nextNode();
    while (el && visited < maxNodes) {
      visited++;
      visit(el);
      if (el.shadowRoot) walk(el.shadowRoot);
      el = it.nextNode();
    }
  };
  walk(document);
  return {groups, visited, height: document.documentElement.scrollHeight};
}
"""

IMAGE_EXT = re.compile(r"\.(jpe?g|png|webp|gif|avif|heic|heif|bmp)$", re.I)
IMAGE_HOSTS = re.compile(r"(cdninstagram\.com|fbcdn\.net|twimg\.com|tiktokcdn[\w-]*\.com|ytimg\.com|ggpht\.com|"
                         r"googleusercontent\.com|licdn\.com|pstatic\.net|kakaocdn\.net|daumcdn\.net|bsky\.app|"
                         r"bp\.blogspot\.com)$", re.I)
NOT_PHOTO = re.compile(r"(\.svg$|\.ico$|favicon|sprite|/emoji|emoji/|/icons?/|[_/-]icon[_.-]|logo|badge|spacer|pixel\.gif|blank\.gif)", re.I)
IMAGE_KEY = re.compile(r"(image|img|photo|picture|pic|avatar|cover|banner|thumb|poster|display_url|origin_url|urllist)", re.I)
URL_KEY = re.compile(r"^(url|uri|src|href|contenturl|source)$", re.I)
SKIP_KEY = re.compile(r"(logo|icon|emoji|sprite|favicon|badge)", re.I)
META_NAMES = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"}
# Query parameters that pick a size, a format or a signature, not a different picture.
SIZE_PARAMS = {"w", "h", "width", "height", "size", "type", "name", "format", "fm", "q", "quality", "auto", "fit",
               "crop", "dpr", "resize", "stp", "oh", "oe", "efg", "ccb", "x-expires", "x-signature", "e", "t",
               "cb", "v", "ver", "_nc_ht", "_nc_cat", "_nc_ohc", "_nc_oc", "_nc_sid", "_nc_gid", "_nc_zt",
               "ig_cache_key", "se", "sz", "scale", "ssl", "sqp", "rs", "days_since_epoch", "edm", "dl",
               "lk3s", "nonce", "refresh_token", "shp", "shcp", "idc", "ps", "biz_tag", "s", "sc", "from"}
ASSIGNED_JSON = re.compile(r"(?:^|[;\s])(?:var\s+|let\s+|const\s+|window\.)?[A-Za-z_$][\w$]*(?:\[['\"][\w$]+['\"]\])?\s*=\s*(?=\{)")
MAX_JSON_NODES = 200_000
DATA_TAGS = re.compile(r"<(script|noscript)\b[^>]*>.*?</\1\s*>|<(meta|link)\b[^>]*>", re.S | re.I)
# Keys whose value names the account a JSON record belongs to; ids only count beside such a name.
HANDLE_KEYS = {"username", "uniqueid", "unique_id", "screen_name", "screenname", "handle", "canonicalbaseurl",
               "additionalname", "alternatename",
               "vanitychannelurl", "publicidentifier", "vanityname", "did", "blogid", "blog_id", "channelurl"}
ID_KEYS = {"id", "pk", "rest_id", "id_str", "userid", "user_id", "secuid", "sec_uid", "channelid", "externalid",
           "browseid", "strong_id__"}
STRONG_ID_KEYS = {"channelid", "externalid", "browseid", "secuid", "sec_uid"}  # ids that only name accounts
PARTY_KEYS = ("owner", "author", "user", "creator", "channel", "actor", "poster", "uploader", "authorinfo")
BYLINE_KEYS = ("shortBylineText", "longBylineText", "ownerText")  # YouTube: the channel under a video
STRICT_JSON = json.JSONDecoder(strict=False)  # pages put raw line breaks and tabs inside strings
REPOST_FLAG = re.compile(r"^is_?(?:re_?post(?:ed)?|retweet(?:ed)?|reshared?)$", re.I)  # TikTok's "isReposted": true


def static_candidates(html, base_url):
    """Pictures named by the page's markup and data, in page order.

    Each is {"url", "hint" (width the data gives, or 0), "kind" ("meta", "data",
    "noscript"), "path" (the JSON keys leading to it), "names" (the account the
    JSON record names, if any)}.
    """
    # Only the tags that carry data are parsed: a huge DOM of other tags stays cheap.
    soup = BeautifulSoup("".join(m.group(0) for m in DATA_TAGS.finditer(html)), "html.parser")
    found = []
    for meta in soup.find_all("meta"):
        name = (meta.get("property") or meta.get("name") or "").lower()
        if name in META_NAMES and meta.get("content"):
            found.append(_candidate(urljoin(base_url, meta["content"]), kind="meta"))
    for link in soup.find_all("link", rel="image_src"):
        if link.get("href"):
            found.append(_candidate(urljoin(base_url, link["href"]), kind="meta"))
    for data in _script_data(soup):
        found += _json_images(data, base_url)
    for noscript in soup.find_all("noscript"):
        inner = BeautifulSoup(noscript.decode_contents(), "html.parser")
        found += [_candidate(urljoin(base_url, img["src"]), kind="noscript") for img in inner.find_all("img", src=True)]
    return [c for c in found if is_photo_url(c["url"])]


def _script_data(soup):
    """The JSON each script holds: a JSON script's body, or the objects a script assigns."""
    for script in soup.find_all("script"):
        text = script.string or ""
        kind = (script.get("type") or "").lower()
        if "json" in kind:
            data = loads(text)
            if data is not None:
                yield data
        elif not kind or "javascript" in kind:
            yield from _assigned_json(text)


def owner_records(html, names):
    """The JSON records of the page that are the owner's own (their handle or id is one of `names`).

    A state flag such as `"is_private": true` is the owner's only when it sits in
    the owner's record: suggested and related accounts carry the same keys.
    """
    soup = BeautifulSoup("".join(m.group(0) for m in DATA_TAGS.finditer(html)), "html.parser")
    found, budget = [], [MAX_JSON_NODES]

    def walk(node, depth):
        budget[0] -= 1
        if budget[0] < 0 or depth > 60:
            return
        if isinstance(node, dict):
            if _own_names(node) & names:
                found.append(node)
            for value in node.values():
                walk(value, depth + 1)
        elif isinstance(node, list):
            for item in node:
                walk(item, depth + 1)

    for data in _script_data(soup):
        walk(data, 0)
    return found


def _candidate(url, hint=0, kind="data", path=(), names=frozenset()):
    return {"url": url, "hint": hint, "kind": kind, "path": tuple(path), "names": names}


def page_title(html):
    """The text of a page's <title>, read without parsing the whole page."""
    match = re.search(r"<title[^>]*>(.*?)</title>", html[:200_000], re.S | re.I)
    return unescape(re.sub(r"\s+", " ", match.group(1))).strip() if match else ""


def meta_refresh(html):
    """The target of a `<meta http-equiv="refresh">`, or None: read at once, never waited for."""
    for tag in re.findall(r"<meta\b[^>]*>", html[:200_000], re.I):
        if re.search(r"http-equiv\s*=\s*[\"']?refresh", tag, re.I):
            content = re.search(r"content\s*=\s*([\"'])(.*?)\1", tag, re.I | re.S)
            target = re.search(r"url\s*=\s*['\"]?([^'\"]+)", unescape(content.group(2)), re.I) if content else None
            return target.group(1).strip() if target else ""
    return None


def is_photo_url(url):
    """True for an http(s) URL that may be a photo (not an icon, sprite or logo by its name)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and not NOT_PHOTO.search(parts.path)


def looks_like_image(url):
    """True when the URL's extension or host says it is an image."""
    parts = urlsplit(hostmap.seen_as(url))
    return bool(IMAGE_EXT.search(parts.path) or IMAGE_HOSTS.search(parts.hostname or "")
                or re.search(r"format=(jpe?g|png|webp)", parts.query))


# One picture's key on each CDN: what stays when size, crop, quality, format and signature go.
CDN_FAMILIES = (
    (r"(cdninstagram\.com|fbcdn\.net)$", lambda p: p.rsplit("/", 1)[-1]),
    (r"licdn\.com$", lambda p: _group(r"/dms/image/(?:v\d/)?([^/]+)/", p)),
    (r"(tiktokcdn[\w-]*\.com|ibyteimg\.com|tiktokv\.com|muscdn\.com)$",
     lambda p: re.sub(r"^/(?:aweme|img)/\d+x\d+/|^/(?:obj|img)/", "/", re.sub(r"(~.*|\.\w+)$", "", p))),
    (r"twimg\.com$", lambda p: re.sub(r"(_(normal|bigger|mini|x96|reasonably_small|\d+x\d+))?(\.\w+)?$", "",
                                      re.sub(r"^(/profile_banners/\d+/\d+)/.*$", r"\1", p))),
    (r"(yt\d\.googleusercontent\.com|yt\d\.ggpht\.com)$", lambda p: p.split("=", 1)[0]),
    (r"ytimg\.com$", lambda p: _group(r"/(?:vi|vi_webp|an_webp)/([\w-]+)/", p)),
    (r"bsky\.app$", lambda p: _group(r"/img/[\w_]+/plain/([^@]+)", p)),
    (r"(blogger\.googleusercontent\.com|bp\.blogspot\.com)$",
     lambda p: re.sub(r"/(?:s\d+|w\d+-h\d+|[swh]\d+(?:-[\w-]+)?)(?=/)", "", p.split("=", 1)[0])),
    (r"kakaocdn\.net$", lambda p: re.sub(r"img_(xs|s|m|l|xl|xxl)(?=\.\w+$)", "img", p)),
    # Naver serves one blog upload under one path from several hosts: a post's postfiles, the
    # original's blogfiles, a list's mblogthumb (pstatic.net or naver.net); a profile picture likewise.
    (r"^(?:postfiles|blogfiles|blogthumb|mblogthumb\d*)(?:-phinf)?\.(?:phinf\.)?(?:pstatic|naver)\.net$",
     lambda p: "blog" + p),
    (r"^blogpfthumb(?:-phinf\.pstatic|\.phinf\.naver)\.net$", lambda p: "profile" + p),
)


def family(url):
    """A key shared by the sizes and signed variants of one picture on a CDN."""
    parts = urlsplit(hostmap.seen_as(url))
    host = (parts.hostname or "").lower()
    for pattern, key in CDN_FAMILIES:
        if re.search(pattern, host):
            found = key(parts.path)
            if found:
                return "%s:%s" % (pattern, found)
    path = parts.path
    path = re.sub(r"(/vi/[\w-]+/)\w+\.jpg$", r"\1", path)
    path = re.sub(r"_(normal|bigger|mini|x96|\d+x\d+)(?=\.\w+$)", "", path)
    path = re.sub(r"-\d+x\d+(?=\.\w+$)", "", path)
    path = re.sub(r"/[a-z]?\d{2,4}x\d{2,4}(?=/|$)", "", path)
    path = re.sub(r"=[swhc]\d+[^/]*$", "", path)
    path = re.sub(r"~tplv-[^/]*$", "", path)
    path = re.sub(r"-shrink_\d+_\d+", "", path)
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in SIZE_PARAMS)
    return "%s%s?%s" % (host, path, query)


def _group(pattern, text):
    match = re.search(pattern, text)
    return match.group(1) if match else None


def size_hint(url):
    """How large a URL says its image is (pixels on the long side), 0 if it does not say."""
    url = hostmap.seen_as(url)
    checks = (
        (r"name=orig|=s0(?:$|[-?])|maxresdefault|/feed_fullsize/|/banner/plain/", lambda m: 10_000),
        (r"/avatar/plain/", lambda m: 1000), (r"/feed_thumbnail/", lambda m: 1000),
        (r"/avatar_thumbnail/", lambda m: 128),
        (r"name=4096x4096", lambda m: 4096), (r"name=large", lambda m: 2048), (r"name=medium", lambda m: 1200),
        (r"name=small", lambda m: 680), (r"_normal\.", lambda m: 48), (r"_bigger\.", lambda m: 73),
        (r"hq720", lambda m: 1280), (r"sddefault", lambda m: 640), (r"hqdefault", lambda m: 480),
        (r"mqdefault", lambda m: 320), (r"[=/]s(\d{2,5})(?:\D|$)", lambda m: int(m.group(1))),
        (r"[=/]w(\d{2,5})-h(\d{2,5})", lambda m: max(int(m.group(1)), int(m.group(2)))),
        (r"=w(\d{2,5})(?:\D|$)", lambda m: int(m.group(1))),
        (r"(\d{2,4})x(\d{2,4})", lambda m: max(int(m.group(1)), int(m.group(2)))),
        (r":(\d{2,4}):(\d{2,4})", lambda m: max(int(m.group(1)), int(m.group(2)))),
        (r"shrink_(\d+)_(\d+)", lambda m: max(int(m.group(1)), int(m.group(2)))),
        (r"type=w(\d+)", lambda m: int(m.group(1))),
        (r"[?&](?:w|width)=(\d+)", lambda m: int(m.group(1))),
    )
    for pattern, value in checks:
        match = re.search(pattern, url)
        if match:
            return value(match)
    return 0


def loads(text):
    """Parse JSON leniently: raw control characters inside strings, an HTML comment or CDATA around it."""
    text = re.sub(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$", "", text or "")
    try:
        return STRICT_JSON.decode(text.strip())
    except (ValueError, RecursionError):
        return None


def _assigned_json(script):
    """JSON objects a script assigns to a variable (`ytInitialData = {...}`), the first few only."""
    found = []
    for match in list(ASSIGNED_JSON.finditer(script[:5_000_000]))[:5]:
        try:
            found.append(STRICT_JSON.raw_decode(script, match.end())[0])
        except (ValueError, RecursionError):
            continue
    return found


def _json_images(data, base_url):
    """Pictures in parsed page data, with the width beside them, their key path and the account they belong to.

    A string counts when its key names an image ("avatarLarger", "profile_pic_url_hd"),
    when it is a "url"/"uri"/"src" under such a key within three levels
    (`"image": {"uri": ...}`, `"thumbnails": [{"url": ...}]`), or when it is any
    URL that ends like an image file. A record's account is the name it gives
    (`"username"`, `"uniqueId"`, YouTube's `"canonicalBaseUrl"`) or the one of its
    `owner` / `author` / `user`; it holds for everything beneath the record.
    """
    found, budget = [], [MAX_JSON_NODES]
    within = _accounts_within(data)

    def walk(node, path, names, depth, listed=False):
        budget[0] -= 1
        if budget[0] < 0 or depth > 60:
            return
        if isinstance(node, dict):
            inner = within.get(id(node), ()) if listed else ()  # one item of a shelf, a feed, a grid
            names = record_names(node) or (inner[0] if len(inner) == 1 else None) or names
            width = node.get("width") if isinstance(node.get("width"), int) else 0
            # An object with a picture of its own ("photo": {"image": {...}, "url": page}): its url is its page.
            pictured = any(IMAGE_KEY.search(str(k)) and not URL_KEY.match(str(k)) for k in node)
            renditions = _renditions(node)
            # A record flagged as a repost (TikTok's "isReposted": true) is another account's post the
            # owner shared: the flag joins the key path, where provenance reads why it is there.
            path = path + [str(k) for k, v in node.items() if v is True and REPOST_FLAG.match(str(k))]
            for key, value in node.items():
                visit(value, path + [str(key)], names, -1 if pictured else width, depth, renditions.get(key))
        elif isinstance(node, list):
            for item in node:
                visit(item, path, names, 0, depth, listed=True)

    def visit(value, path, names, width, depth, rendition=None, listed=False):
        if isinstance(value, str):
            consider(value, path, names, width, rendition)
        else:
            walk(value, path, names, depth + 1, listed)

    def consider(value, path, names, width, rendition=None):
        if not value.startswith(("http://", "https://", "//", "/")) or len(value) > 4000 or not path:
            return
        trail = path[-3:]
        if any(SKIP_KEY.search(k) for k in trail):
            return
        url = urljoin(base_url, value)
        key = trail[-1]
        if IMAGE_KEY.search(key) or (URL_KEY.match(key) and looks_like_image(url)) \
                or (URL_KEY.match(key) and any(IMAGE_KEY.search(k) for k in trail) and width >= 0):
            found.append(dict(_candidate(url, max(width, 0), "data", path, names), rendition=rendition))

    walk(data, [], frozenset(), 0)
    return found


# Keys under which a record names someone other than whose record it is (a friend tagged in a photo,
# a commenter): not counted when finding the one account a record's subtree names.
ASIDE_KEY = re.compile(r"usertag|tagged|mention|comment|repl(?:y|ies)|liker|viewer|facepile|social", re.I)


def _accounts_within(data):
    """{id(record): the distinct accounts named anywhere beneath it (at most two kept)}.

    An item of a list (a shelf's, a feed's) that names no account itself but
    holds exactly one account's endpoint (YouTube's `lockupViewModel`, whose
    channel is only in a nested `browseEndpoint`) belongs to that account; one
    naming several says nothing.
    """
    within, budget = {}, [MAX_JSON_NODES]

    def walk(node, depth):
        budget[0] -= 1
        if budget[0] < 0 or depth > 60 or not isinstance(node, (dict, list)):
            return ()
        accounts = []
        own = _own_names(node) if isinstance(node, dict) else frozenset()
        if own:
            accounts.append(own)
        values = (v for k, v in node.items() if not ASIDE_KEY.search(str(k))) if isinstance(node, dict) else node
        for value in values:
            for names in walk(value, depth + 1):
                if len(accounts) < 2 and not any(names & known for known in accounts):
                    accounts.append(names)
        if isinstance(node, dict):
            within[id(node)] = tuple(accounts)
        return tuple(accounts)

    walk(data, 0)
    return within


# Words that name one rendition of a picture among its siblings in a record: TikTok's video
# {"cover", "originCover", "dynamicCover"} are three paths on the CDN for one video's cover.
RENDITION_WORDS = re.compile(r"origin(?:al)?|dynamic|animated|static|zoom|reflow|larger?|medium|small|thumb(?:nail)?|"
                             r"hd|full(?:size)?|url|src|uri|[_-]", re.I)
_rendition_ids = itertools.count()


def _renditions(node):
    """{key: tag} for the keys of one record that hold renditions of one picture (same stem, two or more)."""
    stems = {}
    for key, value in node.items():
        if isinstance(value, str) and value.startswith(("http", "/")) and IMAGE_KEY.search(str(key)):
            stem = RENDITION_WORDS.sub("", str(key)).lower()
            if stem:
                stems.setdefault(stem, []).append(key)
    tags = {}
    for keys in stems.values():
        if len(keys) > 1:
            tag = "r%d" % next(_rendition_ids)
            tags.update((key, tag) for key in keys)
    return tags


def record_names(node):
    """The names (handles and ids) of the account a JSON record belongs to, or an empty set."""
    names = _own_names(node)
    if names:
        return names
    for key in PARTY_KEYS:
        party = node.get(key)
        if isinstance(party, dict):
            names = _own_names(party)
            if names:
                return names
    for key in BYLINE_KEYS:
        runs = node.get(key, {}).get("runs") if isinstance(node.get(key), dict) else None
        endpoint = runs[0].get("navigationEndpoint", {}).get("browseEndpoint", {}) if runs and isinstance(runs[0], dict) else {}
        if endpoint:
            return frozenset(provenance.name_of(v) for v in (endpoint.get("browseId"), endpoint.get("canonicalBaseUrl")) if v)
    return frozenset()


def _own_names(node):
    lowered = {str(k).lower(): v for k, v in node.items() if isinstance(v, (str, int)) and not isinstance(v, bool)}
    handles = [v for k, v in lowered.items() if k in HANDLE_KEYS and v]
    strong = [v for k, v in lowered.items() if k in STRONG_ID_KEYS and v]
    if not handles and not strong:
        return frozenset()
    ids = [v for k, v in lowered.items() if k in ID_KEYS and v]
    return frozenset(provenance.name_of(v) for v in handles + strong + ids if provenance.name_of(v))
