"""What a photo file says about where, when and whose it is, beside its pixels.

A phone writes the GPS position where a photo was taken into the file (for
many students that is home or school), the time it was taken, and sometimes the
owner's name. Platforms strip these on upload, but not every site or messenger
does, and check-before-post reads the original file. This module only says
*whether* they are there: no value is returned, kept, logged or sent anywhere.

It reads the bytes the safe decoder was given (the decoded pixels carry no
EXIF), with the same allow-list of formats, and reads headers only.
"""
import io
import re
import warnings

from PIL import Image

from .decode import FORMATS

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
GPS_LATITUDE, GPS_LONGITUDE = 2, 4
DATE_TIME = 0x0132                                    # IFD0: last changed (usually taken)
DATE_TAKEN = (0x9003, 0x9004)                        # Exif: DateTimeOriginal, DateTimeDigitized
OWNER_TAGS = (0x013B, 0x8298, 0x9C9D)                # IFD0: Artist, Copyright, XPAuthor
CAMERA_OWNER = 0xA430                                # Exif: CameraOwnerName
# Editors also copy GPS, dates and names into an XMP packet.
XMP_GPS = re.compile(rb"GPSLatitude|GPSLongitude")
XMP_DATE = re.compile(rb"DateTimeOriginal|photoshop:DateCreated|xmp:CreateDate")
XMP_OWNER = re.compile(rb"dc:creator|photoshop:Author|aux:OwnerName")

# What is said about it: codes, worded in each language in backend/report/reasons.py,
# the last one saying how to remove them.
NOTE_CODES = {"location": "file_location", "capture_time": "file_capture_time", "owner": "file_owner"}
HOW_TO_REMOVE = "file_how_to_remove"
NOTHING = {"location": False, "capture_time": False, "owner": False}


def read(data):
    """{"location", "capture_time", "owner"}: which of them the file carries, as booleans.

    Never raises: a file whose metadata cannot be read carries nothing we can see.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                exif = image.getexif()
                xmp = xmp_packet(image)
                return {"location": has_location(exif) or bool(XMP_GPS.search(xmp)),
                        "capture_time": has_capture_time(exif) or bool(XMP_DATE.search(xmp)),
                        "owner": has_owner(exif) or bool(XMP_OWNER.search(xmp))}
    except Exception:  # noqa: BLE001 - hostile metadata must not stop the analysis
        return dict(NOTHING)


def xmp_packet(image):
    """The photo's XMP packet as bytes (empty without one)."""
    packet = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    return packet.encode("utf-8", "ignore") if isinstance(packet, str) else bytes(packet)


def has_location(exif):
    """True when the GPS block holds a latitude and a longitude (not the 0, 0 of a camera without a fix)."""
    gps = exif.get_ifd(GPS_IFD)
    values = [gps.get(GPS_LATITUDE), gps.get(GPS_LONGITUDE)]
    if any(value is None for value in values):
        return False
    try:
        return any(float(part) != 0 for value in values for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return True        # present but odd: still a position a reader could decode


def has_capture_time(exif):
    """True when the file says when it was taken."""
    taken = exif.get_ifd(EXIF_IFD)
    return any(filled(taken.get(tag)) for tag in DATE_TAKEN) or filled(exif.get(DATE_TIME))


def has_owner(exif):
    """True when the file names a person: the artist, the copyright holder, the camera's owner."""
    return (any(filled(exif.get(tag)) for tag in OWNER_TAGS)
            or filled(exif.get_ifd(EXIF_IFD).get(CAMERA_OWNER)))


def filled(value):
    """True for a tag with something in it (cameras pad empty text tags with spaces or NULs)."""
    if value is None:
        return False
    if isinstance(value, bytes):
        value = value.decode("utf-16-le" if b"\x00" in value else "latin-1", "ignore")
    return bool(str(value).strip(" \x00"))


def notes(found):
    """The notes (reason codes) for what a file carries, then how to remove it; [] for nothing."""
    if not found:
        return []
    codes = [{"code": code} for key, code in NOTE_CODES.items() if found.get(key)]
    return codes + [{"code": HOW_TO_REMOVE}] if codes else []
