"""Location, capture time and owner name in the original file: flagged, never repeated."""
import io
import json

import pytest
from PIL import Image

from backend import analysis
from backend.analysis import metadata

OWNER = "Kim Minji"
LATITUDE = (37.0, 33.0, 45.12)       # a real-looking position: 37°33'45.12"N
LONGITUDE = (126.0, 58.0, 30.21)


def exif_with(location=False, capture_time=False, owner=False, zero=False):
    """An EXIF block with the chosen fields, written the way a phone writes them."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"                   # Make: present in every phone photo, never flagged
    if location:
        exif[metadata.GPS_IFD] = {1: "N", 2: (0.0, 0.0, 0.0) if zero else LATITUDE,
                                  3: "E", 4: (0.0, 0.0, 0.0) if zero else LONGITUDE}
    if capture_time:
        exif[metadata.EXIF_IFD] = {0x9003: "2026:05:01 08:12:00"}
    if owner:
        exif[0x013B] = OWNER
    return exif


def photo_bytes(source, fmt="JPEG", **fields):
    out = io.BytesIO()
    source.save(out, fmt, exif=exif_with(**fields))
    return out.getvalue()


@pytest.fixture(scope="session")
def portrait(fixtures_dir):
    return Image.open(fixtures_dir / "faces" / "obama.jpg").convert("RGB")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_gps_position_written_by_the_test_is_flagged(portrait, fmt):
    found = metadata.read(photo_bytes(portrait, fmt, location=True))
    assert found == {"location": True, "capture_time": False, "owner": False}


def test_capture_time_and_owner_are_flagged_apart(portrait):
    assert metadata.read(photo_bytes(portrait, capture_time=True))["capture_time"] is True
    assert metadata.read(photo_bytes(portrait, owner=True)) == {
        "location": False, "capture_time": False, "owner": True}


def test_a_camera_without_a_fix_writes_zeros_and_is_not_a_location(portrait):
    assert metadata.read(photo_bytes(portrait, location=True, zero=True))["location"] is False


def test_a_plain_photo_carries_nothing(fixtures_dir):
    assert metadata.read((fixtures_dir / "nofaces" / "rocket.jpg").read_bytes()) == metadata.NOTHING


def test_a_real_press_photo_carries_its_capture_time_and_a_name(fixtures_dir):
    assert metadata.read((fixtures_dir / "faces" / "biden.jpg").read_bytes()) == {
        "location": False, "capture_time": True, "owner": True}


@pytest.mark.parametrize("data", [b"", b"not an image", b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00garbage"])
def test_unreadable_metadata_is_nothing_not_an_error(data):
    assert metadata.read(data) == metadata.NOTHING


def test_gps_in_an_xmp_packet_is_flagged(portrait):
    out = io.BytesIO()
    xmp = b'<x:xmpmeta><rdf:Description exif:GPSLatitude="37,33.75N"/></x:xmpmeta>'
    portrait.save(out, "JPEG", xmp=xmp)
    assert metadata.read(out.getvalue())["location"] is True


def test_the_notes_name_what_is_there_and_how_to_remove_it():
    notes = metadata.notes({"location": True, "capture_time": False, "owner": True})
    assert notes == [{"code": "file_location"}, {"code": "file_owner"}, {"code": "file_how_to_remove"}]
    assert metadata.notes(metadata.NOTHING) == [] and metadata.notes(None) == []


def test_the_analysis_flags_the_original_file_and_repeats_no_value(portrait):
    tagged = photo_bytes(portrait, location=True, capture_time=True, owner=True)
    result = analysis.analyze_images([("tagged", tagged), ("plain", photo_bytes(portrait))])
    tagged_photo, plain_photo = result["photos"]
    assert tagged_photo["metadata"] == {"location": True, "capture_time": True, "owner": True}
    assert plain_photo["metadata"] == metadata.NOTHING
    assert result["summary"]["photos_with_location"] == 1
    text = json.dumps({k: v for k, v in result.items()}, default=str)
    for value in (OWNER, "2026:05:01", "37.5", "126.9", "45.12"):
        assert value not in text


@pytest.mark.parametrize("lang, script", [("en", "[a-z]"), ("ko", "[가-힣]")])
def test_every_note_has_words_in_each_language(lang, script):
    import re

    from backend.report.reasons import render_reasons
    codes = metadata.notes({"location": True, "capture_time": True, "owner": True})
    words = render_reasons(codes, lang)
    assert len(words) == len(codes) == 4 and all(re.search(script, w) for w in words)
    assert lang == "en" or not any(w == render_reasons([c], "en")[0] for w, c in zip(words, codes))
