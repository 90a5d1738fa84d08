"""analysis/boxes.py: the one box convention from the analysis to the report."""
import pytest

from backend.analysis import boxes
from backend.report.view import box_percent


def test_a_detector_box_is_reported_top_right_bottom_left_in_original_pixels_clipped():
    # A face from (-10, 41) to (60, 90) of the original (a working image at half size), cut by two edges.
    assert boxes.reported((-5.2, 20.4, 30.0, 45.0), 2.0, 100, 80) == [41, 60, 80, 0]
    assert boxes.edges([41, 60, 80, 0]) == (0.0, 41.0, 60.0, 80.0)
    assert boxes.edges([40, 60, 80, 10], 0.5) == (5.0, 20.0, 30.0, 40.0)


@pytest.mark.parametrize("hostile", [None, "abcd", [1, 2, 3], [1, 2, 3, "x"], {"top": 1}])
def test_a_box_that_is_not_four_numbers_is_read_as_none(hostile):
    assert boxes.edges(hostile) is None and boxes.area(hostile) == 0.0
    assert box_percent(hostile, 100, 100) is None


def test_overlap_and_area_read_the_same_convention_as_the_report():
    a, b = [0, 50, 50, 0], [0, 75, 50, 25]  # b is a shifted half to the right
    assert boxes.area(a) == 2500.0
    assert boxes.overlap(a, b) == pytest.approx(1250 / 3750)
    assert boxes.overlap(a, [60, 100, 100, 60]) == 0.0
    assert box_percent([10, 60, 50, 20], 200, 100) == {"left": 10.0, "top": 10.0, "width": 20.0, "height": 40.0}
