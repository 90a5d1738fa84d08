import sys, os
sys.path.insert(0, "tests"); sys.path.insert(0, "tests/crawler"); sys.path.insert(0, ".")
os.environ["EXPOSURE_ALLOW_PRIVATE_NETWORKS"] = "1"; os.environ["EXPOSURE_TEST_HOST_MAP"] = "1"
from real_pages import serve_real_pages
from crawler import Crawler, Limits
from crawler import crawl as C, provenance as P
with serve_real_pages() as base, Crawler(limits=Limits(page_timeout_s=8, profile_timeout_s=30)) as c:
    orig = C.group_families
    def spy(cands, adapter):
        pass
        fams = orig(cands, adapter)
        for f in fams: print(f["verdict"], f["urls"][0][-100:])
        return fams
    C.group_families = spy
    orig_j = P.judge_dom
    def jd(group, owner, adapter, page_url):
        v = orig_j(group, owner, adapter, page_url)
        if len(sys.argv) > 2 and sys.argv[2] in group["urls"][0][0]:
            print("JUDGE", v, {k: group.get(k) for k in ("href", "authors", "testids", "marks")}, owner.names)
        return v
    P.judge_dom = jd
    r = c.crawl(base + sys.argv[1])
    print(r["status"], r["message"], [i["image_url"][-80:] for i in r["images"]], r["other_images_left_out"])
