"""The safe decoder: bytes from anywhere in, an RGB uint8 array out, or UnreadableImage.

Every image the project looks at comes through here. The bytes may be hostile (a
decompression bomb, a truncated file, HTML served as image/jpeg, a TIFF renamed
.jpg), so only an allow-list of formats is opened, the declared size is checked
before any pixel is decoded, and Pillow's own bomb check stays on.
"""
import io
import re
import warnings

import numpy as np
from PIL import Image, ImageFile, ImageOps

try:  # HEIC/HEIF from phones; AVIF is built into Pillow >= 11.3.
    import pillow_heif
    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - the plugin is in requirements.txt
    pillow_heif = None

# face_recognition turns this on for the whole process when imported; a truncated
# file must be refused, never half-decoded.
ImageFile.LOAD_TRUNCATED_IMAGES = False

MAX_BYTES = 40 * 1024 * 1024          # a 48 MP phone JPEG is ~20 MB
MAX_PIXELS = 50_000_000               # 8660x5773; Pillow's own bomb limit is 89 MP
MAX_SIDE = 20_000

# The formats a browser shows as a photo. TIFF, BMP, ICO, PSD, EPS... are refused:
# their decoders are where Pillow's security bugs have lived.
Image.init()
FORMATS = [name for name in ("JPEG", "PNG", "WEBP", "GIF", "AVIF", "HEIF") if name in Image.OPEN]


class UnreadableImage(ValueError):
    """A photo that cannot be read; `.reason` says why in a few plain words."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def decode_image(data):
    """Decode image bytes into an RGB uint8 array (height, width, 3), EXIF orientation applied.

    Raises UnreadableImage with a short reason for anything not a readable photo
    within the limits.
    """
    return np.array(open_image(data), dtype=np.uint8)


def open_image(data):
    """Decode image bytes into an upright RGB Pillow image, in full; raises UnreadableImage."""
    return open_working_image(data, None)[0]


def open_working_image(data, max_pixels):
    """Decode at most about `max_pixels`: (upright RGB image, scale, (width, height) of the original).

    A 190 KB PNG of 7000x7000 decoded in full, converted and copied took 1.1 GB in one worker.
    A JPEG is decoded straight at 1/2, 1/4 or 1/8 size (draft: the DCT scales it, the full
    image never exists); other formats are halved, quartered... right after loading, before any
    conversion copies them. `scale` is original pixels per working pixel, to measure faces in
    the original's pixels.
    """
    check_bytes(data)
    return _decoded(data, max_pixels)


def _decoded(data, max_pixels):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                check_size(image.size)
                image.seek(0)          # animations: the first frame only
                width, height = image.size
                factor = _reduction(width, height, max_pixels)
                if factor > 1 and image.format == "JPEG":
                    image.draft("RGB", (-(-width // factor), -(-height // factor)))
                image.load()
                factor = _reduction(*image.size, max_pixels)
                working = image
                if factor > 1:
                    working = image.reduce(factor)
                    working.info = image.info  # the EXIF orientation, read below
                    image.close()  # the full-size pixels go now, before the conversions copy
                upright = to_rgb(ImageOps.exif_transpose(working))
                scale = width / working.width
                size = (width, height) if upright.size == working.size else (height, width)
                return upright, scale, size
    except UnreadableImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own limit fired while opening; its message carries the pixel count.
        found = re.search(r"\((\d+) pixels\)", str(error))
        size = f"{int(found.group(1)):,} pixels" if found else "decompression bomb"
        raise UnreadableImage(f"too large ({size})") from None
    except Image.UnidentifiedImageError:
        raise UnreadableImage("not an image or an unsupported format") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError):
        # Pillow reports damaged data with any of these.
        raise UnreadableImage("damaged or truncated image") from None
    except MemoryError:
        raise UnreadableImage("too large to decode") from None


def _reduction(width, height, max_pixels):
    """The smallest whole factor that brings width x height to at most max_pixels (1: none)."""
    factor = 1
    while max_pixels and (width // factor) * (height // factor) > max_pixels:
        factor += 1
    return factor


def check_bytes(data):
    """Refuse a missing, empty or oversized body before anything else looks at it."""
    if data is None:
        raise UnreadableImage("file could not be read")
    if not data:
        raise UnreadableImage("empty file")
    if len(data) > MAX_BYTES:
        raise UnreadableImage(f"too large (over {MAX_BYTES // (1024 * 1024)} MB)")


def check_size(size):
    """Refuse images whose declared dimensions are over the caps, before decoding."""
    width, height = size
    if width < 1 or height < 1:
        raise UnreadableImage("empty image")
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise UnreadableImage(f"too large ({width}x{height} pixels)")


def to_rgb(image):
    """Convert any Pillow mode (alpha, palette, grey, CMYK, 16-bit) to 8-bit RGB."""
    if image.mode == "RGB":
        return image
    if image.mode.startswith("I") or image.mode == "F":
        # 16/32-bit grey: Pillow's convert('L') clips instead of scaling.
        values = np.asarray(image, dtype=np.float32)
        wide = image.mode.startswith("I;16") or (values.size and values.max() > 255)
        grey = np.clip(values * (255.0 / 65535.0 if wide else 1.0), 0, 255).astype(np.uint8)
        return Image.fromarray(grey).convert("RGB")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        # A transparent background becomes white, the way a page shows it.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    return image.convert("RGB")


def pixels_only(image):
    """A new RGB image from `image`'s pixels alone: Pillow carries the original's `info` (its JPEG
    comment, ICC profile, XMP, EXIF) through resize and writes some of it back on save."""
    return Image.frombytes("RGB", image.size, image.convert("RGB").tobytes())


def jpeg_bytes(image):
    """`image` as JPEG bytes with no metadata segment."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, exif=b"", icc_profile=None, comment=b"")
    return out.getvalue()


def redraw_jpeg(data, max_side):
    """A thumbnail that came from elsewhere (a fleet's worker), decoded safely and re-drawn from its
    pixels; None unless it is a readable image of at most `max_side` px on its long side."""
    try:
        image = open_image(data)
    except UnreadableImage:
        return None
    if max(image.size) > max_side:
        return None
    return jpeg_bytes(pixels_only(image))

