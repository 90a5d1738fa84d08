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
                    f"{blocks}</body></html>").encode()
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


def facebook(folder, form="json", top=""):
    """2019 (posts/) and 2024 (your_facebook_activity/posts/)."""
    media = f"{folder}/media"
    post, avatar, cover, loose = (f"{media}/{a}/{n}.jpg" for a, n in (("TimelinePhotos_ab12", "111"),
                                  ("ProfilePictures_cd34", "222"), ("CoverPhotos_ef56", "333"),
                                  ("Friends2019_gh78", "444")))
    thumb = f"{media}/videos/555_thumb.jpg"
    files = {post: photo("obama.jpg"), avatar: photo("obama2.jpg"), cover: photo("astronaut.png"),
             loose: photo("biden.jpg"), thumb: photo("obama3.jpg")}
    posts_name = "your_posts__check_ins__photos_and_videos_1" if folder.startswith("your_facebook") else "your_posts_1"
    if form == "json":
        files[f"{folder}/{posts_name}.json"] = json.dumps([
            {"timestamp": TS, "attachments": [{"data": [{"media": {"uri": post, "creation_timestamp": TS,
                                                                   "title": "Timeline photos"}}]}],
             "data": [{"post": "text not read"}]},
            {"timestamp": TS, "data": [{"post": "no photo"}]}]).encode()
        files[f"{folder}/album/0.json"] = json.dumps(
            {"name": "Profile pictures", "photos": [{"uri": avatar, "creation_timestamp": TS}]}).encode()
        files[f"{folder}/album/1.json"] = json.dumps(
            {"name": "Cover photos", "photos": [{"uri": cover, "creation_timestamp": TS}]}).encode()
        files[f"{folder}/album/2.json"] = json.dumps(
            {"name": "Friends 2019", "photos": [{"uri": loose, "creation_timestamp": TS},
                                                {"uri": post, "creation_timestamp": TS}]}).encode()
        files[f"{folder}/your_videos.json"] = json.dumps(
            {"videos_v2": [{"uri": f"{media}/videos/555.mp4", "creation_timestamp": TS,
                            "thumbnail": {"uri": thumb}}]}).encode()
    else:
        def page(title, *sources):
            blocks = "".join(f'<div class="pam _3-95"><img src="{s}"><div class="_3-94 _2lem">'
                             f"Jan 1, 2023, 9:15:02 AM</div></div>" for s in sources)
            return f"<html><head><title>{title}</title></head><body>{blocks}</body></html>".encode()
        files[f"{folder}/{posts_name}.html"] = page("Your posts", post)
        files[f"{folder}/album/0.html"] = page("Profile pictures", avatar)
        files[f"{folder}/album/1.html"] = page("Cover photos", cover)
        files[f"{folder}/album/2.html"] = page("Friends 2019", loose, post)
        files[f"{folder}/your_videos.html"] = page("Your videos", thumb)
    root = folder.split("/")[0] + "/" if "/" in folder else ""
    files.update({f"{root}messages/inbox/friend_1/message_1.json": BROKEN,
                  f"{root}messages/inbox/friend_1/photos/9.jpg": photo("biden.jpg"),
                  f"{root}comments_and_reactions/comments.json": BROKEN,
                  f"{root}friends_and_followers/friends.json": BROKEN,
                  f"{root}search/your_search_history.json": BROKEN})
    expected = {post: ("post_photo", False), avatar: ("profile_photo", False), cover: ("cover_photo", False),
                loose: ("post_photo", False), thumb: ("video_thumbnail", False)}
    return _under(top, files, expected)


def x_archive(variant="2022", top=""):
    """2022 (tweets.js, tweets_media/) and 2019 (tweet.js, tweet_media/)."""
    stem = "tweets" if variant == "2022" else "tweet"
    tweet_id = 1609999999999999999  # a snowflake from 2023-01-02
    one, two = f"data/{stem}_media/{tweet_id}-FabcDEF1.jpg", f"data/{stem}_media/{tweet_id}-FabcDEF2.jpg"
    avatar, banner = "data/profile_media/42-aVaTaR.jpg", "data/profile_media/42-1600000000.jpg"
    files = {one: photo("obama.jpg"), two: photo("obama2.jpg"), avatar: photo("obama3.jpg"),
             banner: photo("astronaut.png"),
             f"data/{stem}.js": f"window.YTD.{stem}.part0 = ".encode() + BROKEN,
             "data/manifest.js": b"window.__THAR_CONFIG = {}",
             "data/profile.js": b'window.YTD.profile.part0 = [{"profile": {"description": {"bio": "not read"}, '
                                b'"avatarMediaUrl": "https://pbs.twimg.com/profile_images/1/aVaTaR.jpg", '
                                b'"headerMediaUrl": "https://pbs.twimg.com/profile_banners/42/1600000000"}}]',
             "data/direct-messages.js": b"window.YTD.direct_messages.part0 = " + BROKEN,
             "data/direct_messages_media/77-secret.jpg": photo("biden.jpg"),
             "data/deleted-tweets.js": BROKEN, "data/contact.js": BROKEN,
             "Your archive.html": b"<html><body>Your archive</body></html>"}
    expected = {one: ("post_photo", False), two: ("post_photo", False), avatar: ("profile_photo", False),
                banner: ("cover_photo", False)}
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
    "facebook-2024-json": lambda: facebook("your_facebook_activity/posts"),
    "facebook-2024-html": lambda: facebook("your_facebook_activity/posts", "html", top="facebook-jane/"),
    "x-2019": lambda: x_archive("2019"),
    "x-2022": lambda: x_archive("2022"),
    "x-2022-refolded": lambda: x_archive("2022", top="twitter-2024-01-01-abc/"),
}
