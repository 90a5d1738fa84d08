"""Grouping faces into identities from their 512-d unit encodings (in memory only).

The distance of two faces is the cosine distance of their encodings (1 - a.b:
0 the same, 1 unrelated). Average-linkage clustering: two groups join while the
mean distance between their faces is under TOLERANCE. Faces in the same photo are not kept apart by
force: collages and mirror selfies show one person twice, and a hard rule would
split that person's photos in two. Deterministic, so ids are stable within a run.
"""
import numpy as np

TOLERANCE = 0.47   # 1 false match in 1,000 pairs of different people of one gender, measured (THRESHOLDS.md)
KIT_SIZE = 3       # high photos of one person that make an "identity kit"


def cluster(encodings):
    """Group labels (0..k-1) for each encoding, numbered by each group's first face."""
    count = len(encodings)
    if count == 0:
        return []
    matrix = np.asarray(encodings, dtype=np.float64)
    distance = 1.0 - matrix @ matrix.T
    np.fill_diagonal(distance, np.inf)
    members = {i: [i] for i in range(count)}
    while len(members) > 1:
        flat = int(np.argmin(distance))
        a, b = divmod(flat, count)
        if not distance[a, b] < TOLERANCE:
            break
        size_a, size_b = len(members[a]), len(members[b])
        # Lance-Williams update for average linkage.
        merged = (size_a * distance[a] + size_b * distance[b]) / (size_a + size_b)
        distance[a, :], distance[:, a] = merged, merged
        distance[a, a] = np.inf
        distance[b, :], distance[:, b] = np.inf, np.inf
        members[a] += members.pop(b)
    labels = [0] * count
    for label, group in enumerate(sorted(members.values())):
        for index in group:
            labels[index] = label
    return labels


def closest_group(encodings, labels, probe):
    """The label whose faces are on average nearest the probe, if within TOLERANCE; else None."""
    if probe is None or not len(encodings):
        return None
    distances = 1.0 - np.asarray(encodings, dtype=np.float64) @ np.asarray(probe, dtype=np.float64)
    best, best_distance = None, TOLERANCE
    for label in sorted(set(labels)):
        mean = float(distances[[i for i, x in enumerate(labels) if x == label]].mean())
        if mean < best_distance:
            best, best_distance = label, mean
    return best
