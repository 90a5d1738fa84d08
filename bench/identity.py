"""`python -m bench.identity`: who is who, measured on East Asian and on Western faces.

The East Asian set lives outside the project (../shared/fixtures/identity/, or
EXPOSURE_IDENTITY_FIXTURES: 198 photos of 20 adults, 8-14 each); the Western one is
the hard set's faces labelled with a person (../shared/fixtures/hard/) and the
project's own fixture photos. Each face is encoded by the pipeline's own functions
(detect, dlib's 68 points, align, recognition.encode), in memory only.

The people are split in two, alternately by gender: the limit is calibrated on one
half (1 false match in 1,000 pairs of different people of the same gender) and every
figure is reported on the other half, on people it was not tuned on. Then every pair
of those people ("student A plus friend B") goes through the real
`python -m backend analyze --json`: the pairs whose photos share a group, and the
photos that fall outside their own person's group.
`--all-pairs` runs the pair mixes on all the people (about 11 minutes).
"""
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from tests.helpers.faces import same_face

ROOT = Path(__file__).resolve().parent.parent
# From the set's README (the people's table): the men; the other eleven are women.
MEN = {"gang-dongwon", "gong-yoo", "hyun-bin", "kim-jongkook", "kwon-ohjoong", "ma-dongseok",
       "park-myungsoo", "park-sungwoong", "won-bin"}
WESTERN_FIXTURES = [("faces/obama.jpg", "obama"), ("faces/obama2.jpg", "obama"), ("faces/obama3.jpg", "obama"),
                    ("faces/obama_partial_face.jpg", "obama"), ("faces/biden.jpg", "biden"),
                    ("faces/astronaut.png", "astronaut")]


def folder(name, variable):
    """A shared fixture folder with its labels.json, or None when it is not beside the project."""
    candidates = [os.environ.get(variable)] + [str(parent / "shared" / "fixtures" / name) for parent in ROOT.parents]
    for candidate in filter(None, candidates):
        if (Path(candidate) / "labels.json").is_file():
            return Path(candidate)
    return None


def encode_face(data, box=None):
    """(encoding, CPU ms) of the face in a photo: the one the labels' own rule matches to `box` ([l, t, r, b]), else the largest;
    (None, ms) when no face is found there or dlib's points do not fit it (the pipeline leaves it ungrouped)."""
    from backend.analysis import faces
    from backend.analysis.decode import open_working_image
    image, scale, _ = open_working_image(data, faces.MAX_DETECT_PIXELS)
    found = faces.detect(image)
    rgb = np.array(image)
    if box is not None:
        found = [face for face in found if same_face([v / scale for v in box], face[0])]
    if not found:
        return None, 0.0
    _, _, points = max(found, key=lambda face: face[0][2] - face[0][0])
    shape, dense, aligned = faces.landmarks(rgb, points)
    if shape is None:
        return None, 0.0
    chip = faces.chip(aligned, dense)
    start = time.process_time()
    encoding = faces.encode([chip])[0]
    return encoding, 1000 * (time.process_time() - start)


def east_asian(path):
    """[(photo path, person, encoding)] of the East Asian set, and the encoder's CPU ms per face."""
    labels = json.loads((path / "labels.json").read_text())
    rows, costs = [], []
    for key, person in sorted(labels.items()):
        encoding, ms = encode_face((path / key).read_bytes())
        rows.append((path / key, person, encoding))
        costs.append(ms)
    return rows, [ms for ms in costs if ms]


def western(hard):
    """[(person, encoding)] of the Western faces: the hard set's labelled people and the fixture photos."""
    rows = []
    if hard is not None:
        for name, photo in json.loads((hard / "labels.json").read_text())["photos"].items():
            for face in photo["faces"]:
                if face.get("person"):
                    rows.append((face["person"], encode_face((hard / name).read_bytes(), face["box"])[0]))
    for name, person in WESTERN_FIXTURES:
        rows.append((person, encode_face((ROOT / "tests" / "fixtures" / name).read_bytes())[0]))
    return [(person, encoding) for person, encoding in rows if encoding is not None]


def pairs(people, encodings):
    """(distance, same person, same gender) of every pair of faces."""
    matrix = np.asarray(encodings)
    distance = 1.0 - matrix @ matrix.T
    a, b = np.triu_indices(len(people), 1)
    people = np.asarray(people)
    men = np.array([person in MEN for person in people])
    return distance[a, b], people[a] == people[b], men[a] == men[b]


def found_at(distance, same, false_rate):
    """(share of same-person pairs under the limit, the limit) where false_rate of the other pairs fall under it."""
    limit = float(np.quantile(distance[~same], false_rate))
    return float(np.mean(distance[same] < limit)), limit


def split(people):
    """The people the limit is tuned on and those it is measured on: alternately, within each gender."""
    men, women = sorted(p for p in people if p in MEN), sorted(p for p in people if p not in MEN)
    tuned = set(men[0::2] + women[0::2])
    return tuned, set(people) - tuned


def rates(distance, same, same_gender, limit):
    different = ~same
    return {"missed": float(np.mean(distance[same] >= limit)),
            "false": float(np.mean(distance[different] < limit)),
            "false_same_gender": float(np.mean(distance[different & same_gender] < limit)),
            "false_across": float(np.mean(distance[different & ~same_gender] < limit)),
            "different_pairs": int(different.sum()), "same_gender_pairs": int((different & same_gender).sum())}


def grouping(people, encodings):
    """All the faces grouped at once, as the pipeline groups an audit's: groups, mixed groups, faces outside."""
    from backend.analysis import identity
    labels = identity.cluster(list(encodings))
    groups = {}
    for person, label in zip(people, labels):
        groups.setdefault(person, []).append(label)
    mixed = sum(1 for label in set(labels) if len({p for p, x in zip(people, labels) if x == label}) > 1)
    outside = sum(sum(1 for x in found if x != Counter(found).most_common(1)[0][0]) for found in groups.values())
    return (f"  grouped together: {len(groups)} people in {len(set(labels))} groups, {mixed} groups mixing people, "
            f"{outside}/{len(labels)} faces outside their own person's group")


def mixes(rows, people):
    """Every pair of people through the real `analyze --json`: (pairs merged, pairs, photos outside
    their person's group, photos grouped, photos with a usable face left ungrouped)."""
    merged, outside, grouped, ungrouped, count = 0, 0, 0, 0, 0
    for a, b in itertools.combinations(sorted(people), 2):
        chosen = [(path, person) for path, person, _ in rows if person in (a, b)]
        result = subprocess.run([sys.executable, "-m", "backend", "analyze", "--json",
                                 *[str(path) for path, _ in chosen]],
                                cwd=ROOT, capture_output=True, text=True, check=True)
        photos = {photo["path"]: photo for photo in json.loads(result.stdout)["photos"]}
        groups = {}
        for path, person in chosen:
            found = photos[str(path)]["faces"]
            face = max(found, key=lambda f: f["quality"]["face_px"]) if found else None
            if face is None or face.get("identity") is None:
                ungrouped += 1
                continue
            groups.setdefault(person, []).append(face["identity"])
        count += 1
        mains = {person: Counter(ids).most_common(1)[0][0] for person, ids in groups.items()}
        if a in groups and b in groups and set(groups[a]) & set(groups[b]):
            merged += 1
        for person, ids in groups.items():
            outside += sum(1 for x in ids if x != mains[person])
            grouped += len(ids)
    return merged, count, outside, grouped, ungrouped


def main():
    """Print the identity figures."""
    from backend.analysis import identity
    path = folder("identity", "EXPOSURE_IDENTITY_FIXTURES")
    limit = identity.TOLERANCE
    west = western(folder("hard", "EXPOSURE_HARD_FIXTURES"))
    people, encodings = zip(*west)
    distance, same, _ = pairs(people, encodings)
    print(f"Western faces ({len(west)} faces of {len(set(people))} people): same-person pairs under the limit "
          f"{limit:.2f}: {int(np.sum(distance[same] < limit))}/{int(same.sum())} (largest distance "
          f"{distance[same].max():.2f}); different-person pairs under it: {int(np.sum(distance[~same] < limit))}/"
          f"{int((~same).sum())} (smallest distance {distance[~same].min():.2f})")
    print(grouping(people, encodings))
    if path is None:
        print("East Asian identity photos not found (set EXPOSURE_IDENTITY_FIXTURES): skipped")
        return
    rows, costs = east_asian(path)
    print(f"encoder: median {statistics.median(costs):.1f} CPU ms a face, "
          f"{len(costs)} faces")
    kept = [(p, person, e) for p, person, e in rows if e is not None]
    print(f"East Asian set: {len(rows)} photos of {len({r[1] for r in rows})} people, "
          f"{len(kept)} faces encoded")
    tuned, measured = split({person for _, person, _ in kept})
    for name, group in (("tuned on", tuned), ("measured on", measured)):
        chosen = [(person, e) for _, person, e in kept if person in group]
        distance, same, same_gender = pairs(*zip(*chosen))
        found = {rate: found_at(distance, same, rate) for rate in (1e-2, 1e-3)}
        found_gender = found_at(distance[same | same_gender], same[same | same_gender], 1e-3)
        print(f"  {name} {len(group)} people: same-person pairs found at 1 false match in 100: "
              f"{found[1e-2][0]:.1%}, in 1,000: {found[1e-3][0]:.1%} (limit {found[1e-3][1]:.3f}); "
              f"in 1,000 of the same gender: {found_gender[0]:.1%} (limit {found_gender[1]:.3f})")
        measured_rates = rates(distance, same, same_gender, limit)
        print(f"    at the limit {limit:.2f}: missed {measured_rates['missed']:.1%} of same-person pairs; "
              f"false matches {measured_rates['false']:.2%} of {measured_rates['different_pairs']} pairs, "
              f"same gender {measured_rates['false_same_gender']:.2%} of {measured_rates['same_gender_pairs']}, "
              f"across genders {measured_rates['false_across']:.2%}")
    mixed = {person for _, person, _ in kept} if "--all-pairs" in sys.argv else measured
    merged, count, outside, grouped, ungrouped = mixes(rows, mixed)
    print(f"  'student A plus friend B', every pair of the {len(mixed)} people through analyze --json: "
          f"{merged}/{count} pairs share a group; {outside}/{grouped} photos ({outside / max(grouped, 1):.1%}) "
          f"outside their own person's group; {ungrouped} photos with no group (no usable, matchable face)")


if __name__ == "__main__":
    main()
