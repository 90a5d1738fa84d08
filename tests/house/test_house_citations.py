"""The design the code cites is in the repository: no file cites a design document outside
it (the brief's DESIGN.md, PLATFORMS.md, KOREAN.md, or anything in the shared folder but its
photo sets), and every `docs/….md` a file cites exists, with the section it names."""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()
SKIPPED_FOLDERS = {".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", "data"}

# The brief's documents by name (the repository's own are docs/design.md and docs/platforms.md),
# and any path into the shared folder beside the checkout except its photo sets, which are
# people's photos and stay out of the repository (bench/ and THRESHOLDS.md name them).
OUTSIDE = re.compile(r"\b(?:DESIGN|PLATFORMS|KOREAN)\.md\b|(?:\.\./|/work/)shared\b(?!/fixtures/)")
DOC = re.compile(r"\bdocs/([\w.-]+\.md)\b(?:,?\s*(?:section\s+)?\"([^\"\n]+)\")?")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.M)


def repository_files():
    """The repository's text files (tracked, or new and not ignored), as paths from its root."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
        names = [name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every file but the skipped
        names = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
                 if p.is_file() and not SKIPPED_FOLDERS & set(p.relative_to(ROOT).parts)]
    for name in sorted(names):
        path = ROOT / name
        if name == THIS or not path.is_file():
            continue
        try:
            yield name, path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images, models, archives


def test_no_file_cites_a_design_document_outside_the_repository():
    found = [f"{name}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
             for name, text in repository_files() for match in OUTSIDE.finditer(text)]
    assert not found, "cite docs/design.md or docs/platforms.md instead:\n" + "\n".join(found)


def test_the_design_document_is_in_the_repository():
    headings = HEADING.findall((ROOT / "docs" / "design.md").read_text(encoding="utf-8"))
    for section in ("The data flow", "Boundaries", "The HTTP API (v1)", "Privacy of the tool itself"):
        assert section in headings


def test_every_cited_document_and_section_exists():
    missing = []
    for name, text in repository_files():
        for match in DOC.finditer(text):
            doc = ROOT / "docs" / match.group(1)
            if not doc.is_file():
                missing.append(f"{name}: docs/{match.group(1)}")
            elif match.group(2) and match.group(2) not in HEADING.findall(doc.read_text(encoding="utf-8")):
                missing.append(f'{name}: docs/{match.group(1)}, "{match.group(2)}"')
    assert not missing, "cited but not there:\n" + "\n".join(missing)


def test_the_pattern_tells_outside_from_inside():
    outside = ["see DESIGN.md", "(PLATFORMS.md)", "../shared/DESIGN.md", "/work/shared/KOREAN.md",
               "../shared/notes.txt", "`../shared`"]
    inside = ["docs/design.md", "docs/platforms.md", "../shared/fixtures/hard/", "a shared folder"]
    assert [bool(OUTSIDE.search(text)) for text in outside + inside] == [True] * len(outside) + [False] * len(inside)
