"""X's (Twitter's) "Download an archive of your data". The variants (docs/exports.md):

    2019–2022  data/tweet.js  ("window.YTD.tweet.part0 = [...]")  + data/tweet_media/
    2022–      data/tweets.js ("window.YTD.tweets.part0 = [...]") + data/tweets_media/
               (a large archive adds tweets-part1.js, tweets-part2.js...)
    both       data/deleted-tweets.js + data/deleted_tweets_media/ where the user deleted tweets;
               data/community-tweet.js + data/community_tweet_media/ (posts in communities), the same
               for twitter-circle-tweet.js;
               data/account.js (the account's id); data/profile.js + data/profile_media/
               (the avatar and the header banner)

A media file is named "<tweet id>-<the media's file name>". The media folder also holds
the media of the user's retweets, which are other accounts' photos: the tweets are read
to keep only the media of the user's own tweets (a quote tweet's own media, a retweet
of the user's own tweet). Only each tweet's id, whether it is a retweet, and its media
entries are looked at: never its text beyond the "RT @" that marks an old retweet.
"""
import posixpath
import re
from email.utils import parsedate_to_datetime

from .archive import ExportError
from .index import ExportPhoto, Found, find_root, is_image, iso_date, load_json

PLATFORM = "x"
MEDIA_FOLDERS = ("tweets_media", "tweet_media", "deleted_tweets_media", "community_tweet_media",
                 "twitter_circle_tweet_media")
TWEET_FILES = r"(?P<stem>tweets|tweet|deleted-tweets|community-tweet|twitter-circle-tweet)(?:-part\d+)?\.js"
SNOWFLAKE_EPOCH_MS = 1288834974657
FIRST_SNOWFLAKE = 1 << 32   # ids below this are from before 2010 and carry no time
SIGNS = ("data/manifest.js", "data/account.js")


def detect(names):
    """(variant, root) when `names` are an X archive, else None."""
    root, found = find_root(names, r"data/(?P<file>tweets|tweet|manifest|account)\.js")
    if not found:
        return None
    base = f"{root}/data/" if root else "data/"
    variant = "2019" if any(n.startswith(base + "tweet_media/") or n == base + "tweet.js" for n in names) \
        else "2022"
    return variant, root


def list_photos(archive, variant, root):
    """The photos of an X archive (a Found): the profile's avatar and banner, then the photos
    of the user's own tweets; media of tweets the archive does not list count as unread."""
    base = f"{root}/data/" if root else "data/"
    names = set(archive.names)
    found = Found(names, root, lambda path: True)
    found.photos += _profile_photos(archive, base)
    tweets = Tweets(_account_id(archive, base))
    pattern = re.compile(re.escape(base) + TWEET_FILES + "$")
    for name in sorted(n for n in names if pattern.match(n)):
        entries = load_json(archive, name, prefix=True)
        if not isinstance(entries, list):
            raise ExportError("damaged", "The archive's list of tweets could not be read.")
        tweets.add(entries, deleted=pattern.match(name).group("stem").startswith("deleted"))
    for folder in MEDIA_FOLDERS:
        prefix = base + folder + "/"
        for name in sorted(n for n in names if n.startswith(prefix) and is_image(n)):
            placed = tweets.place(name[len(prefix):])
            if placed is None:
                found.unread += 1
            elif placed is False:
                found.excluded.add(name)
            else:
                kind, date, deleted = placed
                found.photos.append(ExportPhoto(name, kind, tweet_date(name[len(prefix):]) or date,
                                                deleted or folder.startswith("deleted")))
    return found


class Tweets:
    """Whose each media file is, from the archive's tweets: place(file name) is (kind, date,
    deleted) for the user's own, False for another account's, None for a tweet not listed."""

    def __init__(self, owner):
        self.owner = owner
        self.media = {}       # media file name → (kind, date, deleted), or False: not the user's
        self.own_ids = {}     # id of a tweet of the user's own (not a retweet) → (date, deleted)
        self.retweet_ids = set()

    def add(self, entries, deleted=False):
        for entry in entries:
            tweet = entry.get("tweet", entry) if isinstance(entry, dict) else None
            if not isinstance(tweet, dict):
                continue
            tweet_id = str(tweet.get("id_str") or tweet.get("id") or "")
            date = iso_date(_created(tweet))
            retweet = "retweeted_status" in tweet or str(tweet.get("full_text") or tweet.get("text") or "") \
                .startswith("RT @")
            if retweet:
                self.retweet_ids.add(tweet_id)
            else:
                self.own_ids.setdefault(tweet_id, (date, deleted))
            for media in _media(tweet):
                url = str(media.get("media_url_https") or media.get("media_url") or "")
                source = media.get("source_user_id_str") or media.get("source_user_id")
                # A retweet's media, and media shown from another tweet, are the user's only when
                # that tweet is the user's own (an unknown account id never matches).
                mine = (str(source) == self.owner) if (retweet or source) else True
                kind = "video_thumbnail" if media.get("type") in ("video", "animated_gif") else "post_photo"
                file_name = posixpath.basename(url.split("?")[0])
                self.media[f"{tweet_id}-{file_name}"] = mine and (kind, date, deleted)
                # Some archives name a retweet's file after the tweet it came from.
                origin = media.get("source_status_id_str") or media.get("source_status_id")
                if origin:
                    self.media.setdefault(f"{origin}-{file_name}", mine and (kind, date, deleted))

    def place(self, file_name):
        if file_name in self.media:
            return self.media[file_name]
        tweet_id = file_name.split("-", 1)[0]
        if tweet_id in self.own_ids:  # a photo of the user's own tweet its entries do not name
            return ("post_photo", *self.own_ids[tweet_id])
        return False if tweet_id in self.retweet_ids else None


def _media(tweet):
    """The media entries of a tweet (extended_entities lists every photo; entities the first)."""
    entries = []
    for key in ("extended_entities", "entities"):
        holder = tweet.get(key)
        media = holder.get("media") if isinstance(holder, dict) else None
        entries += [m for m in media if isinstance(m, dict)] if isinstance(media, list) else []
    return entries


def _created(tweet):
    try:
        return parsedate_to_datetime(str(tweet.get("created_at") or "")).isoformat()
    except (TypeError, ValueError):
        return None


def _account_id(archive, base):
    """The account's own id (data/account.js), or None."""
    if base + "account.js" not in archive.names:
        return None
    account = load_json(archive, base + "account.js", prefix=True)
    entry = account[0] if isinstance(account, list) and account else None
    entry = entry.get("account") if isinstance(entry, dict) else None
    value = entry.get("accountId") if isinstance(entry, dict) else None
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def tweet_date(file_name):
    """The ISO date a tweet's media file was posted, from the snowflake id in its name."""
    found = re.match(r"(\d{10,20})-", file_name)
    if not found or int(found.group(1)) < FIRST_SNOWFLAKE:
        return None
    return iso_date(((int(found.group(1)) >> 22) + SNOWFLAKE_EPOCH_MS) / 1000)


def _profile_photos(archive, base):
    prefix = base + "profile_media/"
    files = [n for n in archive.names if n.startswith(prefix) and is_image(n)]
    if not files:
        return []
    banner = ""
    if base + "profile.js" in archive.names:
        profile = load_json(archive, base + "profile.js", prefix=True)
        entry = profile[0] if isinstance(profile, list) and profile else None
        entry = entry.get("profile") if isinstance(entry, dict) else None
        header = entry.get("headerMediaUrl") if isinstance(entry, dict) else None
        banner = posixpath.basename(header).split("?")[0] if isinstance(header, str) else ""
    # The banner's file is "<account id>-<the last part of headerMediaUrl>.jpg".
    return [ExportPhoto(name, "cover_photo" if banner and banner in posixpath.basename(name) else "profile_photo")
            for name in files]
