"""`python -m bench.hard`: the pipeline on the hard real photos, against their reference boxes.

The photos and labels.json live outside the project (../shared/fixtures/hard/, or
EXPOSURE_HARD_FIXTURES): reference boxes from an attacker-grade detector (SCRFD,
CenterFace), labelled by eye. Prints recall of the reference faces of 64 px and
more, by case (profile, tilted, covered, cut, small), the grades by the
by-eye `swap_usable` label, what was graded `high` that is not a face, and the
detector's own CPU time per photo (decoding, shrinking and CenterFace, in this
process on one thread, as in a worker).
`--faces` prints one row per reference face (the calibration table).
"""
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from tests.helpers.faces import same_face

ROOT = Path(__file__).resolve().parent.parent
RECALL_FACE_PX = 64
CASES = {
    "profile": lambda face: "profile" in face["pose"],
    "three-quarter": lambda face: "three-quarter" in face["pose"],
    "tilted": lambda face: "tilted" in face["pose"],
    "looking down": lambda face: "looking down" in face["pose"],
    "covered": lambda face: bool({"mask", "sunglasses", "hand", "other"} & set(face["occlusion"])),
    "cut": lambda face: "cut by edge" in face["occlusion"],
    "small (64-80 px)": lambda face: face["width"] < 80,
}


def folder():
    """The hard photos' folder, or None when it is not beside the project."""
    candidates = [os.environ.get("EXPOSURE_HARD_FIXTURES")]
    candidates += [str(parent / "shared" / "fixtures" / "hard") for parent in ROOT.parents]
    for candidate in filter(None, candidates):
        if (Path(candidate) / "labels.json").is_file():
            return Path(candidate)
    return None


def ltrb(face):
    """A result face's box as [left, top, right, bottom]."""
    top, right, bottom, left = face["box"]
    return [left, top, right, bottom]


def matches(labels, result):
    """[(name, reference face, result face or None)], and the result faces no reference face matched."""
    pairs, extra = [], []
    for photo in result["photos"]:
        name = Path(photo["key"]).name
        used = set()
        for face in labels["photos"][name]["faces"]:
            hit = next((i for i, found in enumerate(photo["faces"])
                        if i not in used and same_face(face["box"], ltrb(found))), None)
            if hit is not None:
                used.add(hit)
            pairs.append((name, face, photo["faces"][hit] if hit is not None else None))
        extra += [(name, found) for i, found in enumerate(photo["faces"]) if i not in used]
    return pairs, extra


def run(path):
    """Analyse every labelled photo once; the labels and the result."""
    from backend import analysis
    labels = json.loads((path / "labels.json").read_text())
    result = analysis.analyze_paths([str(path / name) for name in labels["photos"]])
    analysis.shutdown()
    return labels, result


def recall_by_case(pairs):
    """{case: (found, total)} over the real reference faces of RECALL_FACE_PX and more."""
    table = defaultdict(lambda: [0, 0])
    for _, face, found in pairs:
        if face.get("not_a_face") or face["width"] < RECALL_FACE_PX:
            continue
        for case in ["all"] + [case for case, test in CASES.items() if test(face)]:
            table[case][0] += found is not None
            table[case][1] += 1
    return dict(table)


def summary(labels, result):
    """The printed figures."""
    pairs, extra = matches(labels, result)
    lines = [f"-- hard photos: {len(result['photos'])}, reference faces: {len(pairs)}"]
    for case, (hit, total) in recall_by_case(pairs).items():
        lines.append(f"recall >= {RECALL_FACE_PX} px, {case:17s} {hit:4d}/{total:<4d} {hit / total:6.1%}")
    grades = defaultdict(Counter)
    for _, face, found in pairs:
        key = "not a face" if face.get("not_a_face") else f"usable by eye: {face['swap_usable']}"
        grades[key][found["risk"] if found else "not found"] += 1
    for key in sorted(grades):
        lines.append(f"grades, {key:20s} " + ", ".join(f"{k} {v}" for k, v in sorted(grades[key].items())))
    high_extra = [found for _, found in extra if found["risk"] == "high"]
    lines.append(f"faces found beyond the reference boxes: {len(extra)} "
                 f"({Counter(found['risk'] for _, found in extra)}); high among them: {len(high_extra)}")
    return "\n".join(lines)


def face_rows(labels, result):
    """One row per reference face: its labels, the grade and the measured components."""
    pairs, _ = matches(labels, result)
    keys = ("face_px", "yaw", "pitch", "roll", "sharpness", "in_frame", "highlights",
            "eyes_open", "covered", "detector_score")
    for name, face, found in pairs:
        quality = found["quality"] if found else {}
        codes = [r["code"] for r in found["reasons"][1:]] if found else []
        yield (name[:28], round(face["width"]), "/".join(face["pose"]), "/".join(face["occlusion"]),
               face["sharpness"], face["swap_usable"] + ("!" if face.get("not_a_face") else ""),
               found["risk"] if found else "-", *(quality.get(k, "") for k in keys), ",".join(codes))


def main():
    """Print the hard-set figures (skipped when the photos are not beside the project)."""
    path = folder()
    if path is None:
        print("hard photos not found (set EXPOSURE_HARD_FIXTURES): skipped")
        return
    labels, result = run(path)
    if "--faces" in sys.argv:
        for row in face_rows(labels, result):
            print("\t".join(map(str, row)))
    print(summary(labels, result))
    print(detection_cpu(path, labels))


def detection_cpu(path, labels):
    """The detector's CPU ms per photo (decode, shrink, detect), median and mean over the photos."""
    from backend.analysis import faces
    from backend.analysis.decode import open_working_image
    faces.load_models()
    times = []
    for name in labels["photos"]:
        data = (path / name).read_bytes()
        start = time.process_time()
        image, _, _ = open_working_image(data, faces.MAX_DETECT_PIXELS)
        faces.detect(image)
        times.append(1000 * (time.process_time() - start))
    return (f"detection only (decode, shrink, CenterFace; one thread): median {statistics.median(times):.0f}, "
            f"mean {statistics.mean(times):.0f} CPU ms/photo over {len(times)} photos")


if __name__ == "__main__":
    main()
