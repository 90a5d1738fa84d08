"""Export ZIPs built in code from the documented formats (docs/exports.md), with the
fixture photos. Each builder returns (files, expected): the ZIP's members, and for
each photo member the (kind, archived) the parser must find.

Every export also carries the private files a real one has (messages with their
photos, comments, contacts, searches), written so that opening them would show:
their JSON is broken and their photos are real faces."""
import json
import zipfile
from pathlib import Path

FACES = Path(__file__).resolve().parents[1] / "fixtures" / "faces"
TS = 1672531200  # 2023-01-01 00:00 UTC


def photo(name="obama.jpg"):
    return (FACES / name).read_bytes()


BROKEN = b'{"messages": [ this is not JSON and must never be parsed'


def instagram_private(root):
    return {f"{root}messages/inbox/friend_123/message_1.json": BROKEN,
            f"{root}messages/inbox/friend_123/photos/999.jpg": photo("biden.jpg"),
            f"{root}comments/post_comments_1.json": BROKEN,
            "connections/contacts/synced_contacts.json": BROKEN,
            f"{root}recent_searches/account_searches.json": BROKEN}


def instagram(folder, form="json", top=""):
    """2020 (content/), 2023 (your_instagram_activity/content/), 2025 (.../media/)."""
    post, post2, story, avatar, archived = (f"media/posts/202301/{n}.jpg" for n in ("p1", "p2", "s1", "a1", "x1"))
    files = {post: photo("obama.jpg"), post2: photo("obama2.jpg"), story: photo("biden.jpg"),
             avatar: photo("obama3.jpg"), archived: photo("obama_partial_face.jpg"),
             "media/reels/202301/r1.mp4": b"\x00\x00\x00\x18ftypmp42 not read"}
    if form == "json":
        files[f"{folder}/posts_1.json"] = json.dumps([
            {"media": [{"uri": post, "creation_timestamp": TS, "title": "caption not read"},
                       {"uri": post2, "creation_timestamp": TS}], "title": "a carousel", "creation_timestamp": TS},
            {"media": [{"uri": "media/reels/202301/r1.mp4", "creation_timestamp": TS}]}]).encode()
        files[f"{folder}/stories.json"] = json.dumps({"ig_stories": [{"uri": story, "creation_timestamp": TS}]}).encode()
        files[f"{folder}/profile_photos.json"] = json.dumps(
            {"ig_profile_picture": [{"uri": avatar, "creation_timestamp": TS, "is_active_profile": True}]}).encode()
        files[f"{folder}/archived_posts.json"] = json.dumps(
            {"ig_archived_post_media": [{"media": [{"uri": archived, "creation_timestamp": TS}]}]}).encode()
    else:
        def page(*sources):
            blocks = "".join(f'<div class="pam _3-95 _a6-g"><div class="_3-95 _a6-p"><a href="{s}">'
                             f'<img src="{s}" class="_a6_o _3-96"></a></div>'
                             f'<div class="_3-94 _a6-o">Jan 1, 2023 9:15 am</div></div>' for s in sources)
            return (f'<html><head><title>Posts</title></head><body><img src="https://static.cdninstagram.com/x.png">'
                    f'<img src="files/Instagram-Logo.png" class="_a6_p">{blocks}</body></html>').encode()
        files["files/Instagram-Logo.png"] = photo("astronaut.png")
        files[f"{folder}/posts_1.html"] = page(post, post2)
        files[f"{folder}/stories.html"] = page(story)
        files[f"{folder}/profile_photos.html"] = page(avatar)
        files[f"{folder}/archived_posts.html"] = page(archived)
    root = folder.split("/")[0] + "/" if "/" in folder else ""
    files.update(instagram_private(root))
    expected = {post: ("post_photo", False), post2: ("post_photo", False), story: ("story_photo", False),
                avatar: ("profile_photo", False), archived: ("post_photo", True)}
    return _under(top, files, expected)


def instagram_2018():
    files = {"photos/201805/p1.jpg": photo("obama.jpg"), "stories/201805/s1.jpg": photo("biden.jpg"),
             "profile/201805/a1.jpg": photo("obama2.jpg"), "direct/201805/d1.jpg": photo("obama3.jpg"),
             "media.json": json.dumps({
                 "photos": [{"caption": "not read", "taken_at": "2018-05-01T10:00:00", "path": "photos/201805/p1.jpg"}],
                 "stories": [{"caption": "", "taken_at": "2018-05-02T10:00:00", "path": "stories/201805/s1.jpg"}],
                 "profile": [{"caption": "", "taken_at": "2018-05-03T10:00:00", "is_active_profile": True,
                              "path": "profile/201805/a1.jpg"}],
                 "direct": [{"caption": "", "taken_at": "2018-05-04T10:00:00", "path": "direct/201805/d1.jpg"}]}).encode(),
             "profile.json": b'{"username": "jane"}', "connections.json": BROKEN, "messages.json": BROKEN,
             "comments.json": BROKEN, "searches.json": BROKEN}
    expected = {"photos/201805/p1.jpg": ("post_photo", False), "stories/201805/s1.jpg": ("story_photo", False),
                "profile/201805/a1.jpg": ("profile_photo", False)}
    return files, expected


# The album titles and the date each export language prints (what real exports show).
FACEBOOK_LANGUAGES = {
    "en": ("Profile pictures", "Cover photos", "Jan 1, 2023, 9:15:02 AM"),
    "en-gb": ("Profile pictures", "Cover photos", "1 Jan 2023, 09:15"),
    "ko": ("프로필 사진", "커버 사진", "2023년 1월 1일 오전 9:15"),
    "ja": ("プロフィール写真", "カバー写真", "2023年1月1日 9:15"),
    "zh-hant": ("大頭貼照", "封面相片", "2023年1月1日 上午9:15"),
    "zh-hans": ("头像", "封面照片", "2023年1月1日 上午9:15"),
    "es": ("Fotos del perfil", "Fotos de portada", "1 ene 2023, 9:15"),
    "pt": ("Fotos do perfil", "Fotos da capa", "1 de jan. de 2023 09:15"),
    "fr": ("Photos de profil", "Photos de couverture", "1 janv. 2023 à 09:15"),
    "de": ("Profilbilder", "Titelbilder", "01.01.2023, 09:15"),
}


def facebook(folder, form="json", top="", language="en", albums="posts"):
    """2019 (posts/), 2023 (your_activity_across_facebook/posts/), 2024 (your_facebook_activity/posts/);
    `albums` "photos_and_videos" for the 2019 tree (photos_and_videos/album/N, your_photos);
    `language` names the albums and dates as that export language does (FACEBOOK_LANGUAGES).
    Outside English the media folders are named by album id, so only the title tells the kind."""
    profile_title, cover_title, when = FACEBOOK_LANGUAGES[language]
    base = folder.rsplit("/", 1)[0] + "/" if "/" in folder else ""
    media = f"{folder}/media" if albums == "posts" else f"{base}photos_and_videos"
    profile_dir, cover_dir = (("ProfilePictures_cd34", "CoverPhotos_ef56") if language == "en"
                              else ("10150_cd34", "10151_ef56"))
    post, avatar, cover, loose = (f"{media}/{a}/{n}.jpg" for a, n in (("TimelinePhotos_ab12", "111"),
                                  (profile_dir, "222"), (cover_dir, "333"), ("Friends2019_gh78", "444")))
    thumb = f"{media}/videos/555_thumb.jpg"
    story = f"{base}stories/media/666.jpg"
    files = {post: photo("obama.jpg"), avatar: photo("obama2.jpg"), cover: photo("astronaut.png"),
             loose: photo("biden.jpg"), thumb: photo("obama3.jpg"), story: photo("obama_partial_face.jpg")}
    posts_name = "your_posts__check_ins__photos_and_videos_1" if folder.startswith("your_facebook") else "your_posts_1"
    album = f"{base}{albums}/album"
    videos = f"{base}{albums}/your_videos"
    stories = f"{base}stories/archived_stories"
    if form == "json":
        files[f"{folder}/{posts_name}.json"] = json.dumps([
            {"timestamp": TS, "attachments": [{"data": [{"media": {"uri": post, "creation_timestamp": TS,
                                                                   "title": "Timeline photos"}}]}],
             "data": [{"post": "text not read"}]},
            {"timestamp": TS, "data": [{"post": "no photo"}]}]).encode()
        files[f"{album}/0.json"] = json.dumps(
            {"name": _mangled(profile_title), "photos": [{"uri": avatar, "creation_timestamp": TS}]}).encode()
        files[f"{album}/1.json"] = json.dumps(
            {"name": _mangled(cover_title), "photos": [{"uri": cover, "creation_timestamp": TS}]}).encode()
        files[f"{album}/2.json"] = json.dumps(
            {"name": "Friends 2019", "photos": [{"uri": loose, "creation_timestamp": TS},
                                                {"uri": post, "creation_timestamp": TS}]}).encode()
        files[f"{videos}.json"] = json.dumps(
            {"videos_v2": [{"uri": f"{media}/videos/555.mp4", "creation_timestamp": TS,
                            "thumbnail": {"uri": thumb}}]}).encode()
        files[f"{stories}.json"] = json.dumps(
            {"archived_stories_v2": [{"timestamp": TS, "attachments": [{"data": [{"media": {
                "uri": story, "creation_timestamp": TS}}]}]}]}).encode()
    else:
        def page(title, *sources):
            blocks = "".join(f'<div class="pam _3-95"><img src="{s}"><div class="_3-94 _2lem">'
                             f"{when}</div></div>" for s in sources)
            return (f'<html><head><title>{title}</title></head><body><img src="files/icon.png">{blocks}'
                    "</body></html>").encode()
        files[f"{folder}/{posts_name}.html"] = page("Your posts", post)
        files[f"{album}/0.html"] = page(profile_title, avatar)
        files[f"{album}/1.html"] = page(cover_title, cover)
        files[f"{album}/2.html"] = page("Friends 2019", loose, post)
        files[f"{videos}.html"] = page("Your videos", thumb)
        files[f"{stories}.html"] = page("Archived stories", story)
        if albums == "photos_and_videos":  # the albums' index page: each album's cover, a link to its page
            files[f"{base}photos_and_videos/your_photos.html"] = (
                f'<html><head><title>Photos</title></head><body><a href="album/0.html"><img src="{avatar}"></a>'
                f'<a href="album/2.html"><img src="{loose}"></a><div>{when}</div></body></html>').encode()
        files["files/icon.png"] = photo("astronaut.png")
    files.update({f"{base}messages/inbox/friend_1/message_1.json": BROKEN,
                  f"{base}messages/inbox/friend_1/photos/9.jpg": photo("biden.jpg"),
                  f"{base}comments_and_reactions/comments.json": BROKEN,
                  f"{base}friends_and_followers/friends.json": BROKEN,
                  f"{base}search/your_search_history.json": BROKEN})
    expected = {post: ("post_photo", False), avatar: ("profile_photo", False), cover: ("cover_photo", False),
                loose: ("post_photo", False), thumb: ("video_thumbnail", False), story: ("story_photo", False)}
    return _under(top, files, expected)


def _mangled(text):
    """Facebook's JSON writes UTF-8 bytes as Latin-1 characters."""
    return text.encode("utf-8").decode("latin-1")


def x_archive(variant="2022", top=""):
    """2022 (tweets.js, tweets_media/) and 2019 (tweet.js, tweet_media/). The media folder also
    holds a retweet's photo (another account's) and the photo another tweet showed, which are
    not the owner's; a quote tweet's own photo and a retweet of the owner's own tweet are."""
    stem = "tweets" if variant == "2022" else "tweet"
    owner, other = "42", "777"
    own_id, rt_id, quote_id, self_rt_id, shown_id, gone_id, unknown_id = (
        str(1609999999999999999 + n) for n in range(7))   # snowflakes from 2023-01-02
    media = f"data/{stem}_media"
    one, two = f"{media}/{own_id}-FabcDEF1.jpg", f"{media}/{own_id}-FabcDEF2.jpg"
    retweeted, quoted = f"{media}/{rt_id}-FothER11.jpg", f"{media}/{quote_id}-FquoTE11.jpg"
    self_retweet, shown = f"{media}/{self_rt_id}-FabcDEF1.jpg", f"{media}/{shown_id}-FshoWN11.jpg"
    deleted = f"data/deleted_tweets_media/{gone_id}-FgoNE111.jpg"
    avatar, banner = "data/profile_media/42-aVaTaR.jpg", "data/profile_media/42-1600000000.jpg"

    def tweet(tweet_id, text, media_names=(), source=None, retweeted_status=False, wrap=variant == "2022"):
        entries = [{"media_url_https": f"https://pbs.twimg.com/media/{name}.jpg", "type": "photo",
                    **({"source_user_id_str": source, "source_status_id_str": "1"} if source else {})}
                   for name in media_names]
        body = {"id_str": tweet_id, "full_text": text, "created_at": "Mon Jan 02 10:00:00 +0000 2023",
                "entities": {"hashtags": [], "media": entries[:1]} if entries else {"hashtags": []},
                **({"extended_entities": {"media": entries}} if entries else {}),
                **({"retweeted_status": {"id_str": "1"}} if retweeted_status else {})}
        return {"tweet": body} if wrap else body
    tweets = [tweet(own_id, "my two photos", ("FabcDEF1", "FabcDEF2")),
              tweet(rt_id, "RT @someone: their photo", ("FothER11",), source=other),
              tweet(quote_id, "look at this https://t.co/x", ("FquoTE11",)),
              tweet(self_rt_id, "RT @me: my two photos", ("FabcDEF1",), source=owner),
              tweet(shown_id, "a link to their photo", ("FshoWN11",), source=other),
              tweet("1609999999999999990", "just words")]
    files = {one: photo("obama.jpg"), two: photo("obama2.jpg"), avatar: photo("obama3.jpg"),
             banner: photo("astronaut.png"), retweeted: photo("biden.jpg"), quoted: photo("obama3.jpg"),
             self_retweet: photo("obama.jpg"), shown: photo("biden.jpg"), deleted: photo("obama2.jpg"),
             f"data/{stem}.js": f"window.YTD.{stem}.part0 = ".encode() + json.dumps(tweets[:3]).encode(),
             f"data/{stem}-part1.js": f"window.YTD.{stem}.part1 = ".encode() + json.dumps(tweets[3:]).encode(),
             "data/deleted-tweets.js": b"window.YTD.deleted_tweets.part0 = " + json.dumps(
                 [tweet(gone_id, "deleted later", ("FgoNE111",))]).encode(),
             "data/account.js": b'window.YTD.account.part0 = [{"account": {"accountId": "42", "username": "jane"}}]',
             "data/manifest.js": b"window.__THAR_CONFIG = {}",
             "data/profile.js": b'window.YTD.profile.part0 = [{"profile": {"description": {"bio": "not read"}, '
                                b'"avatarMediaUrl": "https://pbs.twimg.com/profile_images/1/aVaTaR.jpg", '
                                b'"headerMediaUrl": "https://pbs.twimg.com/profile_banners/42/1600000000"}}]',
             "data/direct-messages.js": b"window.YTD.direct_messages.part0 = " + BROKEN,
             "data/direct_messages_media/77-secret.jpg": photo("biden.jpg"),
             "data/contact.js": BROKEN,
             "Your archive.html": b"<html><body>Your archive</body></html>"}
    expected = {one: ("post_photo", False), two: ("post_photo", False), quoted: ("post_photo", False),
                self_retweet: ("post_photo", False), deleted: ("post_photo", True),
                avatar: ("profile_photo", False), banner: ("cover_photo", False)}
    del unknown_id
    return _under(top, files, expected)


def tiktok():
    files = {"user_data_tiktok.json": json.dumps({"Video": {"Videos": {"VideoList": [
        {"Date": "2023-01-01 10:00:00", "Link": "https://www.tiktokv.com/share/video/1/", "Likes": "3"}]}},
        "Direct Message": {"Direct Messages": {"ChatHistory": {}}}}).encode()}
    return files, {}


def _under(top, files, expected):
    """The same export re-zipped inside a top folder, as a user's own zip tool does."""
    if not top:
        return files, expected
    return ({top + name: data for name, data in files.items()},
            {top + name: value for name, value in expected.items()})


def write_zip(path, files, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


VARIANTS = {
    "instagram-2018-json": instagram_2018,
    "instagram-2020-json": lambda: instagram("content"),
    "instagram-2020-html": lambda: instagram("content", "html"),
    "instagram-2023-json": lambda: instagram("your_instagram_activity/content"),
    "instagram-2023-html": lambda: instagram("your_instagram_activity/content", "html"),
    "instagram-2025-json": lambda: instagram("your_instagram_activity/media"),
    "instagram-2025-html": lambda: instagram("your_instagram_activity/media", "html", top="instagram-jane-2025/"),
    "facebook-2019-json": lambda: facebook("posts"),
    "facebook-2019-html": lambda: facebook("posts", "html"),
    "facebook-2019-albums-json": lambda: facebook("posts", albums="photos_and_videos"),
    "facebook-2019-albums-html": lambda: facebook("posts", "html", albums="photos_and_videos"),
    "facebook-2023-json": lambda: facebook("your_activity_across_facebook/posts"),
    "facebook-2023-html": lambda: facebook("your_activity_across_facebook/posts", "html"),
    "facebook-2024-json": lambda: facebook("your_facebook_activity/posts"),
    "facebook-2024-html": lambda: facebook("your_facebook_activity/posts", "html", top="facebook-jane/"),
    **{f"facebook-2024-html-{language}": (lambda language=language: facebook(
        "your_facebook_activity/posts", "html", language=language)) for language in FACEBOOK_LANGUAGES},
    **{f"facebook-2019-json-{language}": (lambda language=language: facebook("posts", language=language))
       for language in FACEBOOK_LANGUAGES},
    "x-2019": lambda: x_archive("2019"),
    "x-2022": lambda: x_archive("2022"),
    "x-2022-refolded": lambda: x_archive("2022", top="twitter-2024-01-01-abc/"),
}
