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


@pytest.mark.parametrize("platform, key, owner, other", [
    ("instagram", "is_private", {"username": "jane.roe", "id": "5240001"}, {"username": "other.lee", "id": "5240102"}),
    ("tiktok", "privateAccount", {"uniqueId": "jane.roe", "id": "68"}, {"uniqueId": "other.lee", "id": "69"}),
])
def test_private_flag_counts_in_the_owners_record_only(platform, key, owner, other):
    """A related account's `"is_private": true` leaves a public owner public; the owner's own flag makes it private."""
    import json

    from crawler.extract import owner_records

    def page(owner_private):
        data = {"user": dict(owner, **{key: owner_private}), "related": [dict(other, **{key: True})]}
        return "<script>window._sharedData = %s;</script>" % json.dumps(data)

    adapter = adapter_named(platform)
    for private, status in ((False, "ok"), (True, "private")):
        html = page(private)
        records = owner_records(html, {"jane.roe"})
        assert read_state(adapter, 200, "https://h/jane.roe", "Jane", "", html, records)[0] == status


def test_one_records_renditions_share_a_tag():
    """TikTok's cover, originCover and dynamicCover are three CDN paths for one video's cover (real item
    struct); two numbered photos of one record, or an avatar beside a cover, are different pictures."""
    from crawler.extract import static_candidates

    cdn = "https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/"
    item = {"id": "74", "author": {"uniqueId": "jane"}, "video": {
        "cover": cdn + "c2f3?x-expires=1", "originCover": cdn + "cfb6_1619?x-expires=1", "dynamicCover": cdn + "046d_1619?x-expires=1"},
        "photo1": cdn + "p1.jpg", "photo2": cdn + "p2.jpg", "avatar": cdn + "a.jpg"}
    import json
    found = static_candidates('<script type="application/json">%s</script>' % json.dumps(item), "https://www.tiktok.com/@jane")
    tags = {c["url"].split("/")[-1]: c["rendition"] for c in found}
    assert tags["c2f3?x-expires=1"] == tags["cfb6_1619?x-expires=1"] == tags["046d_1619?x-expires=1"] is not None
    assert tags["p1.jpg"] is None and tags["p2.jpg"] is None and tags["a.jpg"] is None


@pytest.mark.parametrize("url, bigger", [
    # Blogger's "Popular posts" through Google's image proxy, as on real blogspot pages
    ("https://lh4.googleusercontent.com/proxy/0STwnYoz3fzHjtx5pVOaAOzmob7l=w72-h72-p-k-no-nu",
     "https://lh4.googleusercontent.com/proxy/0STwnYoz3fzHjtx5pVOaAOzmob7l=s1600"),
    ("https://4.bp.blogspot.com/-G7vg6PBJIUM/TWeawczxwZI/AAAAAAAAAD0/aDa-KuYMi8E/s80/face-closeup.jpg",
     "https://4.bp.blogspot.com/-G7vg6PBJIUM/TWeawczxwZI/AAAAAAAAAD0/aDa-KuYMi8E/s1600/face-closeup.jpg"),
    ("https://lh6.googleusercontent.com/-PFJCRZVwqqM/AAAAAAAAAAI/AAAAAAAAlhc/DTzjrnJenT4/s80-c/photo.jpg",
     "https://lh6.googleusercontent.com/-PFJCRZVwqqM/AAAAAAAAAAI/AAAAAAAAlhc/DTzjrnJenT4/s1600/photo.jpg"),
    ("https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEjP/w72-h72-p-k-no-nu/IMG_1001.jpg",
     "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEjP/s1600/IMG_1001.jpg"),
    ("https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEjP/s1600/IMG_1001.jpg", None),
    ("https://lh3.googleusercontent.com/proxy/abc", None),
    ("https://example.org/s80/photo.jpg", None),
])
def test_google_hosted_pictures_ask_the_full_size(url, bigger):
    """Any site (a blog, a home page) may show a Google-hosted picture at 72 or 80 px; its full size is a URL option."""
    assert adapter_named("generic").larger(url) == ([bigger] if bigger else [])


def test_naver_serves_one_upload_from_several_hosts():
    """One upload under one path on postfiles, blogfiles and mblogthumb (pstatic.net or naver.net), as real
    Naver URLs show (Danbooru's Naver source notes them); another upload or path stays another picture."""
    path = "/MjAxNzA5MjFfMTg1/MDAxNTA1OTk3ODQzNjU3.oR8-_8p2zk.NqrW3NUoqq.JPEG.bho1000/IMG_4092_resize.JPG"
    same = {family(host + path + query) for host, query in (
        ("https://postfiles.pstatic.net", "?type=w773"), ("http://postfiles.naver.net", ""),
        ("https://blogfiles.pstatic.net", ""), ("http://blogfiles.naver.net", ""),
        ("http://mblogthumb4.phinf.naver.net", "?type=w2"), ("https://mblogthumb-phinf.pstatic.net", "?type=w80_blur"))}
    assert len(same) == 1
    assert family("https://postfiles.pstatic.net" + path.replace("4092", "4093")) not in same
    profile = "/MjAyMzAzMThfMzIg/MDAxNjc5MDY4MjkxNzUz.ODdLT6VG.yqLsxucK.PNG.kkid9624/profile.PNG"
    assert family("https://blogpfthumb-phinf.pstatic.net" + profile + "?type=s1") == \
        family("http://blogpfthumb.phinf.naver.net" + profile)
    assert family("https://blogpfthumb-phinf.pstatic.net" + profile) not in same
