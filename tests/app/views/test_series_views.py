"""The Series tab's passive widgets: timeline, table, 2-D views, metrics, A–U plane, keys."""

from types import SimpleNamespace

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from contrastive_viz.app.views.series_au_plane import SeriesAUPlane
from contrastive_viz.app.views.series_metrics_plot import SeriesMetricsPlot
from contrastive_viz.app.views.series_moved_table import SeriesMovedTable
from contrastive_viz.app.views.series_page import SeriesPage
from contrastive_viz.app.views.series_plot2d import SeriesPlot2D
from contrastive_viz.app.views.series_timeline import UNITS, SeriesTimeline

from ..qt_helpers import hosted

NAMES = ["epoch_001", "epoch_002", "epoch_003", "epoch_004"]


def metrics(a, u):
    return SimpleNamespace(alignment=a, uniformity=u, supcon=None, knn_accuracy=0.5, sample_size=9)


def test_timeline_emits_only_user_moves(qtbot):
    tl = SeriesTimeline()
    _host = hosted(qtbot, tl, width=700)
    tl.set_steps(NAMES)
    seen, plays = [], []
    tl.position_edited.connect(seen.append)
    tl.play_toggled.connect(plays.append)
    tl.set_position(2.0)
    assert seen == [] and tl.slider.value() == 2 * UNITS and tl.step_label.text() == "epoch_003"
    tl.slider.setValue(150)  # as a drag does
    assert seen == [1.5]
    tl.play.click()
    assert plays == [True]
    tl.set_playing(False)
    assert plays == [True] and not tl.play.isChecked()


def test_table_sorts_by_movement_then_by_overlap_and_reports_clicks(qtbot):
    table = SeriesMovedTable()
    _host = hosted(qtbot, table)
    moved = np.array([0.1, 3.0, 2.0, 0.5])
    overlap = np.array([1.0, 0.0, 0.3, 0.9])
    table.set_change("caption", list("abcd"), moved, overlap)
    model = table.model
    assert [model.row_at(r) for r in range(4)] == [1, 2, 3, 0]
    model.sort(3, Qt.AscendingOrder)
    assert [model.row_at(r) for r in range(4)] == [1, 2, 3, 0]
    model.sort(0, Qt.DescendingOrder)
    assert [model.row_at(r) for r in range(4)] == [3, 2, 1, 0]
    assert model.data(model.index(0, 1)) == "d" and model.data(model.index(0, 2)) == "0.5"
    with qtbot.waitSignal(table.row_chosen) as sig:
        rect = table.table.visualRect(model.index(1, 0))
        QTest.mouseClick(table.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert sig.args == [2]


def test_2d_view_click_hover_and_shared_camera(qtbot):
    a, b = SeriesPlot2D("A"), SeriesPlot2D("B")
    a.link_camera(b)
    _host = hosted(qtbot, a, b, width=500)
    xy = np.random.default_rng(0).uniform(-5, 5, (200, 2)).astype(np.float32)
    for plot in (a, b):
        plot.set_points(xy)
        plot.set_colors(["#ff0000", "#00ff00"], np.arange(200) % 2)
    a.fit(xy[None])
    assert np.allclose(a.getViewBox().viewRange(), b.getViewBox().viewRange())
    assert a.points_item.point_colors()[:2] == ["#ff0000", "#00ff00"]
    i = 17
    with qtbot.waitSignal(a.point_clicked) as sig:
        QTest.mouseClick(a.viewport(), Qt.LeftButton, pos=a.screen_pos(i).toPoint())
    assert sig.args == [i]
    a.set_marks(i, [3, 4], trail=np.zeros((4, 2)), current=2)
    assert len(a.marks_item.data) == 3 and a.trail_item.xData.size == 4
    a.set_marks(None)
    assert len(a.marks_item.data) == 0 and a.trail_item.xData is None


def test_metrics_and_the_alignment_uniformity_trajectory(qtbot):
    plot, plane = SeriesMetricsPlot(), SeriesAUPlane()
    _host = hosted(qtbot, plot, plane)
    ms = [metrics(1.5, -1.0), None, metrics(0.5, -2.0), metrics(None, -2.5)]
    plot.set_steps(NAMES)
    plot.set_metrics(ms, "note")
    x, y = plot.curves["alignment"].getData()
    assert x.tolist() == [0.0, 2.0] and y.tolist() == [1.5, 0.5]
    assert plot.curves["uniformity"].getData()[1].tolist() == [-1.0, -2.0, -2.5]
    plot.set_position(2.25)
    assert all(m.value() == 2.25 for m in plot.markers)
    plane.set_metrics(NAMES, ms)
    assert plane.points.tolist() == [[-1.0, 1.5], [-2.0, 0.5]]
    plane.set_position(2.0)
    assert len(plane.current_item.data) == 1
    plane.set_position(1.0)  # no metrics there yet
    assert len(plane.current_item.data) == 0


def test_keys_step_and_play_only_while_the_series_has_focus(qtbot):
    page = SeriesPage()
    host = hosted(qtbot, page, width=900)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    page.show_content(True)
    steps, plays = [], []
    page.step_key.connect(steps.append)
    page.play_key.connect(lambda: plays.append(1))
    page.plots2d[0].setFocus()
    qtbot.waitUntil(page.plots2d[0].hasFocus)
    for key in (Qt.Key_Right, Qt.Key_Right, Qt.Key_Left, Qt.Key_Space):
        QTest.keyClick(page.plots2d[0], key)
    assert steps == [1, 1, -1] and plays == [1]


def test_big_sets_and_moving_frames_are_drawn_as_splats(qtbot):
    a = SeriesPlot2D("A")
    _host = hosted(qtbot, a, width=500)
    xy = np.random.default_rng(0).uniform(-5, 5, (40_000, 2)).astype(np.float32)
    a.set_points(xy)
    a.set_colors(["#ff0000"], np.zeros(40_000, int))
    a.fit(xy[None])
    assert a.points_item.isVisible() and not a.splat_item.isVisible()
    a.set_points(xy, moving=True)
    assert a.splat_item.isVisible() and not a.points_item.isVisible()
    image = a.grab().toImage()
    centre = a.screen_pos(0).toPoint()
    assert image.pixelColor(centre).name() == "#ff0000"  # the splat, opaque, at the point
    assert a.pick(float(xy[0, 0]), float(xy[0, 1])) is not None  # picking uses the new xy
    a.set_points(xy)
    assert a.points_item.isVisible() and not a.splat_item.isVisible()
    big = np.vstack([xy, xy])
    a.set_points(big)
    assert a.splat_item.isVisible()  # above 50k: splats at rest too
