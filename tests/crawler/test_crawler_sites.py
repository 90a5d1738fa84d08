"""Platform and generic fixture sites: the exact images a stranger gets, and the profile state."""
import pytest

from crawler import Crawler, Limits
from tests.helpers.sites import image_paths as found

# (fixture path, platform adapter, status, image URLs found)
CASES = [
    ("/site/blog/", None, "ok", {"/img/obama/obama.jpg", "/img/obama2/photo.jpg", "/img/biden/biden.jpg",
                                 "/img/rocket/rocket.webp?w=800"}),
    ("/site/generic/components/", None, "ok", {"/img/rocket/club-banner.jpg", "/img/obama2/shadow.jpg",
                                               "/img/biden/a@2x.jpg", "/img/obama3/team.jpg",
                                               "/img/astronaut/in-frame.jpg"}),
    ("/site/instagram/jane/", "instagram", "ok", {
        "/img/astronaut/v/t51.2885-19/441_n.jpg?_nc_ht=scontent&oh=00_b&oe=6700",
        "/img/obama/v/t51.2885-15/101_n.jpg?stp=dst-jpg_e35&oh=1",
        "/img/rocket/v/t51.2885-15/102_n.jpg?oh=3",
        "/img/obama2/v/t51.2885-15/103_n.jpg?oh=4"}),
    ("/site/instagram/private/", "instagram", "private", {"/img/astronaut/v/t51.2885-19/442_n.jpg?oh=2"}),
    ("/site/instagram/missing/", "instagram", "not_found", set()),
    ("/site/facebook/jane/", "facebook", "login_wall", {
        "/img/rocket/v/t39.30808-6/789_n.jpg?_nc_cat=2&oh=00_z",
        "/img/biden/v/t39.30808-1/123_n.jpg?_nc_cat=1&oh=00_y&oe=6701",
        "/img/obama/v/t39.30808-6/456_n.jpg?_nc_cat=3&oh=00_w"}),
    ("/site/x/jane/", "x", "ok", {
        "/img/rocket/profile_banners/44196397/1700000000/1500x500",
        "/img/obama/media/F1aBcD?format=jpg&name=orig",
        "/img/obama3/media/F2xYz?format=jpg&name=orig",
        "/img/astronaut/profile_images/1700000000/AbCd.jpg"}),
    ("/site/x/protected/", "x", "private", {
        "/img/rocket/profile_banners/55/1700000001/1500x500",
        "/img/astronaut/profile_images/1700000001/Locked.jpg"}),
    ("/site/tiktok/jane/", "tiktok", "ok", {
        "/img/obama3/tos-maliva-avt-0068/7c1~tplv-tiktokx-cropcenter:1080:1080.jpeg?x-expires=1700&x-signature=c",
        "/img/biden/tos-maliva-p-0068/o1~tplv-photomode-zoomcover:720:720.jpeg?x-expires=1&x-signature=d",
        "/img/rocket/tos-maliva-p-0068/o2~tplv-photomode-zoomcover:720:720.jpeg?x-expires=1&x-signature=e"}),
    ("/site/tiktok/private/", "tiktok", "private", {
        "/img/obama3/tos-maliva-avt-0068/9z~tplv-tiktokx-cropcenter:1080:1080.jpeg?x-expires=1&x-signature=f"}),
    ("/site/youtube/jane/", "youtube", "ok", {
        "/img/astronaut/ytc/AIdro_k1=s900-c-k-c0x00ffffff-no-rj",
        "/img/obama/vi/abc/hq720.jpg?sqp=y",
        "/img/rocket/banner/AMLnZu=w2560-fcrop64=1,00005a57ffffa5a8-k-c0xffffffff-no-nd-rj"}),
    ("/site/linkedin/jane/", "linkedin", "login_wall", {
        "/img/rocket/dms/image/v2/D4E16AQ/profile-displaybackgroundimage-shrink_350_1400/0/1701?e=2147483647&v=beta&t=def",
        "/img/obama/dms/image/v2/C4E03AQ/profile-displayphoto-shrink_800_800/0/1700?e=2147483647&v=beta&t=xyz"}),
    ("/site/linkedin/authwall/", "linkedin", "login_wall", set()),
    ("/site/naver/jane/", "naver_blog", "ok", {
        "/img/astronaut/blogpfthumb/MjAyNDA/profile.jpg?type=w161",
        "/img/obama2/MjAyNDA1MTVfMTIz/IMG_0001.jpg?type=w773",
        "/img/biden/MjAyNDA1MTVfNDU2/IMG_0002.jpg?type=w773"}),
    ("/site/naver/missing/", "naver_blog", "not_found", set()),
    ("/site/kakaostory/jane/", "kakaostory", "ok", {
        "/img/rocket/dn/bg/img_xl.jpg", "/img/astronaut/dn/profile/img_l.jpg",
        "/img/obama/dn/story/1/img_l.jpg", "/img/biden/dn/story/2/img_l.jpg"}),
    ("/site/kakaostory/s/login/", "kakaostory", "login_wall", set()),
]


@pytest.mark.slow
@pytest.mark.parametrize("path, platform, status, images", CASES, ids=[c[0] for c in CASES])
def test_fixture_site(crawler, site, allow_private, path, platform, status, images):
    result = crawler.crawl(site + path, platform=platform)
    assert (result["status"], found(result, site)) == (status, images)
    assert result["platform"] == (platform or "generic")
    for image in result["images"]:
        assert image["data"] and image["width"] >= 100 and image["content_type"] == "image/jpeg"
        assert site + path in image["page_url"] or image["page_url"].startswith(site + "/site/")


@pytest.mark.slow
def test_load_more_button_is_pressed_until_it_is_gone(crawler, site, allow_private):
    result = crawler.crawl(site + "/site/generic/more-button/")
    assert result["status"] == "ok"
    assert found(result, site) == {"/gen/%d.jpg" % i for i in [0, 1, 2] + list(range(12, 50))}


@pytest.mark.slow
def test_progress_is_reported_and_messages_and_logs_hold_no_urls(crawler, site, allow_private, caplog):
    counts = []
    caplog.set_level("DEBUG")
    result = crawler.crawl(site + "/site/blog/", on_progress=counts.append)
    assert counts == [1, 2, 3, 4]
    assert "http" not in result["message"] and "127.0.0.1" not in result["message"]
    logged = " ".join(record.getMessage() for record in caplog.records if record.name.startswith("crawler"))
    assert "crawled a generic profile: ok, 4 images" in logged
    assert "127.0.0.1" not in logged and "/site/" not in logged and "/img/" not in logged


@pytest.mark.slow
def test_max_images_caps_the_result(site, allow_private):
    with Crawler(limits=Limits(max_images=2, profile_timeout_s=30)) as small:
        result = small.crawl(site + "/site/blog/")
    assert result["status"] == "ok" and len(result["images"]) == 2


@pytest.mark.slow
def test_browser_is_recycled_after_n_profiles(site, allow_private):
    with Crawler(limits=Limits(profiles_per_browser=2, profile_timeout_s=30)) as crawler:
        browsers = []
        for _ in range(3):
            assert crawler.crawl(site + "/site/instagram/private/", platform="instagram")["status"] == "private"
            browsers.append(id(crawler.browser.chromium))
    assert browsers[0] == browsers[1] != browsers[2]


@pytest.mark.slow
def test_lazy_loading_and_infinite_scroll_find_all_fifty(crawler, site, allow_private):
    result = crawler.crawl(site + "/site/bench/")
    assert result["status"] == "ok"
    assert found(result, site) == {"/gen/%d.jpg" % i for i in range(50)}


@pytest.mark.slow
def test_crawler_works_from_a_worker_thread(site, allow_private):
    import threading
    results = []

    def work():
        with Crawler(limits=Limits(profile_timeout_s=30)) as own:
            results.append(own.crawl(site + "/site/blog/"))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(120)
    assert [r["status"] for r in results] == ["ok"] and len(results[0]["images"]) == 4


@pytest.mark.slow
def test_a_crawler_used_from_another_thread_answers_error_and_keeps_working(crawler, site, allow_private):
    import threading
    assert crawler.crawl(site + "/site/instagram/private/", platform="instagram")["status"] == "private"
    elsewhere = []
    worker = threading.Thread(target=lambda: elsewhere.append(crawler.crawl(site + "/site/blog/")))
    worker.start()
    worker.join(60)
    assert elsewhere[0]["status"] == "error"
    assert crawler.crawl(site + "/site/blog/")["status"] == "ok"
