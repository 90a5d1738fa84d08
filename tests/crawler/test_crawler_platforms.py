"""identify_profile: platform recognition and canonical URLs (pure, no network)."""
import pytest

from crawler import identify_profile
from crawler.extract import family, size_hint
from crawler.platforms import adapter_named, read_state

CASES = [
    ("https://instagram.com/NatGeo/?igsh=abc&utm_source=ig", "instagram", "https://www.instagram.com/natgeo/"),
    ("https://m.instagram.com/natgeo", "instagram", "https://www.instagram.com/natgeo/"),
    ("instagram.com/@natgeo", "instagram", "https://www.instagram.com/natgeo/"),
    ("https://www.instagram.com/share/AbC123", "instagram", "https://www.instagram.com/share/AbC123/"),
    ("https://m.facebook.com/profile.php?id=100&mibextid=xyz", "facebook", "https://www.facebook.com/profile.php?id=100"),
    ("https://web.facebook.com/jane.doe/photos/", "facebook", "https://www.facebook.com/jane.doe/photos"),
    ("https://www.facebook.com/people/Jane-Doe/100/", "facebook", "https://www.facebook.com/people/Jane-Doe/100"),
    ("https://twitter.com/Jack", "x", "https://x.com/jack"),
    ("https://mobile.twitter.com/@jack/media", "x", "https://x.com/jack"),
    ("https://fxtwitter.com/jack", "x", "https://x.com/jack"),
    ("https://www.tiktok.com/@Jane.Doe?_t=8abc&_r=1", "tiktok", "https://www.tiktok.com/@jane.doe"),
    ("https://vm.tiktok.com/ZMabc123/", "tiktok", "https://vm.tiktok.com/ZMabc123/"),
    ("https://m.youtube.com/@MrBeast/videos", "youtube", "https://www.youtube.com/@MrBeast"),
    ("https://www.youtube.com/channel/UCX6OQ3DkcsbYNE6H8uQQuVA/featured", "youtube",
     "https://www.youtube.com/channel/UCX6OQ3DkcsbYNE6H8uQQuVA"),
    ("https://kr.linkedin.com/in/Jane-Doe?trk=public&originalSubdomain=kr", "linkedin", "https://www.linkedin.com/in/jane-doe/"),
    ("https://bsky.app/profile/Jane.bsky.social", "bluesky", "https://bsky.app/profile/jane.bsky.social"),
    ("https://blog.naver.com/PostList.naver?blogId=jane", "naver_blog", "https://blog.naver.com/jane"),
    ("https://blog.naver.com/jane", "naver_blog", "https://blog.naver.com/jane"),
    ("https://story.kakao.com/_AbCdE/", "kakaostory", "https://story.kakao.com/_AbCdE"),
    ("http://Example.org/~me/?utm_medium=x&page=2#top", "generic", "http://example.org/~me/?page=2"),
]


@pytest.mark.parametrize("url, platform, canonical", CASES)
def test_identify_profile(url, platform, canonical):
    assert identify_profile(url) == {"platform": platform, "url": canonical}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/", "", "http://", "file:///etc/passwd",
                                 "http://exa mple.com/", "http://example.com:99999/"])
def test_identify_profile_rejects(url):
    with pytest.raises(ValueError):
        identify_profile(url)


@pytest.mark.parametrize("url", [
    "https://www.instagram.com/p/C1aBcD/", "https://www.instagram.com/reel/C1aBcD/", "https://instagram.com/jane/p/C1a/",
    "https://x.com/jane/status/1790000000000000000", "https://twitter.com/jane/status/1/photo/1",
    "https://www.tiktok.com/@jane/video/7300000000000000000", "https://www.tiktok.com/@jane/photo/73000",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ", "https://www.youtube.com/shorts/abc",
    "https://www.facebook.com/jane.doe/posts/pfbid02abc", "https://www.facebook.com/photo/?fbid=1&set=a.2",
    "https://www.facebook.com/permalink.php?story_fbid=1&id=2", "https://www.linkedin.com/posts/jane_activity-7-abc",
    "https://www.linkedin.com/feed/update/urn:li:activity:7/", "https://blog.naver.com/jane/223456789",
    "https://m.blog.naver.com/PostView.naver?blogId=jane&logNo=223", "https://bsky.app/profile/jane.bsky.social/post/3k",
    "https://story.kakao.com/_AbCdE/HjK9s",
])
def test_a_link_to_one_post_is_refused_as_a_profile_link(url):
    with pytest.raises(ValueError, match="link to one (post|video); give the link of the (profile page|channel)"):
        identify_profile(url)


@pytest.mark.parametrize("url", ["https://www.instagram.com/jane/reels/", "https://www.youtube.com/@jane/shorts",
                                 "https://www.facebook.com/jane.doe/photos/", "https://x.com/jane/media"])
def test_a_profile_tab_is_still_a_profile(url):
    assert identify_profile(url)["url"]


@pytest.mark.parametrize("a, b", [
    ("https://pbs.twimg.com/profile_images/1/A_normal.jpg", "https://pbs.twimg.com/profile_images/1/A.jpg"),
    ("https://x.fbcdn.net/v/t51.2885-15/s640x640/1_n.jpg?stp=a&oh=1", "https://y.cdninstagram.com/v/t51.2885-15/1_n.jpg?oh=2"),
    ("https://blog.example/wp/photo-300x200.jpg", "https://blog.example/wp/photo.jpg"),
    ("https://postfiles.pstatic.net/a/b.jpg?type=w80_blur", "https://postfiles.pstatic.net/a/b.jpg?type=w773"),
    ("https://i.ytimg.com/vi/abc/hqdefault.jpg", "https://i.ytimg.com/vi/abc/maxresdefault.jpg"),
    ("https://yt3.googleusercontent.com/ytc/AB=s88-c-k", "https://yt3.googleusercontent.com/ytc/AB=s900-c-k"),
])
def test_sizes_of_one_picture_share_a_family(a, b):
    assert family(a) == family(b)


def test_different_pictures_do_not_share_a_family():
    assert family("https://example.org/img.php?id=1") != family("https://example.org/img.php?id=2")


def test_size_hints_rank_variants():
    assert size_hint("https://pbs.twimg.com/media/X?format=jpg&name=orig") > size_hint("https://pbs.twimg.com/media/X?format=jpg&name=small")
    assert size_hint("https://p16.tiktokcdn.com/a~tplv:1080:1080.jpeg") == 1080


@pytest.mark.parametrize("platform, title, text, html, url, status", [
    ("instagram", "Instagram", "This account is private", "", "/jane/", "private"),
    ("instagram", "Page Not Found • Instagram", "", "", "/x/", "not_found"),
    ("instagram", "Login • Instagram", "", "", "/accounts/login/", "login_wall"),
    ("x", "X", "These posts are protected", "", "/jane", "private"),
    ("x", "X", "This account doesn’t exist", "", "/jane", "not_found"),
    ("tiktok", "TikTok", "", '{"statusCode":10222}', "/@jane", "private"),
    ("tiktok", "TikTok", "", '{"statusCode":10204}', "/@jane", "blocked"),
    ("linkedin", "Sign in | LinkedIn", "", "", "/authwall", "login_wall"),
    ("facebook", "Facebook", "This content isn't available right now", "", "/jane", "not_found"),
    ("naver_blog", "네이버 블로그", "존재하지 않는 블로그입니다.", "", "/jane", "not_found"),
    ("generic", "Home", "A school page about the trip", "", "/", "ok"),
])
def test_page_signals(platform, title, text, html, url, status):
    assert read_state(adapter_named(platform), 200, "https://h" + url, title, text, html)[0] == status
