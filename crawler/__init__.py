"""What a logged-out stranger can see on a profile: its state and its images.

Knows nothing of faces, Flask or the database (docs/design.md, "Boundaries").

    with Crawler(limits=Limits()) as crawler:        # one per worker thread
        result = crawler.crawl(url, on_progress=print)

A result is {"url", "platform", "status": "ok|not_found|login_wall|private|blocked|error",
"message", "images": [{"image_url", "page_url", "data", "content_type", "width", "height"}],
"other_images_left_out": {"other_accounts", "site", "reasons": {why another account's picture was
there (provenance.REASONS): how many}}, "code_found": None, or whether the page shows `look_for`
(an ownership code)}.
"""
from .crawl import Crawler, Limits, crawl_profile
from .netguard import BlockedURL, check_url
from .platforms import identify_profile

__all__ = ["BlockedURL", "Crawler", "Limits", "check_url", "crawl_profile", "identify_profile"]
