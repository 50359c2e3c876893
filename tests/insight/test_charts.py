"""The dashboard's charts: suppressed values are not drawn, and every mark fits the drawing."""

from portal.insight import charts


def test_columns_leave_out_suppressed_values_and_stay_inside_the_plot():
    layout = charts.columns([("2026-01", 10.0), ("2026-02", None), ("2026-03", 25.0)])
    assert [m.value for m in layout.marks] == [10.0, None, 25.0]
    assert layout.marks[1].height == 0
    for mark in layout.marks:
        assert mark.x >= charts.LEFT and mark.x + mark.width <= charts.RIGHT
        assert charts.TOP <= mark.y <= charts.BOTTOM
    assert [label for _, label in layout.x_labels] == ["2026-01", "2026-03"]
    assert layout.y_ticks[0][1] == "0"


def test_bars_are_as_long_as_their_values_and_leave_room_for_the_number():
    layout = charts.bars([("A", 50.0), ("B", None), ("C", 100.0)])
    a, b, c = layout.marks
    assert a.width * 2 == c.width and b.width == 0
    assert c.x + c.width + charts.VALUE_ROOM <= charts.WIDTH
    assert a.y < b.y < c.y
    assert layout.height >= c.y + c.height


def test_a_chart_of_nothing_but_suppressed_values_is_still_drawn():
    assert charts.columns([("2026-01", None)]).marks[0].height == 0
    assert charts.bars([("A", None)]).marks[0].width == 0
