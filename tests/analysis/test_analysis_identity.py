"""Identity groups: unit tests of the clustering, and the real grouping of the fixture people."""
import numpy as np
import pytest

from backend import analysis
from backend.analysis import identity


def vector(seed, noise=0.0, base=None):
    """A 512-d unit encoding-like vector; with base, base plus a little noise."""
    rng = np.random.default_rng(seed)
    found = rng.normal(0, 1, 512) if base is None else base + rng.normal(0, noise, 512)
    return found / np.linalg.norm(found)


def test_cluster_joins_near_and_keeps_far_apart():
    a, b = vector(1), vector(2)
    assert 1 - a @ b > 0.9
    encodings = [a, vector(3, 0.01, a), b, vector(4, 0.01, a), vector(5, 0.01, b)]
    assert identity.cluster(encodings) == [0, 0, 1, 0, 1]


def test_cluster_of_nothing_is_empty():
    assert identity.cluster([]) == []


def test_closest_group_needs_to_be_within_tolerance():
    a, b = vector(1), vector(2)
    encodings, labels = [a, b], [0, 1]
    assert identity.closest_group(encodings, labels, vector(9, 0.01, b)) == 1
    assert identity.closest_group(encodings, labels, vector(10)) is None
    assert identity.closest_group(encodings, labels, None) is None


def faces_of(run, prefix):
    return [face for photo in run["photos"] if photo["key"].startswith(prefix) for face in photo["faces"]]


@pytest.mark.parametrize("person,keys", [
    ("obama", ["faces/obama.jpg", "faces/obama2.jpg", "faces/obama3.jpg", "faces/32bit.png",
               "webp/obama.jpg", "exif/obama2.jpg"]),
    ("biden", ["faces/biden.jpg", "webp/biden.jpg", "mirror/biden.jpg", "exif/biden.jpg"]),
])
def test_photos_of_one_person_share_an_identity(run, person, keys):
    ids = {run["by_key"][key]["faces"][0]["identity"] for key in keys}
    assert len(ids) == 1 and None not in ids, person


def test_different_people_are_kept_apart(run):
    obama = run["by_key"]["faces/obama.jpg"]["faces"][0]["identity"]
    biden = run["by_key"]["faces/biden.jpg"]["faces"][0]["identity"]
    astronaut = run["by_key"]["faces/astronaut.png"]["faces"][0]["identity"]
    assert len({obama, biden, astronaut}) == 3
    group = [face["identity"] for face in run["by_key"]["group/three"]["faces"]]
    assert sorted(group) == sorted([obama, biden, astronaut])


def test_identities_are_ordered_by_photo_count(run):
    ids = run["identities"]
    assert [i["id"] for i in ids] == [f"p{n}" for n in range(1, len(ids) + 1)]
    counts = [i["photo_count"] for i in ids]
    assert counts == sorted(counts, reverse=True)
    obama = run["by_key"]["faces/obama.jpg"]["faces"][0]["identity"]
    assert obama == "p1"


def test_identity_counts_match_the_photos(run):
    for entry in run["identities"]:
        photos = [p for p in run["photos"] if any(f["identity"] == entry["id"] for f in p["faces"])]
        high = [p for p in photos if any(f["identity"] == entry["id"] and f["risk"] == "high"
                                         for f in p["faces"])]
        assert entry["photo_count"] == len(photos)
        assert entry["high_risk_photo_count"] == len(high)
        assert entry["identity_kit"] == (len(high) >= 3)


def test_only_low_and_unmatchable_faces_have_no_identity(run):
    for photo in run["photos"]:
        for face in photo["faces"]:
            unmatched = any(item["code"] == "unmatched" for item in face["reasons"])
            assert (face["identity"] is None) == (face["risk"] == "low" or unmatched)


def test_summary_counts_the_kit(run):
    summary = run["summary"]
    assert summary["photos"] == len(run["photos"])
    assert summary["photos_with_faces"] == sum(1 for p in run["photos"] if p["faces"])
    assert summary["high_risk_photos"] == sum(1 for p in run["photos"] if p["risk"] == "high")
    assert summary["largest_identity_kit"] == max(i["high_risk_photo_count"] for i in run["identities"])
    assert summary["user_identity"] is None


def test_reference_selfie_marks_the_user(fixture_bytes):
    images = [(name, fixture_bytes[name]) for name in
              ("faces/obama.jpg", "faces/biden.jpg", "faces/obama3.jpg", "faces/32bit.png")]
    result = analysis.analyze_images(images, reference=fixture_bytes["faces/obama2.jpg"])
    users = [i for i in result["identities"] if i["is_user"]]
    assert len(users) == 1
    obama = result["photos"][0]["faces"][0]["identity"]
    assert users[0]["id"] == obama == result["summary"]["user_identity"]
    assert users[0]["photo_count"] == 3 and users[0]["identity_kit"]
    assert len(result["photos"]) == 4          # the reference is not one of the photos


def test_unreadable_reference_marks_nobody(fixture_bytes):
    result = analysis.analyze_images([("a", fixture_bytes["faces/obama.jpg"])], reference=b"not an image")
    assert not any(i["is_user"] for i in result["identities"])


def test_single_photo_gives_each_face_its_own_identity(run, degraded):
    result = analysis.analyze_images([("group", degraded["group/three"])])
    ids = [face["identity"] for face in result["photos"][0]["faces"]]
    assert ids == ["p1", "p2", "p3"]
    assert [i["photo_count"] for i in result["identities"]] == [1, 1, 1]


def test_a_copy_of_a_photo_joins_the_original_identity(run):
    for name in ("obama.jpg", "biden.jpg"):
        faces = [run["by_key"][key]["faces"][0] for key in (f"faces/{name}", f"webp/{name}", f"png/{name}")]
        assert len({face["identity"] for face in faces}) == 1
