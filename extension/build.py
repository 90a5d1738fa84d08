"""Write the Chrome/Edge and the Firefox builds of the extension from one source.

Both browsers accept almost the same Manifest V3; they differ in the background
key (Chrome: a service worker; Firefox: an event page with `scripts`) and in
Firefox's need for an add-on id. So `manifest.base.json` holds everything they
share, this script adds the part each needs, and copies `src/` beside it:

    python extension/build.py            # writes extension/dist/chrome and extension/dist/firefox
    python extension/build.py --out DIR  # writes DIR/chrome and DIR/firefox
"""
import argparse
import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "src"
BASE_MANIFEST = HERE / "manifest.base.json"
BACKGROUND = "background.js"
GECKO_ID = "exposure-check@exposure-check.invalid"
TARGETS = ("chrome", "firefox")


def manifest_for(target):
    """Return the manifest (a dict) for `target`, "chrome" or "firefox"."""
    manifest = json.loads(BASE_MANIFEST.read_text(encoding="utf-8"))
    if target == "chrome":
        manifest["background"] = {"service_worker": BACKGROUND, "type": "module"}
        manifest["minimum_chrome_version"] = "116"
    elif target == "firefox":
        manifest["background"] = {"scripts": [BACKGROUND], "type": "module"}
        manifest["browser_specific_settings"] = {
            "gecko": {
                "id": GECKO_ID,
                "strict_min_version": "128.0",
                # Firefox asks add-ons to declare what they send away; this one sends
                # profile links and photos only to the user's own backend.
                "data_collection_permissions": {"required": ["none"]},
            }
        }
    else:
        raise ValueError(f"unknown target {target!r}; expected one of {TARGETS}")
    return manifest


def build(target, out_dir=HERE / "dist"):
    """Write the unpacked extension for `target` into out_dir/target and return that path."""
    dest = Path(out_dir) / target
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(SOURCE, dest)
    text = json.dumps(manifest_for(target), indent=2, ensure_ascii=False) + "\n"
    (dest / "manifest.json").write_text(text, encoding="utf-8")
    return dest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE / "dist", type=Path, help="output folder")
    parser.add_argument("targets", nargs="*", help="chrome, firefox (default: both)")
    args = parser.parse_args()
    for target in args.targets or TARGETS:
        print(build(target, args.out))


if __name__ == "__main__":
    main()
