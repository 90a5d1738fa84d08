"""Stored thumbnails carry pixels only: no EXIF, no JPEG comment, no ICC profile, no XMP (#15 finding 10).

A photo's metadata can hold GPS, a camera serial, a name, or a <script> aimed at whoever
opens the thumbnail; the report keeps none of it.
"""
import io
import struct

import pytest
from PIL import Image, ImageCms

from backend import analysis

SCRIPT = b"<script>alert('thumbnail')</script>"
# JPEG markers a plain baseline or progressive image needs; anything else (APPn, COM) is metadata.
PIXEL_MARKERS = {0xD8, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDD, 0xDA, 0xD9, 0xE0}


def markers(jpeg):
    """Every marker before the image data, as (code, payload)."""
    found, at = [], 2
    assert jpeg[:2] == b"\xff\xd8"
    while at < len(jpeg):
        code = jpeg[at + 1]
        length = struct.unpack(">H", jpeg[at + 2:at + 4])[0]
        found.append((code, jpeg[at + 4:at + 2 + length]))
        if code == 0xDA:
            break
        at += 2 + length
    return found


def with_metadata(photo, fmt):
    image = Image.open(io.BytesIO(photo))
    exif = Image.Exif()
    exif[0x010E] = SCRIPT.decode()  # ImageDescription
    exif[0x9286] = "GPS here"  # UserComment
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", comment=SCRIPT, exif=exif.tobytes(), icc_profile=icc,
                   xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + SCRIPT + b"</x:xmpmeta>")
    else:
        from PIL import PngImagePlugin
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", SCRIPT.decode())
        image.save(out, "PNG", pnginfo=text, exif=exif.tobytes(), icc_profile=icc)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_thumbnails_keep_no_metadata(fixtures_dir, fmt):
    original = with_metadata((fixtures_dir / "faces" / "obama2.jpg").read_bytes(), fmt)
    assert SCRIPT in original
    photo = analysis.analyze_images([("p", original)], thumbnail_size=160)["photos"][0]
    thumbnail = photo["thumbnail"]
    assert photo["faces"] and thumbnail
    assert SCRIPT not in thumbnail and b"GPS" not in thumbnail
    extra = [hex(code) for code, _ in markers(thumbnail) if code not in PIXEL_MARKERS]
    assert not extra, f"metadata segments in the thumbnail: {extra}"
    assert not set(Image.open(io.BytesIO(thumbnail)).info) & {"comment", "exif", "icc_profile", "xmp", "XML:com.adobe.xmp"}
