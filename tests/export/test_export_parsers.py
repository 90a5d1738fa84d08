"""Each supported export variant, built from its documented format: every photo of the
owner found with its kind and archived flag, no picture that is not theirs, and no
private file (messages, comments, contacts, searches) ever opened."""
import json
import zipfile

import pytest

from backend.export import ExportError, list_export, open_export
from backend.export.archive import is_private
from backend.export.index import html_date
from backend.export.x import tweet_date
from tests.helpers.export_builders import FACEBOOK_LANGUAGES, VARIANTS, facebook, photo, tiktok, write_zip


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
    listing = list_export(path)  # in this process, where every member it opens is recorded
    assert f"{listing.platform}-{listing.variant}" == variant.replace("-albums", "").removesuffix("-refolded") \
        .split("-json-")[0].split("-html-")[0] + ("-json" if "-json-" in variant else "-html" if "-html-" in variant
                                                else "")
    found = {photo.name: (photo.kind, photo.archived) for photo in listing.photos}
    assert found == expected and listing.unread == 0
    assert all(photo.taken_at and photo.taken_at.startswith(("2023-01-0", "2018-05-0")) for photo in listing.photos
               if photo.kind != "cover_photo" and "profile_media" not in photo.name)
    with open_export(path) as export:  # the same listing from the separate process, and the bytes
        assert (export.platform, export.variant, export.photos) == (listing.platform, listing.variant,
                                                                    list(listing.photos))
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
    assert all("messages" not in photo.name for photo in list_export(path).photos)
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


def test_x_keeps_only_the_owners_own_tweet_photos_not_retweeted_ones(tmp_path):
    files, expected = VARIANTS["x-2022"]()
    listing = list_export(write_zip(tmp_path / "x.zip", files))
    names = {photo.name for photo in listing.photos}
    assert not any("FothER" in name or "FshoWN" in name for name in names)  # other accounts' photos
    assert any("FquoTE" in name for name in names)  # a quote tweet's own photo
    assert names == set(expected)


def test_x_media_of_tweets_the_archive_does_not_list_are_counted_unread(tmp_path):
    files, expected = VARIANTS["x-2022"]()
    files["data/tweets_media/1700000000000000000-Fstray11.jpg"] = photo("biden.jpg")
    listing = list_export(write_zip(tmp_path / "x.zip", files))
    assert {photo.name for photo in listing.photos} == set(expected) and listing.unread == 1


def test_x_with_its_list_of_tweets_damaged_is_refused_not_guessed(tmp_path):
    files, _ = VARIANTS["x-2022"]()
    files["data/tweets.js"] = b"window.YTD.tweets.part0 = [ not json"
    with pytest.raises(ExportError) as error:
        list_export(write_zip(tmp_path / "x.zip", files))
    assert error.value.code == "damaged"


@pytest.mark.parametrize("profile", [b'[{"profile":"x"}]', b'{"profile": 1}', b'[["x"]]', b'[{"profile": '
                                     b'{"headerMediaUrl": 5}}]'])
def test_a_malformed_profile_or_account_file_is_read_around(tmp_path, profile):
    files, expected = VARIANTS["x-2022"]()
    files["data/profile.js"] = b"window.YTD.profile.part0 = " + profile
    files["data/account.js"] = b"window.YTD.account.part0 = " + profile
    with open_export(write_zip(tmp_path / "x.zip", files)) as export:
        assert {photo.name for photo in export.photos} >= {n for n in expected if "profile_media" in n}


def test_instagram_html_logo_is_not_a_photo(tmp_path):
    files, expected = VARIANTS["instagram-2023-html"]()
    assert "files/Instagram-Logo.png" in files
    listing = list_export(write_zip(tmp_path / "e.zip", files))
    assert "files/Instagram-Logo.png" not in {photo.name for photo in listing.photos}
    assert len(listing.photos) == len(expected)


@pytest.mark.parametrize("language", sorted(FACEBOOK_LANGUAGES))
@pytest.mark.parametrize("form", ["json", "html"])
def test_facebook_albums_and_dates_in_each_language(tmp_path, language, form):
    files, expected = facebook("your_facebook_activity/posts", form, language=language)
    listing = list_export(write_zip(tmp_path / "e.zip", files))
    assert {photo.name: photo.kind for photo in listing.photos} == {n: k for n, (k, _) in expected.items()}
    assert {photo.taken_at for photo in listing.photos} == {"2023-01-01T09:15:00+00:00" if form == "html"
                                                            else "2023-01-01T00:00:00+00:00"}


@pytest.mark.parametrize("text, when", [
    ("Jan 10, 2023 4:25 pm", "2023-01-10T16:25"), ("10 Jan 2023, 16:25", "2023-01-10T16:25"),
    ("10 de enero de 2023 16:25", "2023-01-10T16:25"), ("10 de jan. de 2023 16:25", "2023-01-10T16:25"),
    ("10 janvier 2023 à 16:25", "2023-01-10T16:25"), ("10. Januar 2023 um 16:25", "2023-01-10T16:25"),
    ("2023년 1월 10일 오후 4:25", "2023-01-10T16:25"), ("2023年1月10日 16:25", "2023-01-10T16:25"),
    ("2023年1月10日 下午4:25", "2023-01-10T16:25"), ("Dec 31, 2022, 12:05:00\u202fAM", "2022-12-31T00:05"),
    ("12 photos in 2023", None)])
def test_html_dates_in_every_export_language(text, when):
    assert (html_date(text) or "")[:16] == (when or "")


def test_facebook_2023_layout_is_read_not_taken_for_a_wrapper(tmp_path):
    files, expected = VARIANTS["facebook-2023-json"]()
    assert all(name.startswith("your_activity_across_facebook/") for name in expected)
    listing = list_export(write_zip(tmp_path / "e.zip", files))
    assert {photo.name for photo in listing.photos} == set(expected)


def test_an_unknown_layout_names_the_problem_and_never_says_no_photos(tmp_path):
    # A Facebook export whose index files moved and were renamed in a way nobody here has seen.
    files, expected = facebook("your_facebook_activity/posts")
    moved = {name.replace("/posts/", "/posts_v9/").replace("/archived_stories", "/stories_v9"): data
             for name, data in files.items()}
    with pytest.raises(ExportError) as error:
        open_export(write_zip(tmp_path / "e.zip", moved))
    assert error.value.code == "unknown_layout"
    assert f"{len(expected)} pictures" in error.value.message and "no photos" not in error.value.message


def test_known_index_files_in_a_new_top_folder_are_read(tmp_path):
    # The 2023 fault's class: a folder the importer does not know above index files it does,
    # with URIs that name that folder. They are followed, not joined to it twice.
    files, expected = facebook("your_new_activity_2030/posts")
    listing = list_export(write_zip(tmp_path / "e.zip", files))
    assert {photo.name: photo.kind for photo in listing.photos} == {n: k for n, (k, _) in expected.items()}


def test_an_index_naming_missing_pictures_counts_them(tmp_path):
    files, expected = VARIANTS["instagram-2023-json"]()
    posts = json.loads(files["your_instagram_activity/content/posts_1.json"])
    posts.append({"media": [{"uri": "media/posts/202301/gone.jpg", "creation_timestamp": 1672531200}]})
    files["your_instagram_activity/content/posts_1.json"] = json.dumps(posts).encode()
    with open_export(write_zip(tmp_path / "e.zip", files)) as export:
        assert len(export.photos) == len(expected) and export.unread == 1


def test_html_links_written_from_the_pages_own_folder_are_followed(tmp_path):
    # A page two folders down may link its media as "../../media/posts/…": the same files.
    files, expected = VARIANTS["instagram-2023-html"]()
    folder = "your_instagram_activity/content/"
    for name in [n for n in files if n.startswith(folder) and n.endswith(".html")]:
        files[name] = files[name].replace(b'"media/', b'"../../media/').replace(b'"files/', b'"../../files/')
    listing = list_export(write_zip(tmp_path / "e.zip", files))
    assert {photo.name: (photo.kind, photo.archived) for photo in listing.photos} == expected
    assert listing.unread == 0


def test_x_photos_of_the_owners_tweet_that_its_entries_do_not_name_are_kept(tmp_path):
    # Older archives list only a tweet's first photo in "entities": the others are still its own,
    # and every file of a retweet stays another account's.
    files, expected = VARIANTS["x-2022"]()
    own = next(name for name in expected if name.endswith("-FabcDEF1.jpg") and "1609999999999999999-" in name)
    retweet = next(name for name in files if "FothER11" in name)
    extra_own, extra_retweet = own.replace("FabcDEF1", "Fthird11"), retweet.replace("FothER11", "Fmore111")
    files.update({extra_own: photo("obama.jpg"), extra_retweet: photo("biden.jpg")})
    listing = list_export(write_zip(tmp_path / "x.zip", files))
    assert {photo.name for photo in listing.photos} == set(expected) | {extra_own}
    assert listing.unread == 0


@pytest.mark.parametrize("folder, kind", [("Fotosdelperfil_cd34", "profile_photo"), ("大頭貼照_cd34", "profile_photo"),
                                          ("Titelbilder_cd34", "cover_photo"), ("Friends2019_cd34", "post_photo")])
def test_a_facebook_albums_kind_is_known_by_its_media_folder_when_its_title_says_nothing(tmp_path, folder, kind):
    files, expected = facebook("your_facebook_activity/posts", language="es")
    album = "your_facebook_activity/posts/album/0.json"
    avatar = json.loads(files[album])["photos"][0]["uri"]
    moved = avatar.replace("10150_cd34", folder)
    files[album] = json.dumps({"name": "", "photos": [{"uri": moved, "creation_timestamp": 1672531200}]}).encode()
    files[moved] = files.pop(avatar)
    listing = list_export(write_zip(tmp_path / "e.zip", files))
    assert {photo.name: photo.kind for photo in listing.photos}[moved] == kind
    assert sum(photo.kind == "cover_photo" for photo in listing.photos) == 1 + (kind == "cover_photo")


def test_x_community_posts_are_the_owners_and_a_retweets_file_named_after_its_origin_is_not(tmp_path):
    files, expected = VARIANTS["x-2022"]()
    community = "data/community_tweet_media/1610000000000000100-Fcommun1.jpg"
    files[community] = photo("obama.jpg")
    files["data/community-tweet.js"] = b"window.YTD.community_tweet.part0 = " + json.dumps([{"tweet": {
        "id_str": "1610000000000000100", "full_text": "in a community",
        "extended_entities": {"media": [{"media_url_https": "https://pbs.twimg.com/media/Fcommun1.jpg",
                                         "type": "photo"}]}}}]).encode()
    origin = "data/tweets_media/1-FothER11.jpg"  # the retweet's photo, named after the tweet it came from
    files[origin] = photo("biden.jpg")
    listing = list_export(write_zip(tmp_path / "x.zip", files))
    assert {photo.name for photo in listing.photos} == set(expected) | {community}
    assert listing.unread == 0
