"""The privacy steps knowledge base: data files per platform, their loader and
the chooser that picks the steps for one audit.

    load_knowledge_base() -> {"files": [...], "tips": [...], "names": {...}}
    choose_tips(audit, lang="en") -> [{"id", "platform", "title", "steps",
                                       "url", "photos_affected", "kind"}, ...]
"""
import functools
import json
from pathlib import Path

from backend.tips.chooser import choose
from backend.tips.schema import validate_file

DATA_DIR = Path(__file__).parent / "data"


class KnowledgeBaseError(ValueError):
    """A knowledge-base data file does not match the schema."""


@functools.lru_cache(maxsize=1)
def load_knowledge_base():
    """Read and validate every data file; cached for the life of the process.

    Returns {"files": [file dicts], "tips": [tip dicts, each with "platform"
    and "kind" filled in], "names": {platform: {"en", "ko"}}}.
    """
    files, errors = [], []
    for path in sorted(DATA_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        errors += validate_file(data, path.name)
        files.append(data)
    tips = [_flatten(tip, data) for data in files for tip in data.get("tips", [])]
    errors += _duplicate_ids(tips)
    if errors:
        raise KnowledgeBaseError("; ".join(errors))
    names = {data["platform"]: data["name"] for data in files}
    for data in files:
        names.update(data.get("extra_names", {}))
    return {"files": files, "tips": tips, "names": names}


def choose_tips(audit, lang="en"):
    """The steps for one audit (docs/design.md shape), most photos taken out of view first.

    Platform steps come for the platforms audited; general steps, help
    resources and notes are appended. Each: {"id", "platform", "title",
    "steps": [str], "url", "photos_affected": int, "kind"}.
    """
    return choose(load_knowledge_base(), audit, "ko" if lang == "ko" else "en")


def platform_name(platform, lang="en"):
    """The display name of a platform id, in the language asked for."""
    names = load_knowledge_base()["names"]
    if platform in names:
        return names[platform]["ko" if lang == "ko" else "en"]
    return str(platform or "?").replace("_", " ").title()


def _flatten(tip, data):
    flat = dict(tip)
    flat.setdefault("platform", data["platform"])
    flat["kind"] = data["kind"]
    return flat


def _duplicate_ids(tips):
    seen, errors = set(), []
    for tip in tips:
        if tip.get("id") in seen:
            errors.append(f"duplicate tip id {tip['id']!r}")
        seen.add(tip.get("id"))
    return errors
