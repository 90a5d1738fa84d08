"""Small pieces behind "the owner's photos, each once, and nothing else" (pure: no browser, no network)."""
import pytest

from crawler import extract, hostmap, provenance
from crawler.platforms import adapter_named, is_bot_check, read_state

# Real URL forms, one picture at several sizes, crops, qualities, formats and signatures.
SAME_PICTURE = [
    ("https://yt3.googleusercontent.com/AMLnZu9x=w2560-fcrop64=1,00005a57ffffa5a8-k-c0xffffffff-no-nd-rj",
     "https://yt3.googleusercontent.com/AMLnZu9x=w1060-fcrop64=1,00005a57ffffa5a8-k-c0xffffffff-no-nd-rj"),
    ("https://yt3.googleusercontent.com/ytc/AIdro_k1=s200-c-k-c0x00ffffff-no-rj?days_since_epoch=20055",
     "https://yt3.ggpht.com/ytc/AIdro_k1=s88-c-k-c0x00ffffff-no-rj"),
    ("https://i.ytimg.com/vi/jAnEvId0001/hqdefault.jpg?sqp=-oaymwEbCKgBEF5IVfKriqkDDggBFQAAiEIYAXABwAEG&rs=AOn4CLDa",
     "https://i.ytimg.com/vi_webp/jAnEvId0001/maxresdefault.webp"),
    ("https://media.licdn.com/dms/image/v2/D5603AQJaNe/profile-displayphoto-shrink_800_800/profile-displayphoto-shrink_800_800/0/1700000000000?e=2147483647&v=beta&t=Ab1",
     "https://media.licdn.com/dms/image/v2/D5603AQJaNe/profile-displayphoto-shrink_100_100/profile-displayphoto-shrink_100_100/0/1700000000000?e=1735776000&v=beta&t=Zz9"),
    ("https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/7f3a9c2e~c5_1080x1080.jpeg?lk3s=a5d48078&x-expires=1&x-signature=QmFy%3D",
     "https://p77-sign-sg.tiktokcdn-us.com/tos-maliva-avt-0068/7f3a9c2e~tplv-tiktokx-cropcenter:100:100.jpeg?x-expires=2&x-signature=UXV4%3D"),
    ("https://scontent-icn2-1.cdninstagram.com/v/t51.2885-19/441122334_1234_5678_n.jpg?stp=dst-jpg_s150x150_tt6&oh=00_A&oe=6741",
     "https://instagram.fxyz1-1.fna.fbcdn.net/v/t51.2885-19/441122334_1234_5678_n.jpg?_nc_ht=x&oh=00_B&oe=6742"),
    ("https://pbs.twimg.com/profile_images/1790000000000000001/JaNeAvA1_normal.jpg",
     "https://pbs.twimg.com/profile_images/1790000000000000001/JaNeAvA1_400x400.jpg"),
    ("https://pbs.twimg.com/profile_banners/2890000001/1715000000/1500x500",
     "https://pbs.twimg.com/profile_banners/2890000001/1715000000/600x200"),
    ("https://pbs.twimg.com/media/GNjAnE1XwAAbCd1?format=jpg&name=small", "https://pbs.twimg.com/media/GNjAnE1XwAAbCd1.jpg"),
    ("https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:jane7k2x/bafkreic1@jpeg",
     "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:jane7k2x/bafkreic1@webp"),
    ("https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEjPoSt1/s320/IMG_1001.jpg",
     "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEjPoSt1/w1200-h630-p-k-no-nu/IMG_1001.jpg"),
    ("https://postfiles.pstatic.net/MjAy/MDAx.aAb.JPEG/IMG_1001.JPG?type=w80_blur",
     "https://postfiles.pstatic.net/MjAy/MDAx.aAb.JPEG/IMG_1001.JPG?type=w966"),
]
DIFFERENT_PICTURES = [
    ("https://media.licdn.com/dms/image/v2/D5603AQJaNe/profile-displayphoto-shrink_800_800/0/1?t=a",
     "https://media.licdn.com/dms/image/v2/C5603AQoThEr/profile-displayphoto-shrink_800_800/0/1?t=a"),
    ("https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:jane7k2x/bafkreic1@jpeg",
     "https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:jane7k2x/bafkreic2@jpeg"),
    ("https://i.ytimg.com/vi/jAnEvId0001/hqdefault.jpg", "https://i.ytimg.com/vi/jAnEvId0002/hqdefault.jpg"),
]


@pytest.mark.parametrize("a, b", SAME_PICTURE)
def test_one_picture_is_one_family_on_every_cdn(a, b):
    assert extract.family(a) == extract.family(b)


@pytest.mark.parametrize("a, b", DIFFERENT_PICTURES)
def test_different_pictures_stay_apart(a, b):
    assert extract.family(a) != extract.family(b)


@pytest.mark.parametrize("platform, url, larger", [
    ("youtube", "https://yt3.googleusercontent.com/AMLnZu9x=w2560-fcrop64=1,00005a57ffffa5a8-k-c0xffffffff-no-nd-rj",
     "https://yt3.googleusercontent.com/AMLnZu9x=s0"),
    ("youtube", "https://yt3.ggpht.com/ytc/AIdro_k1=s200-c-k-c0x00ffffff-no-rj?days_since_epoch=20055",
     "https://yt3.ggpht.com/ytc/AIdro_k1=s0"),
    ("youtube", "https://i.ytimg.com/vi/jAnEvId0001/hqdefault.jpg?sqp=-oay&rs=AOn4",
     "https://i.ytimg.com/vi/jAnEvId0001/maxresdefault.jpg"),
    ("x", "https://pbs.twimg.com/media/GNjAnE1XwAAbCd1?format=jpg&name=small",
     "https://pbs.twimg.com/media/GNjAnE1XwAAbCd1?format=jpg&name=orig"),
    ("x", "https://pbs.twimg.com/profile_images/1790000000000000001/JaNeAvA1_normal.jpg",
     "https://pbs.twimg.com/profile_images/1790000000000000001/JaNeAvA1.jpg"),
    ("bluesky", "https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:jane7k2x/bafkreic1@jpeg",
     "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:jane7k2x/bafkreic1@jpeg"),
    ("naver_blog", "https://postfiles.pstatic.net/MjAy/MDAx.aAb.JPEG/IMG_1001.JPG?type=w773",
     "https://postfiles.pstatic.net/MjAy/MDAx.aAb.JPEG/IMG_1001.JPG?type=w966"),
])
def test_size_upgrades_build_real_urls(platform, url, larger):
    assert adapter_named(platform).larger(url) == [larger]


@pytest.mark.parametrize("platform, url", [
    ("tiktok", "https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/7f3a~c5_100x100.jpeg?x-signature=a"),
    ("linkedin", "https://media.licdn.com/dms/image/v2/D5603AQJaNe/profile-displayphoto-shrink_100_100/0/1?t=a"),
    ("instagram", "https://scontent.cdninstagram.com/v/t51.2885-19/441_n.jpg?stp=dst-jpg_s150x150&oh=00_A"),
])
def test_signed_urls_are_never_rewritten(platform, url):
    assert adapter_named(platform).larger(url) == []


def test_json_with_raw_line_breaks_and_wrappers_is_read():
    assert extract.loads('{"description": "one\nline\ttwo"}') == {"description": "one\nline\ttwo"}
    assert extract.loads('<!--{"a": 1}-->') == {"a": 1}
    assert extract.loads("<![CDATA[ {\"a\": 2} ]]>") == {"a": 2}
    assert extract.loads("{broken") is None


def test_json_ld_with_a_raw_line_break_still_gives_the_avatar():
    html = ('<script type="application/ld+json">{"@type":"Person","description":"line one\nline two",'
            '"image":"https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEjAv/s220/jane.jpg"}</script>')
    assert [c["url"] for c in extract.static_candidates(html, "https://jane.blogspot.com/")] == [
        "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEjAv/s220/jane.jpg"]


def test_json_records_name_their_account():
    tiktok = {"author": {"id": "68", "uniqueId": "Jane.Doe"}, "video": {"cover": "https://p16.tiktokcdn.com/o1~x.jpeg"}}
    youtube = {"gridVideoRenderer": {"shortBylineText": {"runs": [{"navigationEndpoint": {"browseEndpoint": {
        "browseId": "UCoThEr2", "canonicalBaseUrl": "/@OtherTwo"}}}]}}}
    assert extract.record_names(tiktok) == {"jane.doe", "68"}
    assert extract.record_names(youtube["gridVideoRenderer"]) == {"ucother2", "othertwo"}
    assert extract.record_names({"id": "3400", "image_versions2": {}}) == frozenset()  # a post's own id names no one


def test_owner_learns_its_ids_from_its_own_records():
    owner = provenance.Owner({"@JaneDoe"})
    owner.learn([frozenset({"janedoe", "ucjane01"}), frozenset({"ucother2", "othertwo"})])
    assert owner.names == {"janedoe", "ucjane01"}


@pytest.mark.parametrize("url", [
    "https://abs.twimg.com/rweb/ssr/default/v2/og/image.png", "https://static.licdn.com/aero-v1/sc/h/c45fy346jw096",
    "https://static.xx.fbcdn.net/rsrc.php/v4/y3/r/GK3Ibwk.png", "https://themes.googleusercontent.com/image?id=0BwVBO",
    "https://scontent.cdninstagram.com/v/t51.2885-19/44884218_345707102882519_2446069589734326272_n.jpg",
    "https://bsky.app/static/social-card-default-gradient.png",
])
def test_site_art_is_known_by_its_url(url):
    assert provenance.site_url(url, adapter_named("bluesky" if "bsky" in url else "x"))


def test_a_platforms_own_web_host_is_site_art_but_not_on_a_generic_site():
    assert provenance.site_url("https://www.youtube.com/img/desktop/yt_1200.png", adapter_named("youtube"))
    assert not provenance.site_url("https://janedoe.example/img/me.jpg", adapter_named("generic"))


def test_the_strongest_verdict_wins_and_the_owner_wins_a_tie():
    owner, other, site = provenance.OWNER, provenance.OTHER, provenance.SITE
    assert provenance.settle([(other, 1, "suggested"), (owner, 3, "")]) == (owner, "")
    assert provenance.settle([(owner, 0, ""), (other, 1, "suggested")]) == (other, "suggested")
    assert provenance.settle([(site, 0, ""), (owner, 0, "")]) == (owner, "")
    assert provenance.settle([(site, 2, ""), (owner, 1, "")]) == (site, "")


def test_data_tied_to_another_account_or_under_a_side_panel_key_is_left_out():
    owner, adapter = provenance.Owner({"jane.doe"}), adapter_named("instagram")
    item = {"url": "https://scontent.cdninstagram.com/v/t51.2885-19/777_n.jpg", "kind": "data"}
    assert provenance.judge_data(item | {"names": frozenset({"other.one"})}, owner, adapter)[:2] == (provenance.OTHER, 3)
    assert provenance.judge_data(item | {"names": frozenset({"jane.doe"})}, owner, adapter)[:2] == (provenance.OWNER, 3)
    assert provenance.judge_data(item | {"path": ("data", "edge_related_profiles", "edges")}, owner, adapter)[0] == \
        provenance.OTHER
    assert provenance.judge_data(item | {"path": ("loginGuide", "onboarding", "cover_url")}, owner, adapter)[0] == \
        provenance.SITE
    assert provenance.judge_data(item | {"path": ("user", "edge_user_to_photos_of_you", "edges", "node", "display_url")},
                                 owner, adapter) == (provenance.OTHER, 1, "tagged")  # others' photos she is tagged in
    assert provenance.judge_data(item, owner, adapter)[:2] == (provenance.OWNER, 0)  # says nothing: kept


def test_the_nearest_labelled_region_decides():
    group = {"urls": [["https://media.licdn.com/dms/image/v2/D4E0/learning-public-crop_288_512/0/1", 0]],
             "marks": "IMG | A | LI | SECTION aside-section-container learning-top-courses Add new skills with these courses"
                      " | SECTION right-rail People also viewed", "authors": [], "authorsAt": -1}
    assert provenance.judge_dom(group, provenance.Owner({"jane-doe"}), adapter_named("linkedin"), "")[:2] == \
        (provenance.SITE, 1)


@pytest.mark.parametrize("title, html, expected", [
    ("", '<meta http-equiv="refresh" content="1; url=https://www.linkedin.com/">', True),
    ("", "<script>var t='x';window.location.replace('/authwall?trk=bf');</script>", True),
    ("", '<meta http-equiv="refresh" content="0; url=/in/jane/">', False),  # a refresh to the same page
    ("Jane Doe | LinkedIn", '<meta http-equiv="refresh" content="1; url=https://www.linkedin.com/">', False),
])
def test_a_page_that_only_sends_the_visitor_elsewhere_is_a_bot_check(title, html, expected):
    assert is_bot_check(title, html, "https://www.linkedin.com/in/jane/") is expected


@pytest.mark.parametrize("title, html", [
    ("Just a moment...", "<div>checking</div>"),
    ("Jane", '<div class="g-recaptcha" data-sitekey="x"></div>'),
    ("Jane", '<form id="challenge-form" action="/cdn-cgi/challenge-platform/h/b/orchestrate">'),
])
def test_challenge_pages_are_blocked_on_any_site(title, html):
    assert read_state(adapter_named("generic"), 200, "https://example.org/jane", title, "", html) == \
        ("blocked", "the site refused the visit")


def test_the_host_map_needs_both_test_switches(monkeypatch):
    local = "http://127.0.0.1:5000/h/www.instagram.com/jane/"
    monkeypatch.delenv("EXPOSURE_TEST_HOST_MAP", raising=False)
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    assert hostmap.seen_as(local) == local
    monkeypatch.setenv("EXPOSURE_TEST_HOST_MAP", "1")
    monkeypatch.delenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS")
    assert hostmap.seen_as(local) == local
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    assert hostmap.seen_as(local) == "https://www.instagram.com/jane/"
    assert hostmap.seen_as("http://127.0.0.1:5000/other/", local) == "https://www.instagram.com/other/"
    # Only loopback URLs are ever read another way.
    assert hostmap.seen_as("https://evil.example/h/www.instagram.com/jane/") == "https://evil.example/h/www.instagram.com/jane/"


def _group(url, marks="IMG | DIV", **more):
    return {"urls": [[url, 0]], "marks": marks, "authors": [], "authorsAt": -1} | more


@pytest.mark.parametrize("marks", ["IMG | DIV related-posts Related posts", "IMG | SECTION my-courses Courses I teach"])
def test_a_blogs_own_related_posts_and_courses_stay_on_a_generic_site(marks):
    group = _group("https://jane.example/img/trip.jpg", marks)
    assert provenance.judge_dom(group, provenance.Owner(), adapter_named("generic"), "")[:2] == (provenance.OWNER, 0)


@pytest.mark.parametrize("marks, kind", [("IMG | DIV comment-thread", provenance.OTHER),
                                         ("IMG | DIV ad-slot Sponsored", provenance.SITE)])
def test_comments_and_adverts_are_left_out_on_a_generic_site(marks, kind):
    group = _group("https://jane.example/img/x.jpg", marks)
    assert provenance.judge_dom(group, provenance.Owner(), adapter_named("generic"), "")[0] == kind


def test_theme_tiles_are_site_art_but_a_portrait_background_is_not():
    generic, owner = adapter_named("generic"), provenance.Owner()
    tile = _group("https://jane.example/theme/paper_tile.png", kind="background", tile=False, repeated=True)
    wide = _group("https://jane.example/theme/wood.jpg", kind="background", tile=True, repeated=True)
    portrait = _group("https://jane.example/img/me.jpg", kind="background", tile=False, repeated=True)
    assert provenance.judge_dom(tile, owner, generic, "")[0] == provenance.SITE
    assert provenance.judge_dom(wide, owner, generic, "")[0] == provenance.SITE
    assert provenance.judge_dom(portrait, owner, generic, "")[0] == provenance.OWNER


def test_a_region_naming_several_accounts_decides_only_when_the_owner_comes_first():
    x, owner = adapter_named("x"), provenance.Owner({"janedoe"})
    own_post = _group("https://pbs.twimg.com/media/A?format=jpg", authors=["https://x.com/janedoe", "https://x.com/friend"],
                      authorsAt=3)
    grid = _group("https://pbs.twimg.com/media/B?format=jpg", authors=["https://x.com/friend", "https://x.com/other"],
                  authorsAt=3)
    quoted = _group("https://pbs.twimg.com/media/C?format=jpg", authors=["testid:UserAvatar-Container-other"], authorsAt=2)
    assert provenance.judge_dom(own_post, owner, x, "")[:2] == (provenance.OWNER, 3)
    assert provenance.judge_dom(grid, owner, x, "")[:2] == (provenance.OWNER, 0)
    assert provenance.judge_dom(quoted, owner, x, "")[:2] == (provenance.OTHER, 3)


def _jpeg(image, size, quality=85):
    import io
    buffer = io.BytesIO()
    image.resize(size).save(buffer, "JPEG", quality=quality)
    return {"data": buffer.getvalue(), "width": size[0], "height": size[1]}


def test_one_picture_under_two_unknown_urls_is_kept_once_at_its_largest():
    from pathlib import Path

    from PIL import Image

    from crawler.likeness import look, same_picture
    faces = Path(__file__).resolve().parents[1] / "fixtures" / "faces"
    with Image.open(faces / "obama.jpg") as one, Image.open(faces / "biden.jpg") as two:
        obama, biden = one.convert("RGB"), two.convert("RGB")
    large, small = _jpeg(obama, (400, 400)), _jpeg(obama, (100, 100), quality=60)
    assert same_picture(look(large), look(small))
    assert not same_picture(look(large), look(_jpeg(biden, (400, 400))))
    assert not same_picture(look(large), look(_jpeg(obama, (400, 200))))  # another crop is another shape


def test_two_flat_pictures_of_one_shape_are_not_taken_for_one():
    from PIL import Image

    from crawler.likeness import look, same_picture
    grey, blue = (_jpeg(Image.new("RGB", (320, 240), colour), (320, 240)) for colour in ((128, 128, 128), (20, 40, 200)))
    assert not same_picture(look(grey), look(blue))


@pytest.mark.parametrize("platform, link, account", [
    ("facebook", "https://www.facebook.com/friend.one?__tn__=-R", "friend.one"),
    ("facebook", "https://www.facebook.com/profile.php?id=1000", "1000"),
    ("facebook", "https://www.facebook.com/people/Jane-Doe/100/", "100"),
    ("facebook", "https://www.facebook.com/photo/?fbid=1&set=a.2", None),
    ("instagram", "https://www.instagram.com/jane.doe/p/C1aB/", "jane.doe"),
    ("instagram", "https://www.instagram.com/explore/", None),
    ("x", "https://x.com/Other/status/12/photo/1", "other"),
    ("x", "https://x.com/i/flow/login", None),
    ("tiktok", "https://www.tiktok.com/@jane.doe/video/744", "jane.doe"),
    ("youtube", "https://www.youtube.com/channel/UCjAnEdOe0fIxTuRe0000001/videos", "ucjanedoe0fixture0000001"),
    ("youtube", "https://www.youtube.com/watch?v=abc", None),
    ("linkedin", "https://kr.linkedin.com/in/other-one?trk=public_profile_browsemap", "other-one"),
    ("linkedin", "https://kr.linkedin.com/posts/jane-doe_science-activity-72-aBcD", "jane-doe"),
    ("bluesky", "https://cdn.bsky.app/img/avatar/plain/did:plc:jane7k2x/bafk@jpeg", "did:plc:jane7k2x"),
    ("bluesky", "https://video.bsky.app/watch/did%3Aplc%3Ajane7k2x/bafkvid/thumbnail.jpg", "did:plc:jane7k2x"),
    ("instagram", "https://evil.example/jane.doe/", None),  # only the platform's own links name its accounts
])
def test_links_name_the_account_they_point_to(platform, link, account):
    assert adapter_named(platform).account_in(link) == account


@pytest.mark.parametrize("context, reason", [
    ("IMG | A | LI | SECTION aside-section-container browsemap People also viewed", "suggested"),
    ("IMG | DIV x78zum5 You may like", "suggested"),
    ("IMG | A | DIV | DIV region 알 수도 있는 사람", "suggested"),
    ("Reposted by Jane | IMG | DIV", "reposts"),
    ("Liked by Jane Doe | IMG | DIV base-card main-activity-card", "activity"),
    ("IMG | DIV comments-comment-item", "comments"),
    ("url | thumbnails | usertags | in", "tagged"),
    ("display_url | node | edges | edge_user_to_photos_of_you | user", "tagged"),
    ("IMG | A | DIV | DIV Photos of Jane Doe", "tagged"),
    ("url | thumbnails | thumbnail | gridVideoRenderer | items | horizontalListRenderer", "posts"),
    ("url | thumbnails | thumbnail | gridChannelRenderer | items", "suggested"),
])
def test_another_accounts_picture_says_why_it_is_there(context, reason):
    assert provenance.reason_of(context) == reason


def test_a_social_line_names_who_acted_not_whose_post_it_is():
    bluesky, owner = adapter_named("bluesky"), provenance.Owner({"jane.bsky.social"})
    repost = _group("https://example.org/thumb.jpg", authors=["acted:https://bsky.app/profile/jane.bsky.social",
                                                              "https://bsky.app/profile/other.bsky.social"],
                    authorsAt=2, social="Reposted by Jane")
    own = _group("https://example.org/mine.jpg", authors=["https://bsky.app/profile/jane.bsky.social"], authorsAt=2)
    assert provenance.judge_dom(repost, owner, bluesky, "") == (provenance.OTHER, 3, "reposts")
    assert provenance.judge_dom(own, owner, bluesky, "")[:2] == (provenance.OWNER, 3)


def test_a_liked_post_whose_author_is_not_linked_is_still_another_accounts():
    linkedin, owner = adapter_named("linkedin"), provenance.Owner({"jane-doe"})
    liked = _group("https://media.licdn.com/dms/image/v2/D5622AQx/feedshare-shrink_800/0/1?t=a",
                   marks="IMG | DIV base-main-card__media | DIV base-card main-activity-card | LI | UL | SECTION Activity",
                   authorsAt=2, social="Liked by Jane Doe")
    assert provenance.judge_dom(liked, owner, linkedin, "") == (provenance.OTHER, 2, "activity")


def test_another_accounts_picture_inside_the_owners_post_is_a_quote():
    x, owner = adapter_named("x"), provenance.Owner({"janedoe"})
    quoted = _group("https://pbs.twimg.com/media/Q?format=jpg", authors=["handle:@newsdesk"], authorsAt=3,
                    postAuthors=["testid:UserAvatar-Container-janedoe", "https://x.com/janedoe"])
    assert provenance.judge_dom(quoted, owner, x, "") == (provenance.OTHER, 3, "quotes")


def test_a_listed_record_belongs_to_the_one_channel_its_endpoints_name():
    def lockup(video, channel):
        return {"lockupViewModel": {
            "contentImage": {"thumbnailViewModel": {"image": {"sources": [
                {"url": f"https://i.ytimg.com/vi/{video}/hqdefault.jpg", "width": 336}]}}},
            "metadata": {"lockupMetadataViewModel": {"metadata": {"contentMetadataViewModel": {"metadataRows": [
                {"metadataParts": [{"text": {"commandRuns": [{"onTap": {"innertubeCommand": {"browseEndpoint": {
                    "browseId": channel, "canonicalBaseUrl": "/@" + channel.lower()}}}}]}}]}]}}}}}}
    shelf = {"items": [lockup("vIdEoOnE001", "UCoNe"), lockup("vIdEoTwO002", "UCtWo")]}
    names = {c["url"]: c["names"] for c in extract._json_images(shelf, "https://www.youtube.com/")}
    assert names == {"https://i.ytimg.com/vi/vIdEoOnE001/hqdefault.jpg": {"ucone"},
                     "https://i.ytimg.com/vi/vIdEoTwO002/hqdefault.jpg": {"uctwo"}}


def test_a_record_flagged_as_a_repost_is_counted_as_one():
    tiktok, owner = adapter_named("tiktok"), provenance.Owner({"jane.doe"})
    data = {"itemList": [{"isReposted": True, "author": {"uniqueId": "other.four"},
                          "video": {"cover": "https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/oAbC"}}]}
    [item] = extract._json_images(data, "https://www.tiktok.com/")
    assert provenance.judge_data(item, owner, tiktok) == (provenance.OTHER, 3, "reposts")
