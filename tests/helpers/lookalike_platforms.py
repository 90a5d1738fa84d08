"""Local look-alike pages of Instagram, X and TikTok profiles, logged in as "jane", over HTTPS
on loopback.

Chromium reaches them as https://www.instagram.com/..., https://x.com/... and
https://www.tiktok.com/... through --host-resolver-rules (everything else resolves
nowhere), with the self-signed certificate of tests/fixtures/tls.

Instagram's markup follows docs/platforms.md: a profile header with the avatar, highlight
covers, a post grid with srcset that grows when scrolled, and the logged-in viewer in the
page's own JSON state ("config":{"viewer":{...}}). X's follows its test ids: the side
bar's Profile link (AppTabBar_Profile_Link) names the logged-in account, "Edit profile"
(editProfileButton) shows on one's own profile, posts are article[data-testid=tweet] with
tweetPhoto images on pbs.twimg.com (?name=small), and a repost carries a socialContext
line. TikTok's: the logged-in user in the rehydration JSON (webapp.app-context's user),
"Edit profile" as data-e2e=edit-profile-entrance, the avatar and user-post-item covers.

    /jane/ (/jane, /@jane)  jane's own profile: the owner's controls shown
    /mina/ (/mina, /@mina)  a private account jane follows: its posts, "Following" and "Message"
    /forged/                "Edit profile" text in a post, but the viewer is jane (Instagram)
"""
import json
import ssl
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.helpers.profile_site import ProfileSite

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CDN = "https://scontent-icn2-1.cdninstagram.com"
SECRETS = ("SECRET-SESSION-COOKIE", "SECRET-CSRF-TOKEN", "SECRET-CDN-COOKIE")
IMAGES = {"avatar": "obama2.jpg", "hl1": "biden.jpg", "p1": "obama.jpg", "p2": "obama3.jpg",
          "p3": "obama_partial_face.jpg", "p4": "obama_partial_face2.jpg"}
JANE_PHOTOS = {"avatar": "profile_photo", "hl1": "story_photo", "p1": "post_photo", "p2": "post_photo",
               "p3": "post_photo", "p4": "post_photo"}


def _state(profile, private):
    viewer = {"id": "101", "username": "jane", "full_name": "Jane Kim"}
    shared = {"config": {"csrf_token": SECRETS[1], "viewer": viewer},
              "entry_data": {"ProfilePage": [{"graphql": {"user": {"username": profile, "is_private": private}}}]}}
    return (f'<script type="application/json" data-sjs>{json.dumps({"require": [["XIGSharedData", None, None, [{"raw": "x"}]]]})}'
            f"</script><script>window._sharedData = {json.dumps(shared)};</script>")


def _img(name, size="n"):
    return f"{CDN}/v/t51.2885-{'19' if name == 'avatar' else '15'}/{name}_{size}.jpg"


def profile_page(profile, own, posts, later, caption=""):
    controls = ('<a href="/accounts/edit/" role="link">Edit profile</a> <a href="/archive/stories/">View archive</a>'
                '<a href="/accounts/settings/" aria-label="Options">⚙</a>') if own else \
        '<button type="button">Following</button> <button type="button">Message</button>'
    grid = "".join(f'<a href="/p/{n}/"><img alt="post" src="{_img(n, "s")}" srcset="{_img(n, "s")} 320w, '
                   f'{_img(n)} 1080w" width="300" height="300"></a>' for n in posts)
    more = json.dumps([[n, _img(n, "s"), _img(n)] for n in later])
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{profile} • Instagram photos and videos</title>{_state(profile, True)}
<style>main {{ max-width: 935px; margin: auto }} #grid a {{ display: inline-block; margin: 2px }}
 #grid img {{ width: 300px; height: 300px; object-fit: cover }} .pad {{ height: 1400px }}</style></head>
<body><main role="main"><header><img alt="{profile}'s profile picture" src="{_img('avatar')}" width="150" height="150">
<section><h2>{profile}</h2>{controls}</section></header>
<section class="highlights"><ul><li><div role="button"><img alt="highlight" src="{_img('hl1')}" width="77"></div></li></ul></section>
<article><p>{caption}</p><div id="grid">{grid}</div><div class="pad"></div></article></main>
<script>
const later = {more};
window.addEventListener("scroll", () => {{
  if (!later.length || window.innerHeight + window.scrollY < document.body.scrollHeight - 200) return;
  for (const [n, small, large] of later.splice(0)) {{
    const a = document.createElement("a"); a.href = `/p/${{n}}/`;
    const img = document.createElement("img"); img.src = small; img.srcset = `${{small}} 320w, ${{large}} 1080w`;
    a.append(img); document.getElementById("grid").append(a);
  }}
}});
</script></body></html>"""


TWIMG = "https://pbs.twimg.com"
TIKTOK_CDN = "https://p16-sign-va.tiktokcdn.com"
# What the extension must send from each platform's own profile: image name -> kind.
OWN_PHOTOS = {
    "instagram": JANE_PHOTOS,
    "x": {"avatar": "profile_photo", "hl1": "cover_photo", "p1": "post_photo", "p2": "post_photo"},
    "tiktok": {"avatar": "profile_photo", "p1": "video_thumbnail", "p2": "video_thumbnail",
               "p3": "video_thumbnail"},
}
OWN_PATHS = {"instagram": "/jane/", "x": "/jane", "tiktok": "/@jane"}
OTHER_PATHS = {"instagram": "/mina/", "x": "/mina", "tiktok": "/@mina"}
ORIGINS = {"instagram": "https://www.instagram.com", "x": "https://x.com", "tiktok": "https://www.tiktok.com"}


def x_page(profile, own):
    """An X profile as jane sees it: her side bar, the header, her posts and one repost of another's photo."""
    controls = ('<a href="/settings/profile" data-testid="editProfileButton" role="link">Edit profile</a>' if own
                else '<button data-testid="1234-unfollow">Following</button>')
    lock = '<svg data-testid="icon-lock"></svg>'  # both protected: only followers see the posts

    def tweet(name, repost=False):
        context = '<span data-testid="socialContext">jane reposted</span>' if repost else ""
        return (f'<article data-testid="tweet">{context}<div data-testid="User-Name"><a href="/{profile}">@{profile}'
                f'</a></div><div data-testid="tweetPhoto"><img alt="Image" src="{TWIMG}/media/{name}_n.jpg?format=jpg'
                f'&amp;name=small"></div></article>')
    posts = tweet("p1") + tweet("p2") + tweet("p4", repost=True)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{profile} / X</title></head>
<body><nav><a href="/home" data-testid="AppTabBar_Home_Link">Home</a>
<a href="/jane" data-testid="AppTabBar_Profile_Link" aria-label="Profile">Profile</a></nav>
<main role="main"><a href="/{profile}/header_photo"><img alt="" src="{TWIMG}/profile_banners/1/hl1_n.jpg"></a>
<a href="/{profile}/photo"><img alt="Opens profile photo" src="{TWIMG}/profile_images/1/avatar_n_normal.jpg"></a>
<div data-testid="UserName"><span>{profile}</span>{lock}</div>{controls}
<section aria-label="Timeline">{posts}</section></main></body></html>"""


def tiktok_page(profile, own):
    """A TikTok profile as jane sees it: the viewer in the rehydration state, the avatar and video covers."""
    state = {"__DEFAULT_SCOPE__": {"webapp.app-context": {"user": {"uniqueId": "jane", "nickName": "Jane"},
                                                          "csrfToken": SECRETS[1]},
                                   "webapp.user-detail": {"userInfo": {"user": {"uniqueId": profile,
                                                                                "privateAccount": True}}}}}
    controls = ('<button data-e2e="edit-profile-entrance">Edit profile</button>' if own
                else '<button data-e2e="follow-button">Following</button>')
    items = "".join(f'<div data-e2e="user-post-item"><a href="/@{profile}/video/{n}"><img alt="video" '
                    f'src="{TIKTOK_CDN}/obj/{n}_n.jpg"></a></div>' for n in ("p1", "p2", "p3"))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{profile} | TikTok</title>
<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">{json.dumps(state)}</script></head>
<body><main><div data-e2e="user-avatar"><img alt="" src="{TIKTOK_CDN}/obj/avatar_n.jpg"></div>
<h1 data-e2e="user-title">{profile}</h1>{controls}<div data-e2e="user-post-item-list">{items}</div></main></body></html>"""


PAGES = {
    ("www.instagram.com", "/jane/"): lambda: profile_page("jane", True, ["p1", "p2", "p3"], ["p4"]),
    ("www.instagram.com", "/mina/"): lambda: profile_page("mina", False, ["p1", "p2"], ["p3"]),
    ("www.instagram.com", "/forged/"): lambda: profile_page(
        "forged", False, ["p1"], [], caption='<a href="/accounts/edit/">Edit profile</a> (pasted in a caption)'),
    ("x.com", "/jane"): lambda: x_page("jane", True),
    ("x.com", "/mina"): lambda: x_page("mina", False),
    ("www.tiktok.com", "/@jane"): lambda: tiktok_page("jane", True),
    ("www.tiktok.com", "/@mina"): lambda: tiktok_page("mina", False),
}
IMAGE_HOSTS = ("cdninstagram.com", "pbs.twimg.com", "tiktokcdn.com")


class LookalikePlatforms(ProfileSite):
    """`with LookalikePlatforms() as site:` site.port, site.hits [(host, path, cookie header, query)]."""

    def __init__(self):
        self.hits = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path, _, query = self.path.partition("?")
                host = self.headers.get("Host", "").split(":")[0]
                site.hits.append((host, path, self.headers.get("Cookie", ""), query))
                name = path.rsplit("/", 1)[-1].split("_", 1)[0]
                if (host, path) in PAGES:
                    body, kind = PAGES[host, path]().encode(), "text/html; charset=utf-8"
                    domain = host.removeprefix("www.")
                    cookie = f"sessionid={SECRETS[0]}; Domain=.{domain}; Path=/; Secure; SameSite=None"
                elif host.endswith(IMAGE_HOSTS) and path.endswith(".jpg") and name in IMAGES:
                    body, kind = (FIXTURES / "faces" / IMAGES[name]).read_bytes(), "image/jpeg"
                    cookie = f"cdn={SECRETS[2]}; Path=/; Secure; SameSite=None"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Set-Cookie", cookie)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(FIXTURES / "tls" / "lookalike.crt", FIXTURES / "tls" / "lookalike.key")
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]

    def chromium_args(self):
        """Send the platform's hosts to this server and every other name nowhere."""
        hosts = ("www.instagram.com", "*.cdninstagram.com", "x.com", "pbs.twimg.com", "www.tiktok.com",
                 "*.tiktokcdn.com")
        rules = ", ".join(f"MAP {host} 127.0.0.1:{self.port}" for host in hosts)
        rules += ", MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"
        return [f"--host-resolver-rules={rules}", "--ignore-certificate-errors"]

