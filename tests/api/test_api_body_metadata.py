"""The body check and a file's hidden location in the analyze API, the CLI and audits (real analysis)."""
import io
import json

import pytest
from click.testing import CliRunner
from PIL import Image

from backend.analysis import analyze_images, metadata
from backend.cli import cli
from tests.helpers.fakes import FakeCrawler, wait_until_finished

POSITION = (37.0, 33.0, 45.12)


def with_gps(path):
    """The photo re-saved with a GPS position, a capture time and an owner, as a phone writes them."""
    exif = Image.Exif()
    exif[metadata.GPS_IFD] = {1: "N", 2: POSITION, 3: "E", 4: (126.0, 58.0, 30.21)}
    exif[metadata.EXIF_IFD] = {0x9003: "2026:05:01 08:12:00"}
    exif[0x013B] = "Kim Minji"
    out = io.BytesIO()
    Image.open(path).convert("RGB").save(out, "JPEG", exif=exif)
    return out.getvalue()


def post(client, auth, data, language):
    return client.post("/api/v1/analyze", headers=auth | {"Accept-Language": language},
                       data={"image": (io.BytesIO(data), "photo.jpg")})


@pytest.mark.parametrize("language, note", [("en", "exact location"), ("ko-KR", "정확한 위치")])
def test_analyze_says_the_photo_carries_an_exact_location_and_no_value(client, auth, fixtures_dir,
                                                                      language, note):
    response = post(client, auth, with_gps(fixtures_dir / "faces" / "obama.jpg"), language)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    found = body["metadata"]
    assert (found["location"], found["capture_time"], found["owner"]) == (True, True, True)
    assert len(found["notes"]) == 4 and note in found["notes"][0]
    text = response.get_data(as_text=True)
    for value in ("45.12", "37.5", "126", "Kim Minji", "2026:05:01"):
        assert value not in text


def test_analyze_marks_a_full_length_photo_body_visible_in_korean(client, auth, fixtures_dir):
    data = (fixtures_dir / "body" / "fr_kit_with_rose.jpg").read_bytes()
    body = post(client, auth, data, "ko-KR").get_json()
    assert body["body_visible"] is True and body["risk"] in ("high", "medium")
    marked = [face for face in body["faces"] if face["body_visible"]]
    assert len(marked) == 1
    assert "옷을 지운 가짜 사진" in " ".join(marked[0]["reasons"])


def test_cli_analyze_json_has_body_and_metadata(fixtures_dir, tmp_path):
    tagged = tmp_path / "tagged.jpg"
    tagged.write_bytes(with_gps(fixtures_dir / "faces" / "biden.jpg"))
    result = CliRunner().invoke(cli, ["analyze", "--json", str(tagged),
                                      str(fixtures_dir / "body" / "fr_kit_with_rose.jpg")])
    assert result.exit_code == 0, result.output
    photos = {p["path"].rsplit("/", 1)[-1]: p for p in json.loads(result.output)["photos"]}
    assert photos["tagged.jpg"]["metadata"]["location"] is True
    assert photos["tagged.jpg"]["metadata"]["notes"][-1].startswith("remove them before you post")
    assert photos["fr_kit_with_rose.jpg"]["body_visible"] is True
    assert "45.12" not in result.output and "Kim Minji" not in result.output


def test_cli_analyze_text_names_the_location(fixtures_dir, tmp_path):
    tagged = tmp_path / "tagged.jpg"
    tagged.write_bytes(with_gps(fixtures_dir / "nofaces" / "rocket.jpg"))
    result = CliRunner().invoke(cli, ["analyze", str(tagged)])
    assert result.exit_code == 0, result.output
    assert "this photo carries an exact location" in result.output


def test_an_audit_notes_a_downloaded_image_that_still_carries_gps(app, client, auth, fixtures_dir):
    images = [{"data": with_gps(fixtures_dir / "nofaces" / "rocket.jpg"),
               "image_url": "https://example.com/a.jpg", "page_url": "https://example.com/me"},
              {"data": (fixtures_dir / "body" / "fr_kit_with_rose.jpg").read_bytes(),
               "image_url": "https://example.com/b.jpg", "page_url": "https://example.com/me"}]
    app.config["CRAWLER_FACTORY"] = lambda: FakeCrawler(images)
    app.extensions["exposure_jobs"].crawler_factory = app.config["CRAWLER_FACTORY"]
    app.extensions["exposure_jobs"].analyze = analyze_images
    created = client.post("/api/v1/audits", json={"profiles": ["https://example.com/me"], "consent": "self"},
                          headers=auth).get_json()
    done = wait_until_finished(client, auth | {"Accept-Language": "ko"}, created["id"], timeout=120)
    assert done["status"] == "done", done
    located, couple = done["photos"]
    assert located["metadata"]["location"] is True and "정확한 위치" in located["metadata"]["notes"][0]
    assert couple["body_visible"] is True and couple["metadata"]["location"] is False
    assert done["summary"]["photos_with_location"] == 1 and done["summary"]["body_visible_photos"] == 1
    assert '"undress" apps' not in json.dumps(done, ensure_ascii=False)   # reasons are in Korean
    assert {"code": "body_visible"} in [code for face in couple["faces"] for code in face["reason_codes"]]


def test_health_says_the_body_check_is_ready(client):
    assert client.get("/api/v1/health").get_json()["body_model_ready"] is True
