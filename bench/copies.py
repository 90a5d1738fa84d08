"""One picture on two profiles: how often backend/copies.py finds the copy, how often it takes two
different photos for one, and what it costs.

`python -m bench` (or `python -m bench.copies`). Every fixture photo (tests/fixtures: faces,
no faces, the hard set: 24 files, 23 pictures, five of one person) is posted on a first profile as a
1080 px JPEG, then on a second profile as a platform would re-serve it: smaller, recompressed,
re-encoded. A copy found is a true merge; a photo merged with any other fixture photo is a false
one. The time is that of `one_per_picture` over both profiles' photos, per photo, on this machine
(decoding included: the safe decoder at about 128x128).
"""
import io
import time
from pathlib import Path

from PIL import Image, ImageOps

from backend.copies import one_per_picture

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
FOLDERS = ("faces", "nofaces", "hard")
SUFFIXES = (".jpg", ".jpeg", ".png")
# Two fixture files of one picture: face_recognition's 32-bit PNG is obama2.jpg with an alpha channel.
SAME = {"32bit.png": "obama2.jpg"}
# (name, long side, format, quality): what platforms do to an upload.
COPIES = (("1080 px JPEG q90 (the same file)", 1080, "JPEG", 90), ("640 px JPEG q75", 640, "JPEG", 75),
          ("320 px JPEG q50", 320, "JPEG", 50), ("150 px JPEG q60 (an avatar)", 150, "JPEG", 60),
          ("640 px WebP q70", 640, "WEBP", 70), ("480 px PNG", 480, "PNG", None),
          # Not found by design unless the photo is square already: a crop is another shape.
          ("320 px square centre crop, JPEG q75", -320, "JPEG", 75))


def sources():
    found = []
    for folder in FOLDERS:
        for path in sorted((FIXTURES / folder).iterdir()):
            if path.suffix.lower() in SUFFIXES:
                with Image.open(path) as picture:
                    found.append((path.name, ImageOps.exif_transpose(picture).convert("RGB")))
    return found


def encoded(picture, side, fmt, quality):
    """The picture at `side` px on its long side (a negative side: a square centre crop of that size)."""
    if side < 0:
        picture, side = ImageOps.fit(picture, (min(picture.size),) * 2), -side
    scale = side / max(picture.size)
    resized = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))))
    out = io.BytesIO()
    resized.save(out, fmt, **({"quality": quality} if quality else {}))
    return {"data": out.getvalue(), "width": resized.width, "height": resized.height}


def run(pictures, side, fmt, quality):
    """(pictures whose two copies were found, different pictures merged, seconds per photo) for one
    kind of copy.

    Each photo's profile link names its profile and its file (`a/<name>`, `b/<name>`), so every
    merge, on one profile or two, is seen in `also_on`."""
    first = [encoded(picture, 1080, "JPEG", 90) | {"profile_url": f"a/{name}"} for name, picture in pictures]
    second = [encoded(picture, side, fmt, quality) | {"profile_url": f"b/{name}"} for name, picture in pictures]
    started = time.perf_counter()
    kept = one_per_picture(first + second)
    seconds = (time.perf_counter() - started) / (len(first) + len(second))
    found, wrong = set(), 0
    for image in kept:
        copies = [url.split("/", 1) for url in [image["profile_url"], *image.get("also_on", ())]]
        merged = {SAME.get(name, name) for _, name in copies}
        wrong += len(merged) - 1
        found |= {SAME.get(name, name) for profile, name in copies if profile == "b"} & \
            {SAME.get(name, name) for profile, name in copies if profile == "a"}
    return len(found), wrong, seconds


def main():
    pictures = sources()
    distinct = len({SAME.get(name, name) for name, _ in pictures})
    print(f"{len(pictures)} fixture files ({distinct} pictures), each on profile a (1080 px JPEG q90) and on profile b:")
    print("| copy on profile b | pictures whose copies were found | different pictures merged | ms per photo |")
    print("| --- | --- | --- | --- |")
    totals = [0, 0]
    for name, side, fmt, quality in COPIES:
        found, wrong, seconds = run(pictures, side, fmt, quality)
        if side > 0:  # the crop is shown apart: its copies are not meant to be found
            totals[0] += found
            totals[1] += wrong
        print(f"| {name} | {found}/{distinct} | {wrong} | {seconds * 1000:.1f} |")
    resampled = sum(1 for copy in COPIES if copy[1] > 0)
    print(f"resized and re-encoded copies found {totals[0]}/{distinct * resampled}, "
          f"different pictures merged {totals[1]}")


if __name__ == "__main__":
    main()
