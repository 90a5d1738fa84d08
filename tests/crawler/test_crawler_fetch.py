"""Guarded image downloads: byte cap, deadline against drip-feeding, redirect limits."""
import time

import pytest

from crawler.fetch import FetchError, fetch_image


def test_image_is_fetched_with_its_type(site, allow_private):
    got = fetch_image(site + "/img/biden/x.jpg", 15_000_000, time.monotonic() + 10)
    assert got["content_type"] == "image/jpeg" and got["data"][:2] == b"\xff\xd8"


def test_dripping_image_ends_at_the_deadline(site, allow_private):
    start = time.monotonic()
    with pytest.raises(FetchError, match="too slow"):
        fetch_image(site + "/drip.jpg", 15_000_000, start + 1.5)
    assert time.monotonic() - start < 5


def test_image_over_the_byte_cap_is_refused(site, allow_private):
    with pytest.raises(FetchError, match="larger than the limit"):
        fetch_image(site + "/huge.jpg", 2_000_000, time.monotonic() + 20)


def test_redirects_are_followed_up_to_the_limit(site, allow_private):
    assert fetch_image(site + "/to?url=/img/obama/y.jpg", 15_000_000, time.monotonic() + 10)["url"].endswith("/img/obama/y.jpg")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_image(site + "/loop", 15_000_000, time.monotonic() + 10, max_redirects=3)


def test_error_status_is_a_fetch_error(site, allow_private):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_image(site + "/status/404", 15_000_000, time.monotonic() + 10)


@pytest.mark.parametrize("fmt, size", [("JPEG", (300, 200)), ("PNG", (120, 640)), ("WEBP", (800, 600)), ("HEIF", (300, 200))])
def test_image_sizes_are_read_from_the_header(fmt, size):
    import io

    from PIL import Image

    from crawler.families import image_size
    image_size(b"")  # registers the HEIF reader
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(buffer, fmt)
    assert image_size(buffer.getvalue()) == size


def test_svg_and_html_are_not_photos():
    from crawler.families import image_size
    assert image_size(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert image_size(b"<html>not an image</html>") is None
