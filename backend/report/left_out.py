"""The report's line on what a profile's page showed of other accounts and was left out, and why.

The crawler counts another account's pictures by why they were on the page
(crawler/provenance.py REASONS); the line names each reason with its count,
most first: "Left out as other accounts' pictures: 34 from other channels'
videos, 2 of suggested or related profiles."
"""
import json

from backend.report.language import Nn_

# reason -> its words; "posts" on a video platform are another channel's or account's videos.
REASONS = ("posts", "suggested", "reposts", "quotes", "activity", "tagged", "comments")
PARTS = {
    "posts": Nn_("%(num)s from another account's post", "%(num)s from other accounts' posts"),
    "channel_videos": Nn_("%(num)s from another channel's video", "%(num)s from other channels' videos"),
    "videos": Nn_("%(num)s from another account's video", "%(num)s from other accounts' videos"),
    "suggested": Nn_("%(num)s of a suggested or related profile", "%(num)s of suggested or related profiles"),
    "reposts": Nn_("%(num)s from a repost of another account's post", "%(num)s from reposts of other accounts' posts"),
    "quotes": Nn_("%(num)s from a quoted post", "%(num)s from quoted posts"),
    "activity": Nn_("%(num)s from a post by others that this account liked or commented on",
                    "%(num)s from posts by others that this account liked or commented on"),
    "tagged": Nn_("%(num)s from another account's post this account is tagged in",
                  "%(num)s from other accounts' posts this account is tagged in"),
    "comments": Nn_("%(num)s from a comment", "%(num)s from comments"),
}
VIDEO_PLATFORMS = {"youtube": "channel_videos", "tiktok": "videos"}
MAX_COUNT = 100_000  # a count past this is no count the crawler gives


def read_reasons(value):
    """{reason: count} from what the store holds (a JSON object), known reasons and sane counts only."""
    try:
        raw = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {reason: count for reason, count in raw.items()
            if reason in REASONS and isinstance(count, int) and not isinstance(count, bool) and 0 < count <= MAX_COUNT}


def left_out_line(reasons, platform, t):
    """The one line, in the reader's language, or "" when nothing of another account was left out."""
    parts = []
    for reason, count in sorted(read_reasons(reasons).items(), key=lambda pair: (-pair[1], REASONS.index(pair[0]))):
        key = VIDEO_PLATFORMS.get(platform, reason) if reason == "posts" else reason
        parts.append(t.n(*PARTS[key], count))
    if not parts:
        return ""
    return t("Left out as other accounts' pictures: %(parts)s.", parts=", ".join(parts))
