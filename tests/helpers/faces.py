"""The fixture faces (tests/fixtures/faces, nofaces): what each photo holds, where the detector puts
each face, and the labels' rule for when two boxes are one face (the hard set's labels, bench.hard)."""

FIXTURE_FACES = {
    # name: (expected photo risk, face count)
    "faces/obama.jpg": ("high", 1),
    "faces/obama2.jpg": ("high", 1),
    "faces/obama3.jpg": ("high", 1),
    "faces/biden.jpg": ("high", 1),
    "faces/astronaut.png": ("high", 1),
    "faces/32bit.png": ("high", 1),
    "faces/obama_partial_face.jpg": ("medium", 1),
    "faces/obama_partial_face2.jpg": ("medium", 1),
    "nofaces/chelsea.png": ("none", 0),
    "nofaces/coffee.png": ("none", 0),
    "nofaces/rocket.jpg": ("none", 0),
}
# Where face_recognition's own detector puts each face (top, right, bottom, left).
FACE_BOXES = {"obama.jpg": (142, 617, 409, 349), "biden.jpg": (241, 740, 562, 419),
              "obama2.jpg": (290, 438, 558, 171)}


def same_face(box, other):
    """The labels' own rule: IoU over 0.3, or each centre inside the other box ([l, t, r, b])."""
    inter = (max(0.0, min(box[2], other[2]) - max(box[0], other[0]))
             * max(0.0, min(box[3], other[3]) - max(box[1], other[1])))
    area = lambda b: (b[2] - b[0]) * (b[3] - b[1])  # noqa: E731
    if inter / (area(box) + area(other) - inter) > 0.3:
        return True
    centre = lambda b: ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)  # noqa: E731
    inside = lambda point, b: b[0] <= point[0] <= b[2] and b[1] <= point[1] <= b[3]  # noqa: E731
    return inside(centre(box), other) and inside(centre(other), box)
