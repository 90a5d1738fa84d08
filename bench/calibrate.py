"""`python -m bench.calibrate`: the measured components and grades behind THRESHOLDS.md.

Runs the pipeline over the fixture portraits and degraded copies of each (made
in code, see tests/helpers/degrade.py) and prints one row per copy: faces found, grade,
and the components the grade is made from. The hard real photos have their own
table: `python -m bench.hard --faces`.
"""
from pathlib import Path

import numpy as np
from PIL import Image

from tests.helpers import degrade

FACES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "faces"
PORTRAITS = ["obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg", "astronaut.png"]
COLUMNS = ("face_px", "inter_eye_px", "sharpness", "yaw", "pitch", "in_frame", "pixel_block", "highlights",
           "clipped", "eyes_open", "covered", "detector_score")


def variants(image, box):
    """(label, bytes) for the original and each degraded copy."""
    copies = [("original", degrade.encode(image, quality=92))]
    copies += [(f"blur 1/{part} face", degrade.encode(degrade.blurred(image, box, part)))
               for part in (60, 40, 25, 15, 10)]
    copies += [(f"shrink eyes {px}px", degrade.encode(degrade.shrunk(image, box, px)))
               for px in (48, 40, 34, 28, 20)]
    copies += [(f"pixelate {n} blocks", degrade.encode(degrade.pixelated(image, box, n)))
               for n in (64, 40, 24, 16)]
    copies += [(f"crop keep {keep:.0%}", degrade.encode(degrade.cropped(image, box, keep)))
               for keep in (0.9, 0.75, 0.6, 0.4)]
    copies += [(f"dark x{f}", degrade.encode(degrade.darkened(image, f))) for f in (0.4, 0.2)]
    copies += [("overexposed +120", degrade.encode(image.point(lambda value: min(255, value + 120))))]
    copies += [("jpeg q10", degrade.encode(image, quality=10)),
               ("webp q50", degrade.encode(image, "WEBP", quality=50)),
               ("exif sideways", degrade.sideways(image))]
    return copies


def main():
    """Print the calibration table (markdown)."""
    import face_recognition

    from backend import analysis
    rows = []
    for name in PORTRAITS:
        image = Image.open(FACES / name).convert("RGB")
        box = face_recognition.face_locations(np.asarray(image), 0)[0]
        rows += [(name, label, data) for label, data in variants(image, box)]
    result = analysis.analyze_images([(f"{n}|{label}", data) for n, label, data in rows])
    analysis.shutdown()
    print("| photo | copy | faces | grade | " + " | ".join(COLUMNS) + " |")
    print("|" + " --- |" * (4 + len(COLUMNS)))
    for (name, label, _), photo in zip(rows, result["photos"]):
        quality = photo["faces"][0]["quality"] if photo["faces"] else {}
        cells = [str(quality.get(column, "")) for column in COLUMNS]
        print(f"| {name} | {label} | {len(photo['faces'])} | {photo['risk']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
