"""The owner's pictures only, on pages that show other accounts around them (issue #25).

One page per structure, written from the platforms' public markup and scrapers'
code (tests/crawler/real/README.md): the owner has N photos and M pictures of
other accounts appear. The crawl returns exactly the N and counts the M by why
they are there (crawler/provenance.py REASONS).
"""
import pytest

from tests.helpers.real_pages import Page, tally

AROUND = [
    Page("/h/www.youtube.com/@JaneShelves", "ok",  # lockupViewModel shelves name their channel only in an endpoint
         {"avatar": r"AIdro_kJaNeShElVeSaVaTaR001qQ", "banner": r"jAnEsHeLvEsBaNnEr", "video 1": r"/vi/jAnEsHeLf01/",
          "video 2": r"/vi/jAnEsHeLf02/", "video 3": r"/vi/jAnEsHeLf03/"},
         others=6, site=0, reasons={"posts": 4, "suggested": 2}, theirs=r"aLpHa|bRaVo|cHaRlIe|AlPhAlAb|BrAvObAkEs"),
    Page("/h/www.linkedin.com/in/jane-activity/", "login_wall",  # posts by others she liked or commented on
         {"avatar": r"D5603AQjAnEaCtIvItY1", "cover": r"D5616AQjAnEaCtCoVeR1", "post 1": r"D5622AQjAnEpOsTaAa1",
          "post 2": r"D5622AQjAnEpOsTeEe5"},
         others=3, site=0, reasons={"activity": 3}, theirs=r"oThEr"),
    Page("/h/www.linkedin.com/in/jane-sidelists/", "login_wall",  # "People also viewed", "More profiles for you"
         {"avatar": r"D5603AQjAnEsIdElIsT1", "cover": r"D5616AQjAnEsIdEcOvR1", "post": r"D5622AQjAnEsIdEpOsT1"},
         others=5, site=0, reasons={"suggested": 5}, theirs=r"pEoPlEaLsO|mOrEpRoFiL"),
    Page("/h/bsky.app/profile/jane-reposts.bsky.social", "ok",  # "Reposted by" lines; video thumbnails
         {"avatar": r"bafkreijanerepostsavatar", "banner": r"bafkreijanerepostsbanner",
          "post 1 image 1": r"postoneimagea", "post 1 image 2": r"postoneimageb", "post 2 image": r"posttwoimage",
          "post 2 video": r"repostsvideothree"},
         others=6, site=0, reasons={"reposts": 6}, theirs=r"artist|photog"),
    Page("/h/x.com/janequotes", "ok",  # quoted posts inside the owner's own, one whose name line links nowhere
         {"avatar": r"JqUoTeS1", "banner": r"profile_banners/2895000001", "photo 1": r"GQjAnEqT1", "photo 3": r"GQjAnEqT3"},
         others=3, site=0, reasons={"quotes": 3}, theirs=r"GQsCiEnC|GQfAiRoR|Av_mini"),
    Page("/h/www.instagram.com/jane.suggested/", "ok",  # "Suggested for you" cards and chaining records
         {"avatar": r"441000001_9001", "post 1": r"460000001_1001", "post 2": r"460000002_1002", "post 3": r"460000003_1003"},
         others=3, site=0, reasons={"suggested": 3}, theirs=r"/33000000\d_"),
    Page("/h/www.tiktok.com/@jane.maylike", "ok",  # "You may like": other accounts' videos under the owner's
         {"avatar": r"8a1b2c3d4e5f60718293a4b5c6d7e8f9", "video 1": r"oJm1AyLiKeA", "video 2": r"oJm2AyLiKeB",
          "video 3": r"oJm3AyLiKeC"},
         others=3, site=0, reasons={"suggested": 3}, theirs=r"oYmL"),
    Page("/h/www.facebook.com/jane.friends", "ok",  # "People you may know"
         {"profile picture": r"480000001_4001", "cover": r"480000002_4002", "photo 1": r"480000011_4011",
          "photo 2": r"480000012_4012", "photo 3": r"480000013_4013"},
         others=4, site=0, reasons={"suggested": 4}, theirs=r"/47000000\d_"),
    Page("/h/www.facebook.com/jane.tagged", "ok",  # "Photos of Jane": others' photos she is tagged in
         {"profile picture": r"490000001_5001", "cover": r"490000002_5002", "photo 1": r"490000011_5011",
          "photo 2": r"490000012_5012"},
         others=3, site=0, reasons={"tagged": 3}, theirs=r"/49000002\d_"),
]


@pytest.mark.slow
@pytest.mark.parametrize("page", AROUND, ids=[p.path.split("/", 3)[2] + p.path.split("/", 3)[3] for p in AROUND])
def test_the_owners_photos_only_and_the_others_counted_by_reason(real_crawler, real_site, host_map, page):
    result = real_crawler.crawl(real_site + page.path)
    counts, strays = tally(result, page)
    assert result["status"] == page.status, result["message"]
    assert {name for name, n in counts.items() if n != 1} == set(), f"owner's pictures missed or twice: {counts}"
    assert strays == [], "pictures returned that are not the owner's"
    left = result["other_images_left_out"]
    assert left["reasons"] == page.reasons
    assert (left["other_accounts"], left["site"]) == (page.others, page.site)
