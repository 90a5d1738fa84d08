"""An audit before it runs: the profiles it checks, read and refused by one set of rules, and the
one way an audit is queued (queue_audit), whichever door it comes in by: the API's audits, a
data export, the extension's own-profile photos, the terminal.

No Flask here: a refusal is Refused (a ValueError with a status, a code, a message and the field
it is about), which the API answers in its one JSON error shape (backend/errors.py) and the
terminal prints.
"""
import secrets
from pathlib import Path

from crawler import BlockedURL, check_url
from crawler.platforms import identify_link

from . import around, store

CONSENTS = ("self", "guardian")
RELATIONS = ("friend", "school")
MAX_URL_LENGTH = 2048
# A profile that came with the audit rather than from a crawl: "export:<platform>" (the user's data
# export) and "own:<url>" (their own profile as they see it logged in, its photos from the extension).
EXPORT_SCHEME = "export:"
OWN_SCHEME = "own:"
# What anyone can see, whatever the account's privacy: the platforms keep profile and
# cover photos public (docs/platforms.md, "What stays public"). Everything else in an export is seen by followers.
ALWAYS_PUBLIC_KINDS = ("profile_photo", "cover_photo")
# Room an audit's result needs in the store (progress, grades, ~10 KB thumbnails); with a small
# quota (EXPOSURE_MAX_DB_MB) a quarter of it.
STORE_HEADROOM_BYTES = 2 * 1024 * 1024


class Refused(ValueError):
    """What was sent cannot start an audit: an HTTP status, a code, a message and its field."""

    def __init__(self, status, code, message, field=None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def queue_audit(db, runner, settings, owner, consent, profiles, *, audit_id=None, images=None, check=None):
    """Check the consent and the room left, add the audit (its rate limits counted in the same
    write), hand it to `runner`: the audit as written, with its "queue_position".

    settings: the server's configuration (rate limits, quota), or None for the terminal's own
    user. images: photos that came with the audit, held by the runner until it runs (Refused
    "busy" when they do not fit). check(db): a further limit, in the insert's transaction.
    """
    check_consent(consent)
    if settings is not None:
        refuse_if_store_full(db, settings)
    audit_id = audit_id or secrets.token_urlsafe(9)
    if images is not None and not runner.hand(audit_id, images):
        raise Refused(503, "busy", "The server is holding many photos sent from profiles already: "
                      "try again in a few minutes.", "photo")

    def within_limits(locked_db):
        if settings is not None:
            check_rate_limits(locked_db, owner, profiles, settings)
        if check is not None:
            check(locked_db)

    try:
        audit = store.add_audit(db, audit_id, owner, consent, secrets.token_urlsafe(24), profiles,
                                check=within_limits)
    except BaseException:
        runner.drop(audit_id)  # what was handed for it goes back
        raise
    runner.submit(audit_id)
    return audit | {"queue_position": store.queue_position(db, audit)}


def check_consent(consent):
    if consent not in CONSENTS:
        raise Refused(422, "invalid_consent", 'Say whose accounts these are: "self" (my own) or "guardian" '
                      "(a parent or guardian with their child).", "consent")


def check_rate_limits(db, owner, profiles, settings):
    """At most AUDITS_PER_HOUR audits an hour and PROFILES_PER_DAY different profile links a day
    for one token (an export or an own profile is no link of anyone's)."""
    if store.count_recent_audits(db, owner) >= settings["AUDITS_PER_HOUR"]:
        raise Refused(429, "rate_limited", f"At most {settings['AUDITS_PER_HOUR']} audits an hour: "
                      "try again later.")
    links = {p["url"] for p in profiles if not p["url"].startswith((EXPORT_SCHEME, OWN_SCHEME))}
    if len(store.recent_profile_urls(db, owner) | links) > settings["PROFILES_PER_DAY"]:
        raise Refused(429, "rate_limited", f"At most {settings['PROFILES_PER_DAY']} different profiles a day: "
                      "this tool is for your own accounts.", "profiles")


def store_headroom(settings):
    """The room kept free for audits' results: 2 MB, or a quarter of a smaller quota."""
    quota_mb = settings.get("MAX_DB_MB") or 0
    return min(STORE_HEADROOM_BYTES, int(quota_mb * 1024 * 1024) // 4) if quota_mb else STORE_HEADROOM_BYTES


def refuse_if_store_full(db, settings):
    if store.room_left(db, Path(settings["DATABASE"]).parent) < store_headroom(settings):
        raise Refused(503, "storage_unavailable", "The server's storage is full, so it cannot keep a new audit. "
                      "Delete audits you no longer need, or ask whoever runs the server to free space.")


def validate_profiles(profiles, limit, field="profiles"):
    """Canonical {"url", "platform"} for each profile link, or Refused (422) naming the bad one."""
    name = field
    if not isinstance(profiles, list) or not profiles:
        raise Refused(422, "invalid_profiles", f"Send a list of your profile links in \"{name}\".", name)
    if len(profiles) > limit:
        raise Refused(422, "too_many_profiles", f"At most {limit} profiles in one audit.", name)
    seen, result = set(), []
    for i, url in enumerate(profiles):
        field = f"{name}[{i}]"
        if not isinstance(url, str) or not url.strip():
            raise Refused(422, "invalid_url", "Each profile must be a link (text).", field)
        if len(url) > MAX_URL_LENGTH:
            raise Refused(422, "invalid_url", f"That link is longer than {MAX_URL_LENGTH} characters.", field)
        try:
            profile = identify_link(url)
            check_url(profile["url"])
        except BlockedURL as error:
            if error.unresolved:  # a typo or a site down now: the crawl will say so for this profile
                profile = identify_link(url)
            else:
                raise Refused(422, "blocked_url", f"That link cannot be audited: {error.reason}.",
                              field) from None
        except ValueError as error:
            raise Refused(422, "invalid_url", f"That is not a profile link: {error}.", field) from None
        if profile["url"] not in seen:
            seen.add(profile["url"])
            result.append(profile)
    return result


def validate_others(others, own):
    """The accounts around the reader ("others": links, or {"url", "relation": "friend" | "school"}),
    each {"url", "platform", "role": "others", "relation"}; crawled like the reader's own (backend.around)."""
    if others is None:
        return []
    if not isinstance(others, list):
        raise Refused(422, "invalid_profiles", "Send the accounts around you as a list of links in \"others\".",
                      "others")
    relations = []
    for i, item in enumerate(others):
        relation = item.get("relation", "friend") if isinstance(item, dict) else "friend"
        if relation not in RELATIONS:
            raise Refused(422, "invalid_relation", 'Say whose account it is: "friend" or "school" '
                          "(a school's or club's).", f"others[{i}].relation")
        relations.append(relation)
    urls = [item.get("url") if isinstance(item, dict) else item for item in others]
    if not urls:
        return []
    result = validate_profiles(urls, around.MAX_OTHERS, field="others")
    mine = {p["url"] for p in own}
    for i, profile in enumerate(result):
        if profile["url"] in mine:
            raise Refused(422, "invalid_url", "That is one of your own profiles.", f"others[{i}]")
    by_url = dict(zip((_canonical(url) for url in urls), relations))
    return [p | {"role": around.OTHERS, "relation": by_url.get(p["url"], "friend")} for p in result]


def _canonical(url):
    try:
        return identify_link(url)["url"]
    except (ValueError, AttributeError):
        return None


def single_reader(audit, identity):
    """The choice of one group, of "none" (no group is the reader) or None (forget the choice)."""
    if identity is None:
        return None
    return validate_reader(audit, [] if identity == "none" else [identity], [], field="identity")


def validate_reader(audit, identities, not_me, field=None):
    """{"identities", "not_me"}: lists of the audit's own group ids and photo ids, each once; else Refused."""
    result = audit["result"] or {}
    groups = {str(i.get("id")) for i in result.get("identities", [])}
    photos = {str(p.get("id")) for p in result.get("photos", [])}
    if not _ids_of(identities, groups):
        raise Refused(422, "invalid_identity", "Choose among the people found in this check (a list of their ids), "
                      "or \"none\".", field or "identities")
    if not _ids_of(not_me, photos):
        raise Refused(422, "invalid_photo", "Name photos of this check (a list of their ids).", field or "not_me")
    return {"identities": list(dict.fromkeys(identities)), "not_me": list(dict.fromkeys(not_me))}


def _ids_of(value, known):
    return isinstance(value, list) and all(isinstance(v, str) and v in known for v in value)
