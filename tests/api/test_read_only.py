"""A data folder that cannot be written: the server starts, says why, and answers 503 at once."""
import os
import shutil
import subprocess

import pytest

from backend import create_app


@pytest.fixture
def read_only_folder(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    create_app({"DATABASE": str(folder / "exposure.db"), "RUN_JOBS": False})  # a real, migrated file
    files = [folder, *folder.iterdir()]
    if os.geteuid() == 0:
        # Root ignores file modes; the immutable attribute holds even for root.
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", *map(str, files)]).returncode:
            pytest.fail("chattr +i is needed to make a read-only folder as root")
        yield folder
        subprocess.run(["chattr", "-i", *map(str, files)], check=True)
    else:
        for path in files:
            path.chmod(0o555 if path.is_dir() else 0o444)
        yield folder
        for path in files:
            path.chmod(0o755)


def test_read_only_data_folder_answers_503(read_only_folder, monkeypatch):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    app = create_app({"DATABASE": str(read_only_folder / "exposure.db"), "API_TOKEN": "t"})
    client = app.test_client()
    response = client.post("/api/v1/audits", headers={"Authorization": "Bearer t"},
                           json={"profiles": ["https://example.com/me"], "consent": "self"})
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "storage_unavailable"
    assert client.get("/api/v1/health").status_code == 200
