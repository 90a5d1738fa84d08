"""Fixture pages that follow real logged-out pages (tests/crawler/real/README.md).

For each page: the state; every one of the owner's pictures found, once, at
its largest; nothing else returned; and the other accounts' pictures and the
site's own art that were left out, counted.
"""
import re

import pytest

from tests.helpers.real_pages import Page, tally

PAGES = [
    Page("/h/www.instagram.com/walled.jane/", "login_wall", {}, others=0, site=2),
    Page("/h/www.linkedin.com/in/walled-jane/", "login_wall", {}, others=0, site=2),
    Page("/h/www.linkedin.com/in/gone-jane/", "not_found", {}, others=1, site=1),
    Page("/h/blog.naver.com/janedoe", "ok",
         {"profile picture": r"jAnEpRoFiLe", "post 1 image 1": r"IMG_1001", "post 1 image 2": r"IMG_1002",
          "post 2 image": r"IMG_1003"},
         others=2, site=2, largest={"post 1 image 1": r"IMG_1001\.JPG\?type=w966$"}),
    Page("/h/janedoe.blogspot.com/", "ok",
         {"avatar (only in JSON-LD)": r"AVvXsEjAvAtArJaNe9", "header": r"AVvXsEjHeAdErJaNe3", "post 1": r"AVvXsEjPoSt1QkZ9",
          "post 2": r"Xy7AbCdEfGh", "post 3": r"AVvXsEjPoSt3TrIp5"},
         others=0, site=4, largest={"post 1": r"/s1600/IMG_1001\.jpg$", "post 2": r"/s1600/IMG_1002\.jpg$"}),
    Page("/h/janeroe.blogspot.com/", "ok",  # 72 px "Popular posts" crops and an 80 px profile picture
         {"profile picture": r"face-closeup", "post 1": r"field-trip", "post 2": r"club-photo",
          "older post 1 (only in Popular posts)": r"VPOMApCwx7C3v", "older post 2 (only in Popular posts)": r"JC94b076QQHb"},
         others=0, site=1,
         largest={"profile picture": r"/s1600/face-closeup", "older post 1 (only in Popular posts)": r"=s1600$",
                  "post 1": r"/s1600/field-trip"}),
    Page("/h/bsky.app/profile/jane.bsky.social", "ok",
         {"avatar": r"bafkreiaj4nedoeavatar", "banner": r"bafkreibjanebanner", "post 1 image 1": r"bafkreicjanepost1imagea",
          "post 1 image 2": r"bafkreicjanepost1imageb", "post 2 image": r"bafkreifjanepost2image"},
         others=3, site=1,
         largest={"avatar": r"/img/avatar/plain/", "post 1 image 1": r"/img/feed_fullsize/plain/"}),
    Page("/h/www.facebook.com/jane.doe", "login_wall",
         {"profile picture": r"449000001_", "cover": r"449000002_", "photo 1": r"449000011_", "photo 2": r"449000012_",
          "photo 3": r"449000013_"},
         others=3, site=1, largest={"profile picture": r"449000001_.*s480x480"}),
    Page("/h/www.linkedin.com/in/checked-jane/", "blocked", {}, others=0, site=0),
    Page("/h/www.tiktok.com/@blocked.jane", "blocked", {}, others=0, site=3),
    Page("/h/x.com/gonejane", "not_found", {}, others=2, site=2),
    Page("/h/www.youtube.com/@TerminatedJane", "not_found", {}, others=2, site=1),
    Page("/h/www.linkedin.com/in/jane-doe/", "login_wall",
         {"avatar": r"D5603AQJaNeAvAtAr7q", "cover": r"D5616AQcOvEr9JaNe1", "post 1": r"D5622AQpOsT1JaNe",
          "post 2": r"D5622AQpOsT2JaNe"},
         others=6, site=2, largest={"avatar": r"shrink_800_800"}),
    Page("/h/x.com/janedoe", "ok",
         {"banner": r"profile_banners/2890000001/1715000000", "avatar": r"JaNeAvA1", "photo 1 (with a friend)": r"GNjAnE1X",
          "photo 2": r"GNjAnE2Y", "photo 3": r"GNjAnE3Z"},
         others=6, site=1,  # the quoted post's 20 px avatar is an icon, not counted
         largest={"banner": r"/1500x500$", "avatar": r"JaNeAvA1\.jpg$", "photo 1 (with a friend)": r"name=orig"}),
    Page("/h/www.tiktok.com/@jane.doe", "ok",
         {"avatar": r"7f3a9c2e51b84d0a9e6b1c2d3e4f5a6b", "video 1": r"oAq1BaNy", "video 2": r"oBr2CbOz", "video 3": r"oCs3DcPa",
          "video 4": r"oDt4EdQb"},
         others=5, site=2, largest={"avatar": r"7f3a9c2e51b84d0a9e6b1c2d3e4f5a6b~tplv-tiktokx-cropcenter:1080:1080"}),
    Page("/h/www.instagram.com/jane.doe/", "ok",
         {"avatar": r"441122334_", "post 1 (with a friend)": r"450000001_", "post 2": r"450000002_",
          "carousel slide 1": r"450000010_", "carousel slide 2": r"450000011_", "post 4": r"450000004_"},
         others=4, site=1,
         largest={"avatar": r"441122334_.*oh=00_AYA3", "post 1 (with a friend)": r"450000001_.*p1080x1080"}),
    Page("/h/www.instagram.com/jane.roe/", "ok",  # a related account is private: the owner is not
         {"avatar": r"52410001_", "igtv cover": r"52420009_", "post 1 (with a friend)": r"52420001_",
          "post 2 (carousel)": r"52420002_", "post 3 (video)": r"52420003_"},
         others=3, site=0,
         largest={"avatar": r"/s320x320/52410001_", "post 1 (with a friend)": r"/s1080x1080/52420001_"}),
    Page("/h/www.youtube.com/@JaneDoe", "ok",
         {"avatar": r"AIdro_kJaNeDoE7xTuReAvAtAr0001qQ", "banner": r"jAnEbAnNeR8kQ2mZ", "video 1": r"/vi/jAnEvId0001/",
          "video 2": r"/vi/jAnEvId0002/", "video 3": r"/vi/jAnEvId0003/", "video 4": r"/vi/jAnEvId0004/"},
         others=5, site=0,
         largest={"avatar": r"AIdro_kJaNeDoE7xTuReAvAtAr0001qQ=s0$", "banner": r"jAnEbAnNeR8kQ2mZ_xYv0aB1cD2eF3=s0$",
                  "video 1": r"/vi/jAnEvId0001/maxresdefault\.jpg$"}),
]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_real_page(real_crawler, real_site, host_map, page):
    result = real_crawler.crawl(real_site + page.path)
    counts, strays = tally(result, page)
    assert result["status"] == page.status, result["message"]
    assert {name for name, n in counts.items() if n == 0} == set(), "owner's pictures missed"
    assert {name: n for name, n in counts.items() if n > 1} == {}, "owner's pictures returned twice"
    assert strays == [], "pictures returned that are not the owner's"
    left = result["other_images_left_out"]
    assert (left["other_accounts"], left["site"]) == (page.others, page.site)
    assert sum(left["reasons"].values()) == page.others
    for name, pattern in page.largest.items():
        assert [i for i in result["images"] if re.search(pattern, i["image_url"])], f"{name}: not the largest copy"
