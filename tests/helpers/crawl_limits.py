"""The crawler's limits in the crawler tests: short, so a broken page fails fast."""
from crawler import Limits

# The local fixture sites (tests/fixtures/sites).
FAST = Limits(page_timeout_s=8, profile_timeout_s=30, image_timeout_s=5, scroll_rounds=8, settle_ms=300)
# The pages that follow real pages (tests/crawler/real/), heavier than the fixture sites.
REAL_FAST = Limits(page_timeout_s=10, profile_timeout_s=40, image_timeout_s=5, scroll_rounds=4, settle_ms=200)
