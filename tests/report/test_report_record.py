"""The record without the image: a photo of the reader found in an account around them, as a
printable page and a text file with its address, when it was seen, the platform and the SHA-256
of the image's bytes, and where to ask for help; never the image itself."""
import hashlib
import io

import pytest
from PIL import Image

from backend import store

IMAGE = (b"\xff\xd8\xff" + b"the photo's bytes as downloaded" * 10)
SHA = hashlib.sha256(IMAGE).hexdigest()


def thumbnail():
    out = io.BytesIO()
    Image.new("RGB", (160, 120), (200, 10, 10)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def audit(app):
    with app.app_context():
        from backend.db import get_db
        db = get_db()
        store.add_audit(db, "rec", "tok", "self", "the-key", [
            {"url": "https://www.instagram.com/me/", "platform": "instagram"},
            {"url": "https://www.instagram.com/hanbit.school/", "platform": "instagram", "role": "others",
             "relation": "school"}])
        photo = {"id": "around1", "profile_url": "https://www.instagram.com/hanbit.school/",
                 "page_url": "https://www.instagram.com/p/Cabc123/", "image_url": "https://cdn.example/abc.jpg",
                 "width": 1080, "height": 1080, "risk": "high", "faces": [{"box": [1, 2, 3, 4], "risk": "high",
                                                                           "reasons": []}],
                 "sha256": SHA, "seen_at": "2026-12-04T14:40:00+00:00"}
        result = {"photos": [], "identities": [], "summary": {"photos": 0},
                  "around": {"compared": True, "why_not": None, "photos": [photo]}}
        store.finish_audit(db, "rec", result, {"around1": thumbnail()})
    return "rec"


@pytest.mark.parametrize("lang, seen, help_line", [
    ("ko", "2026년 12월 4일(금) 오후 11시 40분(한국 시간)", "디지털성범죄피해자지원센터: 02-735-8994"),
    ("en", "4 Dec 2026, 23:40 (KST)", "Digital Sex Crime Victim Support Center: 02-735-8994"),
])
def test_the_record_page_carries_the_hash_and_no_image(client, audit, seoul, lang, seen, help_line):
    response = client.get(f"/audits/{audit}/record/around1?key=the-key&lang={lang}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert SHA in page and "https://www.instagram.com/p/Cabc123/" in page and seen in page and help_line in page
    for number in ("117", "112", "1377"):
        assert number in page
    assert "takeitdown.ncmec.org" in page and "stopncii.org" in page
    assert "<img" not in page and "data:image" not in page and "base64" not in page
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")




def test_the_record_text_file_carries_the_hash_and_no_image(client, audit, seoul):
    response = client.get(f"/audits/{audit}/record/around1?key=the-key&lang=ko&format=text")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.headers["Content-Disposition"] == 'attachment; filename="record-around1.txt"'
    text = response.get_data(as_text=True)
    assert f"SHA-256: {SHA}" in text and "사진을 저장하거나" in text and "인스타그램" in text
    assert "base64" not in text and "\ufffd" not in text


def test_the_record_needs_the_report_key_and_a_photo_of_the_reader(client, audit):
    assert client.get(f"/audits/{audit}/record/around1?key=wrong").status_code == 404
    assert client.get(f"/audits/{audit}/record/ph1?key=the-key").status_code == 404


def test_the_report_links_each_photo_found_around_to_its_record(client, audit):
    page = client.get(f"/audits/{audit}/report?key=the-key&lang=en").get_data(as_text=True)
    assert "/audits/rec/record/around1?key=the-key" in page and 'data-around-photo="around1"' in page
