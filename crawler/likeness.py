"""Whether two images are one picture: a rescaled, recompressed or re-encoded copy of the same
photo has nearly the same difference hash and the same shape.

Used for the copies of one picture on one profile (families.collect_images) and, by the
backend, across the profiles of one audit. A look lives in memory only: it is never stored.
"""
import io

from PIL import Image

LOOK_MAX_PIXELS = 40_000_000  # larger images are not decoded here: they are never compared
LOOK_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # the safe decoder's photo formats; no other decoder is run here
LOOK_DISTANCE = 5  # of 64 bits: a rescaled or recompressed copy differs by 0-3, another photo by ~20 or more
LOOK_MIN_SPREAD = 8  # grey levels across the 9x8 thumbnail; a picture flatter than this has no hash
LOOK_SIDE = 64  # a JPEG is decoded at a reduced scale, about this size, to be hashed


def look(image):
    """The look of a crawled image ({"data", "width", "height"}), or None (not decodable here).

    Only photo formats are opened, JPEGs at a reduced scale (draft), only the
    first frame is read, and Pillow's bomb limit stays on.
    """
    width, height = image["width"], image["height"]
    if width * height > LOOK_MAX_PIXELS:
        return None
    try:
        with Image.open(io.BytesIO(image["data"]), formats=LOOK_FORMATS) as picture:
            picture.draft("L", (LOOK_SIDE, LOOK_SIDE))
            return look_of(picture, width, height)
    except Exception:  # noqa: BLE001 - any undecodable image is compared by its bytes only
        return None


def look_of(picture, width, height):
    """(64-bit difference hash, width / height) of an opened Pillow image whose original is
    width x height, or None for a picture too flat to hash."""
    small = picture.convert("L").resize((9, 8))
    pixels = small.tobytes()  # 8-bit grey: one byte a pixel
    if max(pixels) - min(pixels) < LOOK_MIN_SPREAD:
        return None  # a flat picture hashes to 0 like every other flat one: compare it by its bytes only
    bits = [pixels[row * 9 + col] > pixels[row * 9 + col + 1] for row in range(8) for col in range(8)]
    return sum(1 << i for i, bit in enumerate(bits) if bit), width / height


def same_picture(a, b):
    """True when two looks are one picture: nearly the same hash and the same shape."""
    if a is None or b is None:
        return False
    return bin(a[0] ^ b[0]).count("1") <= LOOK_DISTANCE and abs(a[1] - b[1]) <= 0.05 * max(a[1], b[1])
