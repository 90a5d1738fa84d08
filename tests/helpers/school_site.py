"""A local "school account" for the accounts-around-me tests: a public page of a school's photos.

READER: photos of the reader (the person of the blog in profile_site.py), OTHERS: photos of
other people only (one of them a group of three), GROUPS: the reader beside someone else,
put side by side here in memory from two fixture photos. Served at `/school/` on 127.0.0.1.
"""
import functools
import io
from pathlib import Path

from PIL import Image

from tests.helpers.sites import LocalSite, QuietHandler

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
READER = {"trip.jpg": "faces/obama3.jpg", "assembly.jpg": "faces/obama_partial_face.jpg",
          "award.jpg": "faces/obama_partial_face2.jpg"}
OTHERS = {"principal.jpg": "faces/biden.jpg", "coach.jpg": "hard/fr_kit_harington_john1.jpeg",
          "club.jpg": "body/fr_alex_lacamoire_img1.jpg", "friends.jpg": "hard/uniface_src_friends.jpg"}
GROUPS = {"team.jpg": ("faces/obama3.jpg", "hard/fr_kit_harington_john2.jpeg"),
          "festival.jpg": ("body/fr_alex_lacamoire_img1.jpg", "faces/obama_partial_face2.jpg")}


def page(names):
    photos = "".join(f'<article><img src="/school/photos/{name}" alt="school event"></article>' for name in names)
    return (f"<!doctype html><html><head><title>Hanbit Middle School</title></head><body>"
            f"<h1>Hanbit Middle School</h1>{photos}</body></html>").encode()


@functools.lru_cache(maxsize=None)
def photo(name):
    if name in GROUPS:
        return side_by_side(*GROUPS[name])
    return (FIXTURES / {**READER, **OTHERS}[name]).read_bytes()


def side_by_side(left, right, height=800):
    """Two fixture photos as one JPEG, both scaled to one height: a group photo."""
    images = [Image.open(FIXTURES / path).convert("RGB") for path in (left, right)]
    images = [image.resize((round(image.width * height / image.height), height)) for image in images]
    group = Image.new("RGB", (sum(image.width for image in images), height))
    group.paste(images[0], (0, 0))
    group.paste(images[1], (images[0].width, 0))
    out = io.BytesIO()
    group.save(out, "JPEG", quality=90)
    return out.getvalue()


class _Handler(QuietHandler):
    protocol_version = "HTTP/1.0"   # one request a connection, as these sites always served

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?")[0]
        name = path.rsplit("/", 1)[-1]
        if path == "/school/":
            return self.send_body(200, page([*READER, *OTHERS, *GROUPS]), "text/html; charset=utf-8")
        if path.startswith("/school/photos/") and name in {**READER, **OTHERS, **GROUPS}:
            return self.send_body(200, photo(name), "image/jpeg")
        return self.send_body(404, b"<html><title>Page Not Found</title><body>Not found</body></html>", "text/html")



class SchoolSite(LocalSite):
    """`with SchoolSite() as school:` serves on 127.0.0.1 at a free port; `school.url("/school/")`."""

    handler = _Handler
