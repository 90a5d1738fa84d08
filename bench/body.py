"""The body check's benchmark: its extra cost on top of the face analysis, and its recall.

Photos: the hard real photos of ../shared/fixtures/hard/ (or EXPOSURE_HARD_FIXTURES),
labelled by eye in bench/body_labels.json; without them, the few copied into
tests/fixtures/body/.

Cost: every photo goes through worker.analyze_photo in this process (one core,
as in a worker), with the body check on and off, alternating, RUNS times;
medians per photo. The check runs only on photos with a usable (high or medium)
face, so its extra cost is quoted over those photos, and over all.

Recall, on the photos labelled full-body (a person with a visible face showing
shoulders to at least the hips):
- the check alone, from the reference face boxes in labels.json (every face an
  attacker's detector finds that the labels call usable), whatever today's face
  detector finds;
- end to end, of the full-body photos where the pipeline finds a usable face.
False positives likewise on the photos labelled not full-body.
"""
import json
import os
import statistics
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
# The project's checkouts sit beside shared/ (main) or one level further down (worktrees).
HARD = Path(os.environ.get("EXPOSURE_HARD_FIXTURES") or next(
    (folder for folder in (ROOT.parent / "shared" / "fixtures" / "hard",
                           ROOT.parent.parent / "shared" / "fixtures" / "hard") if folder.is_dir()),
    ROOT.parent / "shared" / "fixtures" / "hard"))
LABELS = json.loads((Path(__file__).parent / "body_labels.json").read_text())
FALLBACK = ROOT / "tests" / "fixtures" / "body"
RUNS = 3


def photo_set():
    """{name: path} of the labelled photos that are here."""
    folder = HARD if HARD.is_dir() else FALLBACK
    names = LABELS["full_body"] + LABELS["not_full_body"]
    return {name: folder / name for name in names if (folder / name).is_file()}, folder


def timed(function, *args):
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - start, time.process_time() - cpu


def cost(photos):
    """{name: (result, face-only seconds, with-body seconds)}, medians of RUNS alternating runs."""
    from backend.analysis import body, worker
    worker.start()
    real = body.available
    measured = {}
    for name, path in photos.items():
        data = path.read_bytes()
        off, on, result = [], [], None
        for _ in range(RUNS):
            body.available = lambda: False
            try:
                off.append(timed(worker.analyze_photo, data, "none")[2])
            finally:
                body.available = real
            result, _, seconds = timed(worker.analyze_photo, data, "none")
            on.append(seconds)
        measured[name] = (result, statistics.median(off), statistics.median(on))
    return measured


def check_alone(photos, folder):
    """{name: True when some usable reference face's body is in frame} (labels.json's boxes)."""
    from backend.analysis import body
    reference = json.loads((folder / "labels.json").read_text())["photos"] if (folder / "labels.json").is_file() else {}
    found = {}
    for name, path in photos.items():
        if name not in reference:
            continue
        rgb = np.array(Image.open(path).convert("RGB"))
        faces = [f["box"] for f in reference[name]["faces"]
                 if f.get("swap_usable") in ("yes", "weak") and not f.get("not_a_face")]
        found[name] = any(body.body_in_frame(rgb, box)["visible"] for box in faces)
    return found


def count(hits, names, label):
    """"k/n (p%)" of the names whose hit is True, naming the ones that are `label`."""
    names = [name for name in names if name in hits]
    found = [name for name in names if hits[name]]
    named = sorted(set(names) - set(found)) if label == "missed" else found
    text = f"{len(found)}/{len(names)}" + (f" ({len(found) / len(names):.0%})" if names else "")
    return text + (f" ({label}: {', '.join(named)})" if named else "")


def main():
    photos, folder = photo_set()
    print(f"{len(photos)} labelled photos from {folder} ({len(LABELS['unsure'])} unsure ones left out)")
    measured = cost(photos)
    usable = [name for name, (result, _, _) in measured.items()
              if any(face["risk"] in ("high", "medium") for face in result["faces"])]
    for title, names in (("photos with a usable face (the check runs)", usable),
                         ("all photos", list(measured))):
        face = [measured[name][1] for name in names]
        both = [measured[name][2] for name in names]
        if not names:
            continue
        extra = sum(both) - sum(face)
        print(f"-- {len(names)} {title}: face analysis {1000 * statistics.median(face):.0f} CPU ms/photo "
              f"(median), with the body check {1000 * statistics.median(both):.0f}; "
              f"extra {1000 * extra / len(names):.0f} CPU ms/photo = {extra / sum(face):.1%} "
              f"of the face analysis (target <= 20%)")
    full, other = LABELS["full_body"], LABELS["not_full_body"]
    alone = check_alone(photos, folder)
    if alone:
        print(f"check alone, on the reference face boxes: recall {count(alone, full, 'missed')}; "
              f"false positives {count(alone, other, 'on')}")
    ends = {name: bool(result["body_visible"]) for name, (result, _, _) in measured.items() if name in usable}
    print(f"end to end (photos where today's detector finds a usable face): recall {count(ends, full, 'missed')}; "
          f"false positives {count(ends, other, 'on')}")
    missed = [name for name in full if name in measured and name not in usable]
    if missed:
        print(f"full-body photos without a usable face found (the check does not run): {', '.join(missed)}")


if __name__ == "__main__":
    main()
