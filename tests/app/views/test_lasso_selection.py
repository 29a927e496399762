"""Lasso and rectangle selection with real mouse events, in 2-D and 3-D."""

import threading

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers import selection_controller as sc_module
from contrastive_viz.app.controllers.selection_controller import SelectionController
from contrastive_viz.app.views.selection_panel import SelectionPanel
from contrastive_viz.core.lasso import points_in_polygon

from .. import explorer_fixtures as fx
from ..explorer_fixtures import make_set

ctl, model, widget = fx.ctl, fx.model, fx.widget  # pytest fixtures

M = Qt.KeyboardModifier


@pytest.fixture
def sel(qtbot, model, ctl, widget):
    panel = SelectionPanel(model.rows)
    qtbot.addWidget(panel)
    c = SelectionController(model, widget, panel, ctl.loader, ctl.bridge)
    yield c
    c._cancel_job()


def _drag(target, points, modifiers=M.NoModifier, release=True):
    """Press at the first point, move through the rest with the left button held, release."""
    pts = [QPoint(round(x), round(y)) for x, y in points]
    QTest.mousePress(target, Qt.MouseButton.LeftButton, modifiers, pts[0])
    for p in pts[1:]:
        ev = QMouseEvent(
            QEvent.Type.MouseMove, QPointF(p), QPointF(target.mapToGlobal(p)),
            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, modifiers,
        )  # fmt: skip
        QApplication.sendEvent(target, ev)
    if release:
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, modifiers, pts[-1])


def _to_pixels(view, xy):
    vb = view.getPlotItem().getViewBox()
    out = []
    for x, y in xy:
        p = view.mapFromScene(vb.mapViewToScene(QPointF(float(x), float(y))))
        out.append((p.x(), p.y()))
    return out


def _star(centre, radius, k=60):
    a = np.linspace(0, 2 * np.pi, k, endpoint=False)
    r = radius * (1 + 0.35 * np.sin(5 * a))
    return np.column_stack([centre[0] + r * np.cos(a), centre[1] + r * np.sin(a)])


def _expected_2d(model, polygon):
    c = model.data.coords
    return np.flatnonzero(points_in_polygon(c[:, 0], c[:, 1], polygon))


def test_lasso_2d_selects_what_the_drawn_path_encloses(qtbot, model, ctl, widget, sel):
    ctl.set_dataset(make_set(n=400))
    model.rows.set_tool("lasso")
    view = widget.scatter
    centre = np.median(model.data.coords[:, :2], axis=0)
    radius = 0.6 * model.data.coords[:, :2].std(axis=0).mean()
    strokes = []
    sel.lasso2d.stroke_finished.connect(lambda poly, mode: strokes.append((poly, mode)))
    _drag(view.viewport(), _to_pixels(view, _star(centre, radius)))
    assert len(strokes) == 1 and strokes[0][1] == "replace"
    polygon = strokes[0][0]
    assert len(polygon) == 60  # every move recorded, in data coordinates
    np.testing.assert_allclose(polygon.mean(axis=0), centre, atol=0.1 * radius)
    want = _expected_2d(model, polygon)
    assert 10 < want.size < 400
    assert model.rows.rows.tolist() == want.tolist()
    assert sel.summary.count == want.size  # the summary followed (at once: few rows)
    assert str(want.size) in sel._panel.title.text()
    assert not sel.lasso2d.path_item.isVisible()  # the path goes away on release
    assert sel.marks[0].item.index.tolist() == want.tolist()  # halos on the selection


def test_shift_adds_ctrl_or_alt_subtracts_and_esc_clears(qtbot, model, ctl, widget, sel):
    ctl.set_dataset(make_set(n=400))
    model.rows.set_tool("rect")
    view = widget.scatter
    c = model.data.coords[:, :2]
    lo, hi = np.percentile(c, 20, axis=0), np.percentile(c, 60, axis=0)
    strokes = []
    sel.lasso2d.stroke_finished.connect(lambda poly, mode: strokes.append((poly, mode)))
    _drag(view.viewport(), _to_pixels(view, [lo, (lo + hi) / 2, hi]))
    first = _expected_2d(model, strokes[-1][0])
    assert len(strokes[-1][0]) == 4 and model.rows.rows.tolist() == first.tolist()
    lo2, hi2 = np.percentile(c, 50, axis=0), np.percentile(c, 90, axis=0)
    _drag(view.viewport(), _to_pixels(view, [lo2, hi2]), M.ShiftModifier)
    second = _expected_2d(model, strokes[-1][0])
    assert strokes[-1][1] == "add"
    assert model.rows.rows.tolist() == np.union1d(first, second).tolist()
    for mod in (M.ControlModifier, M.AltModifier):
        _drag(view.viewport(), _to_pixels(view, [lo2, hi2]), mod)
        assert strokes[-1][1] == "subtract"
        assert model.rows.rows.tolist() == np.setdiff1d(first, second).tolist()
    before = model.rows.count
    sel._panel.invert_button.click()
    assert model.rows.count == 400 - before
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    _drag(view.viewport(), _to_pixels(view, [lo, hi]))  # the press gave the plot focus
    assert model.rows.count > 0 and QApplication.focusWidget() is view
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert model.rows.count == 0


def test_pan_tool_leaves_the_drag_to_the_view(qtbot, model, ctl, widget, sel):
    ctl.set_dataset(make_set(n=200))
    view = widget.scatter
    vb = view.getPlotItem().getViewBox()
    before = vb.viewRange()
    _drag(view.viewport(), [(200, 200), (260, 230), (320, 260)])
    assert model.rows.count == 0
    assert vb.viewRange() != before  # it panned


def test_isolate_hides_the_rest_and_filters_with_the_panel(qtbot, model, ctl, widget, sel):
    ctl.set_dataset(make_set(n=300))
    model.rows.apply(np.arange(0, 300, 3))
    panel = sel._panel
    panel.isolate_button.click()
    assert model.rows.isolated
    assert np.flatnonzero(model.style.visible_mask()).tolist() == list(range(0, 300, 3))
    assert widget.scatter.points_item.codes.max() >= 1  # the rest is drawn dimmed
    model.rows.apply([1], "add")
    assert model.style.visible_mask()[1]
    panel.isolate_button.click()
    assert model.style.visible_mask().all()


def test_lasso_3d_selects_points_drawn_inside_the_screen_polygon(qtbot, model, ctl, widget, sel):
    ctl.set_dataset(make_set(n=400))
    model.settings.set_dims(3)
    view = widget.scatter3d
    qtbot.waitExposed(view)
    qtbot.waitUntil(view.gl.isExposed)
    model.rows.set_tool("lasso")
    w, h = view.gl.width(), view.gl.height()
    poly = _star((w / 2, h / 2), min(w, h) / 4)
    strokes = []
    # the camera as the stroke ends (the layout may shift the window by a pixel later)
    sel.lasso3d.stroke_finished.connect(
        lambda p, m: strokes.append((p, *view.to_screen(model.data.coords)))
    )
    _drag(view.gl, poly)
    ((polygon, xy, depth),) = strokes
    np.testing.assert_allclose(polygon[: len(poly)], np.round(poly))  # in window pixels
    want = np.flatnonzero(points_in_polygon(xy[:, 0], xy[:, 1], polygon) & (depth > 0))
    assert 10 < want.size < 400
    assert model.rows.rows.tolist() == want.tolist()
    assert model.selection.selected is None  # the drag did not click a point
    assert sel.marks[1].item.visible()


def test_big_selection_summary_runs_in_a_job_and_arrives_on_the_gui_thread(
    qtbot, model, ctl, widget, sel, monkeypatch
):
    monkeypatch.setattr(sc_module, "SYNC_ROWS", 10)
    ctl.set_dataset(make_set(n=300))
    threads = []
    sel.summary_changed.connect(lambda s: threads.append((threading.get_ident(), s)))
    model.rows.apply(np.arange(100))
    assert sel.summary is None and "computing" in sel._panel.metrics.text()
    qtbot.waitUntil(lambda: sel.summary is not None, timeout=10_000)
    assert threads[-1][0] == threading.main_thread().ident
    assert sel.summary.count == 100 and "SupCon" in sel._panel.metrics.text()
