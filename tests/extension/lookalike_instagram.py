"""Local look-alike pages of Instagram profiles, logged in as "jane", over HTTPS on loopback.

Chromium reaches them as https://www.instagram.com/... through --host-resolver-rules
(everything else resolves nowhere), with the self-signed certificate of
tests/fixtures/tls. Their markup follows PLATFORMS.md: a profile header with the
avatar, highlight covers, a post grid with srcset that grows when scrolled, and the
logged-in viewer in the page's own JSON state ("config":{"viewer":{...}}).

    /jane/    jane's own profile: "Edit profile" and "View archive" shown
    /mina/    a private account jane follows: its posts shown, "Following" and "Message"
    /forged/  "Edit profile" text in a post, but the viewer is jane: not forged's owner
"""
import json
import ssl
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.e2e.profile_site import ProfileSite

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


PAGES = {
    "/jane/": lambda: profile_page("jane", True, ["p1", "p2", "p3"], ["p4"]),
    "/mina/": lambda: profile_page("mina", False, ["p1", "p2"], ["p3"]),
    "/forged/": lambda: profile_page("forged", False, ["p1"], [],
                                     caption='<a href="/accounts/edit/">Edit profile</a> (pasted in a caption)'),
}


class LookalikeInstagram(ProfileSite):
    """`with LookalikeInstagram() as site:` site.port, site.hits [(host, path, cookie header)]."""

    def __init__(self):
        self.hits = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?")[0]
                site.hits.append((self.headers.get("Host", ""), path, self.headers.get("Cookie", "")))
                if path in PAGES:
                    body, kind = PAGES[path]().encode(), "text/html; charset=utf-8"
                    cookie = f"sessionid={SECRETS[0]}; Domain=.instagram.com; Path=/; Secure; SameSite=None"
                elif path.endswith(".jpg") and path.rsplit("/", 1)[-1].rsplit("_", 1)[0] in IMAGES:
                    name = path.rsplit("/", 1)[-1].rsplit("_", 1)[0]
                    body, kind = (FIXTURES / "faces" / IMAGES[name]).read_bytes(), "image/jpeg"
                    cookie = f"cdn={SECRETS[2]}; Domain=.cdninstagram.com; Path=/; Secure; SameSite=None"
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
        rules = (f"MAP www.instagram.com 127.0.0.1:{self.port}, MAP *.cdninstagram.com 127.0.0.1:{self.port}, "
                 "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost")
        return [f"--host-resolver-rules={rules}", "--ignore-certificate-errors"]

