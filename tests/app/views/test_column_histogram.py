"""The linked histogram: bars of a metadata column; a real click on a bar filters the view."""

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from contrastive_viz.app.controllers.histogram_controller import HistogramController
from contrastive_viz.app.views.column_histogram_view import ColumnHistogramView
from contrastive_viz.core.colors import encode
from contrastive_viz.core.column_histogram import column_histogram

from .. import explorer_fixtures as fx
from ..explorer_fixtures import make_set

ctl, model = fx.ctl, fx.model  # pytest fixtures


def _click_bar(view, i, modifiers=Qt.KeyboardModifier.NoModifier):
    vb = view.plot.getPlotItem().getViewBox()
    k = len(view._hist.counts)
    x = 0.5 * float(view._hist.counts[i])
    pos = view.plot.mapFromScene(vb.mapViewToScene(QPointF(x, float(k - 1 - i))))
    QTest.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, modifiers, pos)


def test_numeric_and_categorical_bars():
    values = [f"{v:.3f}" for v in np.random.default_rng(0).random(500)] + ["", "7"]
    h = column_histogram("s", *encode(values), n_bins=10)
    assert h.numeric and len(h.names) == 10 and h.counts.sum() == 501
    assert h.bars[values.index("")] == -1 and h.bars[-1] == 9  # 7 is the maximum
    edges = np.linspace(0, 7, 11)
    x = np.array([float(v) for v in values if v])
    np.testing.assert_array_equal(h.counts, np.histogram(x, edges)[0])
    words = [f"w{i % 40}" for i in range(400)] + ["w0"] * 10
    c = column_histogram("w", *encode(words), max_bars=5)
    assert not c.numeric and c.names[0] == "w0" and c.names[-1] == "other (36)"
    assert c.counts.tolist() == [20, 10, 10, 10, 360]
    assert c.rows(0).tolist() == [i for i, w in enumerate(words) if w == "w0"]


def test_click_on_a_bar_selects_its_points_and_isolates(qtbot, model, ctl):
    view = ColumnHistogramView()
    qtbot.addWidget(view)
    hc = HistogramController(model, view)
    view.resize(360, 400)
    view.show()
    qtbot.waitExposed(view)
    ds = make_set(n=300)
    ctl.set_dataset(ds)
    assert view.column_box.currentText() == "label"
    names = hc.histogram.names
    qtbot.wait(50)
    _click_bar(view, 1)
    want = [i for i, lab in enumerate(ds.labels) if lab == names[1]]
    assert model.rows.rows.tolist() == want and model.rows.isolated
    assert np.flatnonzero(model.style.visible_mask()).tolist() == want
    _click_bar(view, 2, Qt.KeyboardModifier.ShiftModifier)
    both = sorted(want + [i for i, lab in enumerate(ds.labels) if lab == names[2]])
    assert model.rows.rows.tolist() == both and hc.active == {1, 2}
    _click_bar(view, 2, Qt.KeyboardModifier.ControlModifier)
    assert model.rows.rows.tolist() == want and hc.active == {1}
    _click_bar(view, 1)  # the only active bar again: cleared
    assert model.rows.count == 0 and not model.rows.isolated and hc.active == set()
    view.column_box.setCurrentText("score")
    assert hc.histogram.column == "score" and hc.histogram.numeric
