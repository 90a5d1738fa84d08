"""The shape of the knowledge-base files, checked by hand (no jsonschema needed).

One file per platform (or per group: general steps, help, notes):
    {"platform": str, "kind": "platform|general|help|note",
     "name": {"en", "ko"}, optional "extra_names": {platform: {"en", "ko"}},
     "tips": [{"id", "title": {"en", "ko"}, "steps": {"en": [...], "ko": [...]},
               "answers": [finding, ...], "url": "https://..." or {"en", "ko"} when the help
               page has one address per language (required for platform steps), optional
               "platform", "also_for", "when", "phone"}]}
"""
import re

LANGUAGES = ("en", "ko")
KINDS = ("platform", "general", "help", "note")
# What a step can answer: which kind of public photo it takes out of view, or a
# finding about photos anywhere: the identity kit, a face with its body in frame
# ("undress" apps), a file that still carries its GPS position, a risky photo only
# the account's followers see (a data export, the logged-in profile: making the
# account private does not help with those). The chooser counts photos per finding.
FINDINGS = ("post_photo", "profile_photo", "cover_photo", "tagged_photo",
            "video_thumbnail", "identity_kit", "body_visible", "location", "followers_only")
CONDITIONS = ("identity_kit", "body_visible", "followers_only")
TIP_KEYS = {"id", "title", "steps", "answers", "url", "platform", "also_for", "when", "phone"}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def validate_file(data, source="?"):
    """Return a list of problems (empty when the file is valid)."""
    if not isinstance(data, dict):
        return [f"{source}: not an object"]
    errors = []
    if not _is_id(data.get("platform")):
        errors.append(f"{source}: platform must be a lower-case id")
    if data.get("kind") not in KINDS:
        errors.append(f"{source}: kind must be one of {KINDS}")
    errors += _check_text(data.get("name"), f"{source}: name")
    extra = data.get("extra_names", {})
    if not isinstance(extra, dict) or not all(_is_id(k) for k in extra):
        errors.append(f"{source}: extra_names must map platform ids to names")
    for platform, name in extra.items() if isinstance(extra, dict) else ():
        errors += _check_text(name, f"{source}: extra_names.{platform}")
    tips = data.get("tips")
    if not isinstance(tips, list) or not tips:
        return errors + [f"{source}: tips must be a non-empty list"]
    for index, tip in enumerate(tips):
        errors += validate_tip(tip, data.get("kind"), f"{source}: tips[{index}]")
    return errors


def validate_tip(tip, kind, where):
    """Return the problems of one step entry."""
    if not isinstance(tip, dict):
        return [f"{where}: not an object"]
    errors = [f"{where}: unknown key {key!r}" for key in sorted(set(tip) - TIP_KEYS)]
    if not _is_id(tip.get("id")):
        errors.append(f"{where}: id must be a lower-case id")
    errors += _check_text(tip.get("title"), f"{where}: title")
    errors += _check_steps(tip.get("steps"), f"{where}: steps")
    answers = tip.get("answers")
    if not isinstance(answers, list) or any(a not in FINDINGS for a in answers):
        errors.append(f"{where}: answers must be a list of {FINDINGS}")
    errors += _check_url(tip.get("url"), kind == "platform", f"{where}: url")
    for key in ("platform",):
        if key in tip and not _is_id(tip[key]):
            errors.append(f"{where}: {key} must be a lower-case id")
    also_for = tip.get("also_for", [])
    if not isinstance(also_for, list) or not all(_is_id(p) for p in also_for):
        errors.append(f"{where}: also_for must be a list of platform ids")
    if "when" in tip and tip["when"] not in CONDITIONS:
        errors.append(f"{where}: when must be one of {CONDITIONS}")
    if "phone" in tip and not re.fullmatch(r"[0-9][0-9-]{2,15}", str(tip["phone"])):
        errors.append(f"{where}: phone must be digits and dashes")
    return errors


def _check_text(value, where):
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        return [f"{where}: needs exactly the languages {LANGUAGES}"]
    return [f"{where}.{lang}: must be non-empty text" for lang in LANGUAGES
            if not isinstance(value[lang], str) or not value[lang].strip()]


def _check_steps(value, where):
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        return [f"{where}: needs exactly the languages {LANGUAGES}"]
    errors = []
    for lang in LANGUAGES:
        steps = value[lang]
        if not isinstance(steps, list) or not steps or not all(
                isinstance(s, str) and s.strip() for s in steps):
            errors.append(f"{where}.{lang}: must be a non-empty list of text")
    if not errors and len(value["en"]) != len(value["ko"]):
        errors.append(f"{where}: en and ko must have the same number of steps")
    return errors


def _check_url(value, required, where):
    if value is None:
        return [f"{where}: required"] if required else []
    if isinstance(value, dict):  # one address per language: a Korean reader gets the Korean help page
        if set(value) != set(LANGUAGES):
            return [f"{where}: must have exactly {', '.join(LANGUAGES)}"]
        return [error for lang in LANGUAGES for error in _check_url(value[lang], True, f"{where}.{lang}")]
    if not isinstance(value, str) or not re.fullmatch(r"https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?", value):
        return [f"{where}: must be an https:// link"]
    return []


def _is_id(value):
    return isinstance(value, str) and bool(ID_PATTERN.match(value))
