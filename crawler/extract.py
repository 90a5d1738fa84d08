"""Finding image candidates on a rendered page: the live DOM and the page's own data.

The live DOM gives what layout decides (`currentSrc`, the largest srcset entry,
computed backgrounds, rendered sizes, open shadow roots); BeautifulSoup over the
rendered HTML gives what static parsing serves (meta tags, JSON-LD, embedded
page data). Candidates are grouped into "families" (one picture at several
sizes or URLs) and ranked so that the largest variant is fetched first.
"""
import json
import re
from html import unescape
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4 import BeautifulSoup

# One function evaluated in every frame: candidate groups, each the URLs of one
# element in order of preference, with its rendered and natural size.
DOM_SCRIPT = r"""
(maxNodes) => {
  const groups = [];
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
    groups.push({urls, kind, w: Math.round(r.width), h: Math.round(r.height),
                 nw: el.naturalWidth || 0, nh: el.naturalHeight || 0,
                 comment: !!el.closest(commentish)});
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
                         r"googleusercontent\.com|licdn\.com|pstatic\.net|kakaocdn\.net|daumcdn\.net)$", re.I)
NOT_PHOTO = re.compile(r"(\.svg$|\.ico$|favicon|sprite|/emoji|emoji/|/icons?/|[_/-]icon[_.-]|logo|badge|spacer|pixel\.gif|blank\.gif)", re.I)
IMAGE_KEY = re.compile(r"(image|img|photo|picture|pic|avatar|cover|banner|thumb|poster|display_url|origin_url|urllist)", re.I)
URL_KEY = re.compile(r"^(url|uri|src|href|contenturl|source)$", re.I)
SKIP_KEY = re.compile(r"(logo|icon|emoji|sprite|favicon|badge)", re.I)
META_NAMES = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"}
# Query parameters that pick a size, a format or a signature, not a different picture.
SIZE_PARAMS = {"w", "h", "width", "height", "size", "type", "name", "format", "fm", "q", "quality", "auto", "fit",
               "crop", "dpr", "resize", "stp", "oh", "oe", "efg", "ccb", "x-expires", "x-signature", "e", "t",
               "cb", "v", "ver", "_nc_ht", "_nc_cat", "_nc_ohc", "_nc_oc", "_nc_sid", "_nc_gid", "_nc_zt",
               "ig_cache_key", "se", "sz", "scale", "ssl", "sqp", "rs"}
ASSIGNED_JSON = re.compile(r"(?:^|[;\s])(?:var\s+|let\s+|const\s+|window\.)?[A-Za-z_$][\w$]*(?:\[['\"][\w$]+['\"]\])?\s*=\s*(?=\{)")
MAX_JSON_NODES = 200_000
DATA_TAGS = re.compile(r"<(script|noscript)\b[^>]*>.*?</\1\s*>|<(meta|link)\b[^>]*>", re.S | re.I)


def static_candidates(html, base_url):
    """Image URLs named by the page's markup and data: (url, size hint, kind) in page order."""
    # Only the tags that carry data are parsed: a huge DOM of other tags stays cheap.
    soup = BeautifulSoup("".join(m.group(0) for m in DATA_TAGS.finditer(html)), "html.parser")
    found = []
    for meta in soup.find_all("meta"):
        name = (meta.get("property") or meta.get("name") or "").lower()
        if name in META_NAMES and meta.get("content"):
            found.append((urljoin(base_url, meta["content"]), 0, "meta"))
    for link in soup.find_all("link", rel="image_src"):
        if link.get("href"):
            found.append((urljoin(base_url, link["href"]), 0, "meta"))
    for script in soup.find_all("script"):
        text = script.string or ""
        kind = (script.get("type") or "").lower()
        if "json" in kind:
            found += [(u, w, "data") for u, w in _json_images(_loads(text), base_url)]
        elif not kind or "javascript" in kind:
            for data in _assigned_json(text):
                found += [(u, w, "data") for u, w in _json_images(data, base_url)]
    for noscript in soup.find_all("noscript"):
        inner = BeautifulSoup(noscript.decode_contents(), "html.parser")
        found += [(urljoin(base_url, img["src"]), 0, "noscript") for img in inner.find_all("img", src=True)]
    return [c for c in found if is_photo_url(c[0])]


def page_title(html):
    """The text of a page's <title>, read without parsing the whole page."""
    match = re.search(r"<title[^>]*>(.*?)</title>", html[:200_000], re.S | re.I)
    return unescape(re.sub(r"\s+", " ", match.group(1))).strip() if match else ""


def is_photo_url(url):
    """True for an http(s) URL that may be a photo (not an icon, sprite or logo by its name)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and not NOT_PHOTO.search(parts.path)


def looks_like_image(url):
    """True when the URL's extension or host says it is an image."""
    parts = urlsplit(url)
    return bool(IMAGE_EXT.search(parts.path) or IMAGE_HOSTS.search(parts.hostname or "")
                or re.search(r"format=(jpe?g|png|webp)", parts.query))


def family(url):
    """A key shared by the sizes and signed variants of one picture on a CDN."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path
    if re.search(r"(cdninstagram\.com|fbcdn\.net)$", host):
        return "fbcdn:" + path.rsplit("/", 1)[-1]
    path = re.sub(r"(/vi/[\w-]+/)\w+\.jpg$", r"\1", path)
    path = re.sub(r"_(normal|bigger|mini|x96|\d+x\d+)(?=\.\w+$)", "", path)
    path = re.sub(r"-\d+x\d+(?=\.\w+$)", "", path)
    path = re.sub(r"/[a-z]?\d{2,4}x\d{2,4}(?=/|$)", "", path)
    path = re.sub(r"=[swhc]\d+[^/]*$", "", path)
    path = re.sub(r"~tplv-[^/]*$", "", path)
    path = re.sub(r"-shrink_\d+_\d+", "", path)
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k.lower() not in SIZE_PARAMS)
    return "%s%s?%s" % (host, path, query)


def size_hint(url):
    """How large a URL says its image is (pixels on the long side), 0 if it does not say."""
    checks = (
        (r"name=orig|=s0$|maxresdefault", lambda m: 10_000),
        (r"name=4096x4096", lambda m: 4096), (r"name=large", lambda m: 2048), (r"name=medium", lambda m: 1200),
        (r"name=small", lambda m: 680), (r"_normal\.", lambda m: 48), (r"_bigger\.", lambda m: 73),
        (r"hq720", lambda m: 1280), (r"sddefault", lambda m: 640), (r"hqdefault", lambda m: 480),
        (r"mqdefault", lambda m: 320), (r"[=/]s(\d{2,4})(?:\D|$)", lambda m: int(m.group(1))),
        (r"(\d{2,4})x(\d{2,4})", lambda m: max(int(m.group(1)), int(m.group(2)))),
        (r":(\d{2,4}):(\d{2,4})", lambda m: max(int(m.group(1)), int(m.group(2)))),
        (r"shrink_(\d+)_(\d+)", lambda m: int(m.group(1))), (r"type=w(\d+)", lambda m: int(m.group(1))),
        (r"[?&](?:w|width)=(\d+)", lambda m: int(m.group(1))),
    )
    for pattern, value in checks:
        match = re.search(pattern, url)
        if match:
            return value(match)
    return 0


def _loads(text):
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _assigned_json(script):
    """JSON objects a script assigns to a variable (`ytInitialData = {...}`), the first few only."""
    decoder = json.JSONDecoder()
    found = []
    for match in list(ASSIGNED_JSON.finditer(script[:5_000_000]))[:5]:
        try:
            found.append(decoder.raw_decode(script, match.end())[0])
        except (ValueError, RecursionError):
            continue
    return found


def _json_images(data, base_url):
    """Image URLs in parsed page data, with the width the data gives beside them.

    A string counts when its key names an image ("avatarLarger", "profile_pic_url_hd"),
    when it is a "url"/"uri"/"src" under such a key within three levels
    (`"image": {"uri": ...}`, `"thumbnails": [{"url": ...}]`), or when it is any
    URL that ends like an image file.
    """
    found, budget = [], [MAX_JSON_NODES]

    def walk(node, trail, depth):
        budget[0] -= 1
        if budget[0] < 0 or depth > 60:
            return
        if isinstance(node, dict):
            width = node.get("width") if isinstance(node.get("width"), int) else 0
            for key, value in node.items():
                visit(value, trail[-2:] + [str(key)], width, depth)
        elif isinstance(node, list):
            for item in node:
                visit(item, trail, 0, depth)

    def visit(value, trail, width, depth):
        if isinstance(value, str):
            consider(value, trail, width)
        else:
            walk(value, trail, depth + 1)

    def consider(value, trail, width):
        if not value.startswith(("http://", "https://", "//", "/")) or len(value) > 4000 or not trail:
            return
        if any(SKIP_KEY.search(k) for k in trail):
            return
        url = urljoin(base_url, value)
        key = trail[-1]
        if IMAGE_KEY.search(key) or (URL_KEY.match(key) and any(IMAGE_KEY.search(k) for k in trail)) \
                or (URL_KEY.match(key) and looks_like_image(url)):
            found.append((url, width))

    walk(data, [], 0)
    return found
