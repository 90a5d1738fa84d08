"""A face's box: one convention from the analysis to the report.

From the moment the analysis reports a face (worker.analyze_face) to the report page, a box is
[top, right, bottom, left] in the pixels of the original image after its EXIF orientation,
clipped to the photo: what the store keeps, the API serves (docs/design.md, "The HTTP API
(v1)"), and the thumbnails, the accounts around the reader and the report read. Only the
detector's own geometry (detector.py, faces.py, body.py) works in (left, top, right, bottom) of
the image it was given: `reported` is the one step from it, `edges` the one way to read a box.
"""


def reported(ltrb, scale, width, height):
    """The box of a face as the analysis reports it, from the detector's (left, top, right, bottom)
    in the working image's pixels (`scale`: original pixels per working pixel), clipped to the
    original's `width` x `height`."""
    left, top, right, bottom = (int(round(v * scale)) for v in ltrb)
    return [max(top, 0), min(right, width), min(bottom, height), max(left, 0)]


def edges(box, scale=1.0):
    """(left, top, right, bottom) of a reported box, times `scale` (a thumbnail's, a working
    image's); None when the box is not four numbers (a stored result is read as hostile)."""
    try:
        top, right, bottom, left = (float(v) * scale for v in box)
    except (TypeError, ValueError):
        return None
    return left, top, right, bottom


def area(box):
    """The box's area in pixels; 0 for a box that is not one."""
    found = edges(box)
    if found is None:
        return 0.0
    left, top, right, bottom = found
    return max(0.0, right - left) * max(0.0, bottom - top)


def overlap(a, b):
    """Intersection over union of two reported boxes."""
    (al, at, ar, ab), (bl, bt, br, bb) = edges(a), edges(b)
    inter = max(0.0, min(ar, br) - max(al, bl)) * max(0.0, min(ab, bb) - max(at, bt))
    union = area(a) + area(b) - inter
    return inter / union if union else 0.0
