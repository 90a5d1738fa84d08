"""`python -m backend audit --export PATH.zip`: every photo of an export graded by the real
analysis, with progress; a hostile ZIP refused before anything starts."""
import json
import zipfile

import pytest
from click.testing import CliRunner

from backend.cli import cli
from tests.helpers.export_builders import VARIANTS, write_zip


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["instagram-2025-html", "facebook-2024-json", "x-2022"])
def test_every_photo_of_an_export_is_graded(tmp_path, monkeypatch, variant):
    monkeypatch.setenv("EXPOSURE_DATA_DIR", str(tmp_path / "data"))
    files, expected = VARIANTS[variant]()
    path = write_zip(tmp_path / "export.zip", files)
    result = CliRunner().invoke(cli, ["audit", "--export", str(path), "--json", "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["status"] == "done"
    photos = document["photos"]
    assert len(photos) == len(expected)
    assert all(p["skipped"] is None and p["risk"] in ("high", "medium", "low", "none") for p in photos)
    assert sum(1 for p in photos if p["faces"]) >= len(expected) - 1  # the fixtures are faces
    assert {p["visibility"] for p in photos if p["kind"] in ("profile_photo", "cover_photo")} <= {"public"}
    assert {p["visibility"] for p in photos if p["kind"] == "post_photo"} == {"followers"}
    assert f"photos {len(expected)}/{len(expected)}" in result.stderr  # photos read out of total
    assert "Followers only" in (tmp_path / "r.html").read_text()
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*.zip"))


def test_a_hostile_export_is_refused_before_anything_starts(tmp_path):
    files, _ = VARIANTS["x-2022"]()
    path = write_zip(tmp_path / "export.zip", files)
    with zipfile.ZipFile(path, "a") as out:
        out.writestr("../../outside.jpg", b"x")
    result = CliRunner().invoke(cli, ["audit", "--export", str(path)])
    assert result.exit_code == 2
    assert "climbs out of its folder" in result.output


def test_audit_needs_links_or_an_export():
    result = CliRunner().invoke(cli, ["audit"])
    assert result.exit_code == 2 and "--export" in result.output


def test_an_unknown_layout_is_refused_by_name_never_no_photos(tmp_path):
    files, expected = VARIANTS["facebook-2024-json"]()
    moved = {name.replace("/posts/", "/posts_v9/").replace("/archived_stories", "/stories_v9"): data
             for name, data in files.items()}
    result = CliRunner().invoke(cli, ["audit", "--export", str(write_zip(tmp_path / "export.zip", moved))])
    assert result.exit_code == 2
    assert f"layout is new to Exposure Check: {len(expected)} pictures" in " ".join(result.output.split())
    assert "no photos" not in result.output
