"""The fakes other tests stand in for the analysis with (tests/helpers/fakes.py) have exactly the keys of a
real result: a test built on a key the analysis does not return would pass on nothing."""
from backend.analysis import analyze_images
from tests.helpers.fakes import fake_face, fake_identity, fake_photo, fake_result


def _keys(result):
    photo = next(p for p in result["photos"] if p["faces"])
    face = photo["faces"][0]
    return {"result": set(result), "photo": set(photo), "face": set(face), "quality": set(face["quality"]),
            "summary": set(result["summary"]), "identity": set(result["identities"][0])}


def test_a_fake_result_has_exactly_the_keys_of_a_real_one(fixtures_dir):
    face = (fixtures_dir / "faces" / "obama2.jpg").read_bytes()
    real = analyze_images([("a", face), ("b", face)])  # two photos: the faces are grouped into a person
    fake = fake_result([fake_photo("a", "high", [fake_face(identity="p1")])], [fake_identity("p1")])
    assert _keys(fake) == _keys(real)
