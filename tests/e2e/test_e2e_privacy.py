"""Data minimisation, tested: what an audit leaves behind on disk and in the log."""
import json
import sqlite3
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _all_bytes(folder):
    return b"".join(p.read_bytes() for p in Path(folder).rglob("*") if p.is_file() and not p.name.endswith(".log"))


def _number_lists(value):
    """Every list of numbers anywhere in a JSON value, with its length."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _number_lists(item)
    elif isinstance(value, list):
        if value and all(isinstance(x, (int, float)) for x in value):
            yield value
        for item in value:
            yield from _number_lists(item)


def test_an_audit_keeps_no_originals_no_encodings_and_logs_nothing_personal(live_server, site):
    profile = site.url("/blog/")
    status, created = live_server.request("POST", "/api/v1/audits", {"profiles": [profile], "consent": "self"})
    assert status == 202
    audit, _ = live_server.wait_for(created["id"], lambda a: a["status"] in ("done", "failed"))
    assert audit["status"] == "done" and audit["summary"]["photos_with_faces"] >= 2

    stored = _all_bytes(live_server.data_dir)
    for name in ("faces/obama.jpg", "faces/obama2.jpg", "faces/biden.jpg"):
        original = (FIXTURES / name).read_bytes()
        # Any 256-byte run of the original file would mean the original was kept.
        for offset in range(1024, len(original) - 256, len(original) // 8):
            assert original[offset:offset + 256] not in stored, f"{name} is kept on disk"

    db = sqlite3.connect(live_server.data_dir / "exposure.db")
    (result,) = db.execute("SELECT result FROM audits WHERE id = ?", [created["id"]]).fetchone()
    longest = max((len(numbers) for numbers in _number_lists(json.loads(result))), default=0)
    assert longest < 128, "a face encoding (128 numbers) is stored"
    assert b"encoding" not in stored.lower()
    thumbs = db.execute("SELECT jpeg FROM thumbnails").fetchall()
    assert thumbs, "the report keeps small thumbnails"
    from PIL import Image
    import io

    for (jpeg,) in thumbs:
        assert max(Image.open(io.BytesIO(jpeg)).size) <= 160

    log = live_server.output()
    for secret in (profile, site.url("/"), "127.0.0.1:%d" % site.server.server_address[1], live_server.token,
                   "obama.jpg", created["report_url"].split("key=")[1]):
        assert secret not in log, f"the log holds {secret!r}"

    assert live_server.request("DELETE", f"/api/v1/audits/{created['id']}")[0] == 204
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("audits", "audit_profiles", "thumbnails")]
    assert counts == [0, 0, 0]
    left = _all_bytes(live_server.data_dir)
    assert not any(jpeg[200:400] in left for (jpeg,) in thumbs), "a deleted thumbnail is still readable on disk"
    assert profile.encode() not in left, "a deleted profile link is still readable on disk"
