"""`python -m backend analyze | audit | pair`: the same code paths as the server."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def test_analyze_json_reads_a_folder_recursively(fixtures_dir):
    result = CliRunner().invoke(cli, ["analyze", "--json", str(fixtures_dir / "nofaces"),
                                      str(fixtures_dir / "faces" / "obama.jpg")])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    risks = {Path(p["path"]).name: p["risk"] for p in body["photos"]}
    assert risks == {"chelsea.png": "none", "coffee.png": "none", "rocket.jpg": "none", "obama.jpg": "high"}
    assert set(body["photos"][0]) >= {"path", "risk", "skipped", "faces"}
    assert "identities" in body


def test_analyze_text_names_the_reasons(fixtures_dir):
    result = CliRunner().invoke(cli, ["analyze", str(fixtures_dir / "faces" / "obama_partial_face.jpg")])
    assert result.exit_code == 0
    assert "part of the face is outside the photo" in result.output


def test_analyze_a_missing_path_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "nope.jpg")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_audit_refuses_a_bad_link(monkeypatch):
    monkeypatch.delenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", raising=False)
    result = CliRunner().invoke(cli, ["audit", "http://127.0.0.1:9/"])
    assert result.exit_code == 2
    assert "cannot be audited" in result.output


def test_pair_prints_a_code(runner):
    result = runner.invoke(args=["pair"])
    assert result.exit_code == 0
    assert result.output.startswith("Pairing code: ")


@pytest.mark.slow
def test_audit_in_the_terminal_with_a_report_and_nothing_kept(tmp_path):
    from tests.helpers.profile_site import ProfileSite

    out = tmp_path / "report.html"
    env = {"EXPOSURE_ALLOW_PRIVATE_NETWORKS": "1", "EXPOSURE_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    with ProfileSite() as site:
        done = subprocess.run([sys.executable, "-m", "backend", "audit", "--json", "--out", str(out),
                               site.url("/blog/")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["status"] == "done" and body["summary"]["photos"] == 4
    assert "profiles 1/1" in done.stderr, "progress is drawn on stderr"
    assert out.read_text().lstrip().lower().startswith("<!doctype html")
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir()), "the CLI audit keeps nothing"


def test_audit_progress_shows_each_stage_with_its_counts(tmp_path, capsys):
    """The terminal draws the progress the pipeline reports, as it reports it (no polling), and
    the store gets every call too."""
    from backend import store
    from backend.commands import ShownProgress

    with store.connect(":memory:") as db, ShownProgress(db, "p", 1) as shown:
        store.add_audit(db, "p", "t", "self", "k", [{"url": "https://example.com/a", "platform": "generic"}])
        shown.update(status="running", stage="crawling", attempts=1)
        shown.update(profiles_done=1, photos_found=3)
        assert store.get_audit(db, "p")["photos_found"] == 3, "the progress is written into the store too"
        shown.update(stage="analyzing", photos_analyzed=2)
        store.finish_audit(db, "p", {"photos": []}, {})
        shown.show(**store.get_audit(db, "p"))
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1].split() == ["done", "profiles", "1/1", "photos", "2/3"]
    assert [line.split()[0] for line in lines if line.strip()][:1] == ["crawling"]
    assert all(line.split()[0] in ("crawling", "analyzing", "done") for line in lines)
    assert any(line.split() == ["analyzing", "profiles", "1/1", "photos", "2/3"] for line in lines)
