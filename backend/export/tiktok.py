"""TikTok's "Download your data" (JSON: user_data_tiktok.json, earlier user_data.json; or
TXT files in folders). It lists each video as a link and the profile photo as a URL:
no photo is inside, so there is nothing to grade offline. Recognising it lets the
user hear that plainly instead of "not an export"."""
from .archive import ExportError
from .index import find_root

PLATFORM = "tiktok"


def detect(names):
    root, found = find_root(names, r"(?:user_data(?:_tiktok)?\.json|Profile/Profile Info\.txt|"
                                   r"Videos/Posts\.txt)")
    return ("2020-json", root) if found else None


def list_photos(archive, variant, root):
    raise ExportError("no_photos_in_export",
                      "TikTok's export holds links to your videos, not the photos themselves. Audit your "
                      "TikTok profile link instead, or check what your followers see from your own profile.")
