"""Each supported export variant, built from its documented format: every photo found with
its kind and archived flag, and no private file (messages, comments, contacts,
searches) ever opened."""
import zipfile

import pytest

from backend.export import ExportError, open_export
from backend.export.archive import is_private
from backend.export.x import tweet_date

from export_builders import VARIANTS, tiktok, write_zip


@pytest.fixture()
def opened(monkeypatch):
    """The names of every ZIP member opened while the test runs."""
    names = []
    original = zipfile.ZipFile.open

    def recording(self, name, *args, **kwargs):
        names.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording)
    return names


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_photo_of_the_variant_is_found_and_nothing_private_is_opened(tmp_path, opened, variant):
    files, expected = VARIANTS[variant]()
    path = write_zip(tmp_path / "export.zip", files)
    opened.clear()  # writing the fixture opened every member
    with open_export(path) as export:
        assert f"{export.platform}-{export.variant}".startswith(variant.rsplit("-refolded")[0])
        found = {photo.name: (photo.kind, photo.archived) for photo in export.photos}
        assert found == expected
        assert all(photo.taken_at and photo.taken_at[:2] in ("20",) for photo in export.photos
                   if photo.kind != "cover_photo" and "profile_media" not in photo.name)
        for photo in export.photos:
            assert export.read(photo) == files[photo.name]
    private = [name for name in files if is_private(name) or name.endswith(("messages.json", "comments.json",
                                                                           "searches.json", "connections.json"))]
    assert private, "the fixture must carry private files"
    assert not set(opened) & set(private)
    # Only index files and the photos found were opened: no reel, no stray file.
    assert set(opened) <= set(expected) | {n for n in files if n.endswith((".json", ".html", ".js"))}


def test_an_index_pointing_into_messages_is_not_followed(tmp_path, opened):
    files, _ = VARIANTS["instagram-2023-json"]()
    files["your_instagram_activity/content/stories.json"] = (
        b'{"ig_stories": [{"uri": "your_instagram_activity/messages/inbox/friend_123/photos/999.jpg",'
        b' "creation_timestamp": 1672531200}]}')
    path = write_zip(tmp_path / "e.zip", files)
    opened.clear()
    with open_export(path) as export:
        assert export.photos and all("messages" not in photo.name for photo in export.photos)
        assert export.read(type(export.photos[0])(
            "your_instagram_activity/messages/inbox/friend_123/photos/999.jpg")) is None
        for photo in export.photos:
            export.read(photo)
    assert not any("messages" in name for name in opened)


def test_tiktok_is_recognised_and_said_to_hold_no_photos(tmp_path):
    files, _ = tiktok()
    with pytest.raises(ExportError) as error:
        open_export(write_zip(tmp_path / "tiktok.zip", files))
    assert error.value.code == "no_photos_in_export"
    assert "links" in error.value.message


def test_a_zip_of_holiday_photos_is_not_an_export(tmp_path):
    files, _ = VARIANTS["x-2022"]()
    photos = {name.split("/")[-1]: data for name, data in files.items() if name.endswith(".jpg")}
    with pytest.raises(ExportError) as error:
        open_export(write_zip(tmp_path / "holiday.zip", photos))
    assert error.value.code == "not_an_export"


def test_a_damaged_index_file_is_a_clear_error(tmp_path):
    files, _ = VARIANTS["instagram-2023-json"]()
    files["your_instagram_activity/content/posts_1.json"] = b"[" * 100_000
    with pytest.raises(ExportError) as error:
        open_export(write_zip(tmp_path / "e.zip", files))
    assert error.value.code == "damaged"


def test_a_tweet_id_carries_its_date():
    assert tweet_date("1609999999999999999-Fabc.jpg").startswith("2023-01-02")
    assert tweet_date("20-old.jpg") is None
    assert tweet_date("avatar.jpg") is None
