"""Degraded copies of a photo, made in code: the calibration set for the grades and the tests.

Each function takes a Pillow RGB image and the face's box as face_recognition
gives it (top, right, bottom, left) where it needs one.
"""
import io

from PIL import Image, ImageFilter


def encode(image, fmt="JPEG", **options):
    """Bytes of a Pillow image saved in fmt."""
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def blurred(image, box, part=10):
    """A Gaussian blur of a tenth (strong) or a smaller part of the face width."""
    return image.filter(ImageFilter.GaussianBlur((box[1] - box[3]) / part))


def shrunk(image, box, eyes_px=17):
    """Shrunk until the eyes are about eyes_px apart (a dlib box is ~2.5 inter-eye distances)."""
    factor = eyes_px * 2.5 / (box[1] - box[3])
    return image.resize((round(image.width * factor), round(image.height * factor)), Image.LANCZOS)


def pixelated(image, box, blocks=16):
    """The face box replaced by a mosaic of blocks x blocks."""
    top, right, bottom, left = box
    face = image.crop((left, top, right, bottom))
    face = face.resize((blocks, blocks), Image.BOX).resize(face.size, Image.NEAREST)
    copy = image.copy()
    copy.paste(face, (left, top))
    return copy


def cropped(image, box, keep=0.3):
    """Cut at the left so only the right `keep` share of the face stays in the frame."""
    top, right, bottom, left = box
    return image.crop((round(right - (right - left) * keep), 0, image.width, image.height))


def darkened(image, factor=0.3):
    """Underexposed: every pixel value multiplied by factor."""
    return image.point(lambda value: round(value * factor))


def sideways(image, quality=90):
    """JPEG bytes with the pixels stored rotated and the EXIF orientation tag (6) that turns them upright."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return encode(image.transpose(Image.Transpose.ROTATE_90), quality=quality, exif=exif)


def group_photo(images, height=500):
    """Several photos scaled to one height and put side by side: a group photo."""
    scaled = [im.resize((round(im.width * height / im.height), height), Image.LANCZOS) for im in images]
    canvas = Image.new("RGB", (sum(im.width for im in scaled), height), "white")
    x = 0
    for image in scaled:
        canvas.paste(image, (x, 0))
        x += image.width
    return canvas
