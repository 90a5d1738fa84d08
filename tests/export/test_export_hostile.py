"""Hostile archives: each refused with its own clear error before anything in it is read,
and nothing of an upload left in the data folder afterwards."""
import stat
import zipfile

import pytest

from backend.export import ExportError, archive, open_export

from export_builders import VARIANTS, photo, write_zip
from export_upload import client_calls, upload_export


def refused(path):
    with pytest.raises(ExportError) as error:
        open_export(path)
    return error.value


def with_extra(tmp_path, name, data=b"x", info=None, compression=zipfile.ZIP_STORED):
    files, _ = VARIANTS["instagram-2023-json"]()
    path = write_zip(tmp_path / "export.zip", files)
    with zipfile.ZipFile(path, "a", compression) as out:
        out.writestr(info or name, data)
    return path


def test_a_zip_bomb_entry_is_refused(tmp_path):
    path = with_extra(tmp_path, "your_instagram_activity/content/stories.html", b"\0" * (100 * 1024 ** 2),
                      compression=zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as zipped:  # 100 MB of zeros in a few hundred kB
        assert zipped.getinfo("your_instagram_activity/content/stories.html").compress_size < 1024 ** 2
    error = refused(path)
    assert error.code == "zip_bomb" and "100 times" in error.message


def test_an_archive_expanding_past_the_total_limit_is_refused(tmp_path, monkeypatch):
    # Many entries each under the ratio limit, together over the total: the total check fires.
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 3 * 1024 ** 2)
    files, _ = VARIANTS["instagram-2023-json"]()
    files.update({f"media/posts/202301/big{i}.jpg": photo("obama3.jpg") for i in range(8)})
    error = refused(write_zip(tmp_path / "e.zip", files))
    assert error.code == "zip_bomb" and "GB" in error.message


@pytest.mark.parametrize("name", ["../../etc/cron.d/evil", "/etc/passwd", "C:\\Windows\\evil.dll",
                                  "media\\..\\..\\evil.jpg", "media/posts/../../../evil.jpg"])
def test_traversal_and_absolute_paths_are_refused(tmp_path, name):
    error = refused(with_extra(tmp_path, name))
    assert error.code == "unsafe_path"


def test_a_symlink_is_refused(tmp_path):
    info = zipfile.ZipInfo("media/posts/202301/link.jpg")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    error = refused(with_extra(tmp_path, None, b"/etc/shadow", info=info))
    assert error.code == "symlink"


@pytest.mark.parametrize("name", ["media/posts/202301/more.zip", "backup.tar.gz", "x.7z"])
def test_a_nested_archive_is_refused(tmp_path, name):
    error = refused(with_extra(tmp_path, name, b"PK\x03\x04"))
    assert error.code == "nested_archive"


def test_100k_entries_are_refused(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as out:
        for i in range(100_000):
            out.writestr(f"media/posts/{i}.txt", b"")
    error = refused(path)
    assert error.code == "too_many_entries" and "20,000" in error.message


def test_not_a_zip_and_a_fake_export_are_refused(tmp_path):
    text = tmp_path / "notes.zip"
    text.write_text("just text")
    assert refused(text).code == "not_a_zip"
    fake = write_zip(tmp_path / "fake.zip", {"readme.txt": b"hello", "photo.jpg": photo()})
    assert refused(fake).code == "not_an_export"


def test_each_hostile_upload_gets_its_error_and_leaves_nothing(tmp_path, client, auth):
    bomb = with_extra(tmp_path / "", "your_instagram_activity/content/stories.html", b"\0" * (50 * 1024 ** 2),
                      compression=zipfile.ZIP_DEFLATED)
    cases = {"zip_bomb": bomb.read_bytes(),
             "not_an_export": write_zip(tmp_path / "fake.zip", {"a.jpg": photo()}).read_bytes(),
             "not_a_zip": b"%PDF-1.7 not a zip", "missing_export": b""}
    for code, body in cases.items():
        status, answer = upload_export(*client_calls(client, auth), body)
        assert status == 422, (code, answer)
        assert answer["error"]["code"] == code and answer["error"]["field"] == "export"
        assert list((tmp_path / "exports").iterdir()) == []


def test_many_small_bombs_together_are_refused(tmp_path):
    # Each entry stays under the per-entry check (1 MB); together they expand over 100 times.
    files, _ = VARIANTS["instagram-2023-json"]()
    path = write_zip(tmp_path / "e.zip", {name: data for name, data in files.items() if not name.endswith(".jpg")})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as out:
        for i in range(200):
            out.writestr(f"media/posts/202301/pad{i}.json", b"\0" * (1024 ** 2 - 1))
    error = refused(path)
    assert error.code == "zip_bomb" and "times its size" in error.message
