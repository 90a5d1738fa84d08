"""Hostile export ZIPs of the second security review (#27), built in code at any size:
never committed. Used by the tests and by bench/export_hostile.py."""
import struct
import zipfile

from tests.helpers.export_builders import VARIANTS, facebook, write_zip

# The index files each pattern goes into, and the pattern repeated: the review's ZIPs.
PATTERNS = {
    "<a ": "your_instagram_activity/content/posts_1.html",
    "<title>": "your_facebook_activity/posts/album/1.html",
    '<img src="': "your_facebook_activity/posts/album/2.html",
    '<a href=x src="': "your_instagram_activity/content/stories.html",
    "Jan 1, 2023 ": "your_instagram_activity/content/profile_photos.html",
    "<img src=a.jpg>Jan 1, ": "your_facebook_activity/posts/album/3.html",
}


def pattern_zip(path, pattern, repeats, stored=False):
    """An export whose index file (PATTERNS) is `pattern` × `repeats`, next to a real export's files:
    compressed (a few hundred bytes), or `stored` (a large one passes the compression ratio check)."""
    files, _ = (facebook("your_facebook_activity/posts", "html") if "facebook" in PATTERNS[pattern]
                else VARIANTS["instagram-2023-html"]())
    files[PATTERNS[pattern]] = (pattern * repeats).encode()
    return write_zip(path, files, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)


def directory_only_zip(path, entries, claimed=None):
    """A ZIP of nothing but a file list of `entries` headers (each 46 bytes and a short name),
    its end record saying `claimed` entries (default: the truth). 2,000,000 entries are 103 MB."""
    with open(path, "wb") as out:
        for index in range(entries):
            name = f"m/{index:07d}".encode()
            out.write(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0,
                                  len(name), 0, 0, 0, 0, 0, 0) + name)
        size = out.tell()
        count = min(entries if claimed is None else claimed, 0xFFFF)
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, size, 0, 0))
    return path


def empty_objects_zip(path, megabytes):
    """An export whose posts index is "[{},{},…]" of `megabytes` MB, stored (no ratio to refuse)."""
    files, _ = VARIANTS["instagram-2023-json"]()
    count = megabytes * 1024 ** 2 // 3
    files["your_instagram_activity/content/posts_1.json"] = b"[" + b"{}," * (count - 1) + b"{}]"
    return write_zip(path, files)
