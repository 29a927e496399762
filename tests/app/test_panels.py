"""The playground's numeric panels: model -> widget and widget -> model."""

import math
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip, QVBoxLayout, QWidget

from contrastive_viz.app.state import PlaygroundState
from contrastive_viz.app.views import temperature_control as tc
from contrastive_viz.app.views import theme, vector_table
from contrastive_viz.app.views.live_label import LiveLabel
from contrastive_viz.app.views.loss_chooser import LossChooser
from contrastive_viz.app.views.loss_curve import LossCurve
from contrastive_viz.app.views.loss_readout import LossReadout
from contrastive_viz.app.views.probability_bars import ProbabilityBars
from contrastive_viz.app.views.temperature_control import TemperatureControl
from contrastive_viz.app.views.vector_table import VectorTable
from contrastive_viz.core import presets
from contrastive_viz.core.bounds import mutual_information_bound, softmax_bounds
from contrastive_viz.core.losses import temperature_sweep
from contrastive_viz.core.scene import Scene


@pytest.fixture
def state():
    return PlaygroundState(presets.article_example())


def _features_scene() -> Scene:
    base = presets.article_example()
    rng = np.random.default_rng(3)
    feats = tuple(rng.normal(size=8) for _ in range(len(base)))
    return replace(base, features=feats)


# ------------------------------------------------------------- temperature


def _type(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_typing_a_temperature_sets_it(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    _type(qtbot, ctrl.field, "0.5")
    assert state.scene.temperature == 0.5
    assert state.undo_stack.count() == 1
    assert ctrl.slider.value() == tc._tau_to_step(0.5)


@pytest.mark.parametrize("text", ["abc", "0", "-1", "1e9", "nan", "inf", "", "1.00001e4"])
def test_invalid_temperatures_are_refused(qtbot, state, text):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    with qtbot.waitSignal(ctrl.refused, timeout=1000) as blocker:
        _type(qtbot, ctrl.field, text)
    assert blocker.args[0]
    assert state.scene.temperature == 0.07
    assert state.undo_stack.count() == 0
    assert ctrl.field.text() == "0.07"
    assert ctrl._message.text() == blocker.args[0]
    assert ctrl.field.property("refused") and ctrl._timer.isActive()
    _type(qtbot, ctrl.field, "0.2")  # a good value clears the refusal
    assert state.scene.temperature == 0.2 and not ctrl.field.property("refused")
    assert ctrl._message.text() == ""


def test_typed_value_outside_the_slider_is_not_clamped(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    _type(qtbot, ctrl.field, "1e-3")
    assert state.scene.temperature == 1e-3
    assert ctrl.slider.value() == ctrl.slider.minimum()
    assert ctrl.field.text() == "0.001"
    _type(qtbot, ctrl.field, "1e4")
    assert state.scene.temperature == 1e4
    assert ctrl.slider.value() == ctrl.slider.maximum()
    assert state.undo_stack.count() == 2


def test_slider_sets_temperature_on_a_log_scale(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    ctrl.slider.setValue(tc.STEPS)
    assert state.scene.temperature == 10.0
    ctrl.slider.setValue(0)
    assert state.scene.temperature == 0.01
    ctrl.slider.setValue(tc.STEPS // 2)
    assert state.scene.temperature == pytest.approx(10**-0.5, rel=1e-3)
    assert ctrl.field.text() == f"{state.scene.temperature:.6g}"
    assert state.undo_stack.count() == 3


def test_slider_drag_is_live_and_one_undo_step(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    ctrl.slider.setSliderDown(True)
    seen = []
    for step in (100, 200, 300):
        ctrl.slider.setValue(step)
        seen.append(state.scene.temperature)
    ctrl.slider.setSliderDown(False)
    assert seen == [tc._step_to_tau(s) for s in (100, 200, 300)]
    assert state.undo_stack.count() == 1
    state.undo_stack.undo()
    assert state.scene.temperature == 0.07
    assert ctrl.field.text() == "0.07" and ctrl.slider.value() == tc._tau_to_step(0.07)


def test_state_updates_widgets_without_feedback(qtbot, state):
    ctrl = TemperatureControl(state)
    qtbot.addWidget(ctrl)
    assert state.set_temperature(2.0)
    assert ctrl.field.text() == "2"
    assert ctrl.slider.value() == tc._tau_to_step(2.0)
    assert state.undo_stack.count() == 1
    assert state.scene.temperature == 2.0
    state.undo_stack.undo()
    assert ctrl.field.text() == "0.07" and state.undo_stack.index() == 0


def test_step_mapping_round_trips():
    for step in (0, 1, 250, 999, tc.STEPS):
        assert tc._tau_to_step(tc._step_to_tau(step)) == step
    assert tc._tau_to_step(1e-4) == 0 and tc._tau_to_step(1e4) == tc.STEPS


# ---------------------------------------------------------------- readout


def test_readout_shows_the_loss_and_bounds(qtbot, state):
    ro = LossReadout(state)
    qtbot.addWidget(ro)
    assert ro.value_label.text() == "4.90687e-05"
    assert ro.value_label.text() == f"{state.evaluation.result.loss:.6g}"
    assert ro.name_label.text() == "InfoNCE"
    b = softmax_bounds(5, 0.07)
    text = ro.bounds_label.text()
    assert f"log(K+1) = log(6) = {b['all_equal']:.6g}" in text
    assert f"log(1 + K·e^(−2/τ)) = {b['best']:.6g}" in text
    mi = mutual_information_bound(5, state.evaluation.result.loss)
    assert f"I ≥ log(K+1) − L = {mi:.6g} nats" in text
    assert ro.original_label.isHidden() and ro.note_label.isHidden()
    state.set_temperature(1.0)
    assert ro.value_label.text() == f"{state.evaluation.result.loss:.6g}"
    assert f"{softmax_bounds(5, 1.0)['best']:.6g}" in ro.bounds_label.text()


def test_readout_original_space_and_notes(qtbot):
    st = PlaygroundState(_features_scene())
    ro = LossReadout(st)
    qtbot.addWidget(ro)
    assert st.evaluation.original
    assert not ro.original_label.isHidden()
    assert "original 8-D space" in ro.original_label.text()
    st.edit_vector(2, role="positive")  # two positives: InfoNCE ignores one
    assert not ro.note_label.isHidden()
    assert ro.note_label.text() == st.evaluation.note != ""
    st.set_loss("supcon")
    b = softmax_bounds(4, 0.07, n_positives=2)
    assert f"log(P+K) = log(6) = {b['all_equal']:.6g}" in ro.bounds_label.text()
    assert "I ≥" not in ro.bounds_label.text()


def test_readout_margin_losses(qtbot, state):
    ro = LossReadout(state)
    qtbot.addWidget(ro)
    state.set_loss("triplet")
    assert ro.value_label.text() == f"{state.evaluation.result.loss:.6g}"
    assert "margin m = 0.2" in ro.bounds_label.text()
    assert ro._bar.isHidden()
    ro.apply_theme(theme.PRESENT)
    assert ro.value_label.font().pointSizeF() == pytest.approx(40 * theme.PRESENT.font_scale)


# ------------------------------------------------------------------- bars


def test_bars_show_probabilities_and_weights(qtbot, state):
    bars = ProbabilityBars(state)
    qtbot.addWidget(bars)
    res = state.evaluation.result
    np.testing.assert_array_equal(bars.bars.opts["height"], res.probabilities)
    np.testing.assert_array_equal(bars.positive_bars.opts["height"], res.probabilities[:1])
    np.testing.assert_array_equal(bars.weight_bars.opts["height"], res.negative_weights)
    assert list(bars.hardest_bar.opts["x"]) == [float(np.argmax(res.negative_weights))]
    assert bars.summary.text() == f"p(positive) = {res.probabilities[0]:.6g}"
    ticks = bars.plot_a.getAxis("bottom")._tickLevels[0]
    assert [t[1] for t in ticks] == ["p2", "n1", "n2", "n3", "n4", "n5"]
    state.begin_drag(3)
    state.drag_to(3, [0.0, 0.0, 1.0])
    res = state.evaluation.result
    np.testing.assert_array_equal(bars.bars.opts["height"], res.probabilities)
    np.testing.assert_array_equal(bars.weight_bars.opts["height"], res.negative_weights)
    assert "hardest: n2" in bars.title_b.text()


def test_bars_switch_to_cosines_for_triplet(qtbot, state):
    bars = ProbabilityBars(state)
    qtbot.addWidget(bars)
    state.set_loss("triplet")
    res = state.evaluation.result
    assert res.probabilities is None
    np.testing.assert_array_equal(bars.bars.opts["height"], res.similarities)
    np.testing.assert_array_equal(bars.weight_bars.opts["height"], res.negative_weights)
    assert bars.title_a.text().startswith("Cosine")
    assert bars.summary.text() == f"cos(anchor, positive) = {res.similarities[0]:.6g}"
    state.set_loss("info_nce")
    np.testing.assert_array_equal(bars.bars.opts["height"], state.evaluation.result.probabilities)


def test_bars_follow_structure_and_describe_bars(qtbot, state):
    bars = ProbabilityBars(state)
    qtbot.addWidget(bars)
    state.add_vector("negative", direction=[1.0, 0.0, 0.0])
    res = state.evaluation.result
    assert bars.bars.opts["height"].size == 7
    assert bars.plot_a.getAxis("bottom")._tickLevels[0][-1] == (6, "n6")
    text = bars._describe(6)
    assert "n6 (negative)" in text and f"{res.similarities[6]:.6g}" in text
    assert f"logit s/τ = {res.logits[6]:.6g}" in text
    assert f"probability p = {res.probabilities[6]:.6g}" in text
    many = PlaygroundState(presets.uniform_negatives(40))
    big = ProbabilityBars(many)
    qtbot.addWidget(big)
    assert big.plot_a.getAxis("bottom")._tickLevels is None  # numbers, not 41 names


def test_hovering_a_bar_shows_its_numbers(qtbot, state):
    bars = ProbabilityBars(state)
    qtbot.addWidget(bars)
    bars.resize(600, 500)
    bars.show()
    qtbot.waitExposed(bars)
    res = state.evaluation.result
    for plot, x, y, expected in (
        (bars.plot_a, 3, res.probabilities[3] / 2, bars._describe(3)),
        (bars.plot_b, 1, 0.01, bars._describe(2)),  # negatives only: entry 1 + P
    ):
        scene_pos = plot.plotItem.vb.mapViewToScene(QPointF(x, y))
        QTest.mouseMove(plot.viewport(), plot.mapFromScene(scene_pos))
        qtbot.waitUntil(lambda: QToolTip.text().startswith(expected), timeout=2000)  # noqa: B023
        assert QToolTip.isVisible()


# ------------------------------------------------------------------ curve


def test_curve_equals_the_sweep_and_marks_tau(qtbot, state):
    lc = LossCurve(state)
    qtbot.addWidget(lc)
    res = state.evaluation.result
    np.testing.assert_array_equal(lc.curve.xData, np.log10(lc.taus))  # view coordinates
    np.testing.assert_array_equal(lc.curve.yData, temperature_sweep(res.similarities, 1, lc.taus))
    np.testing.assert_allclose(lc.best.yData, softmax_bounds(5, lc.taus)["best"])
    assert list(lc.chance.yData) == [math.log(6)] * 2
    assert lc.marker_line.value() == pytest.approx(math.log10(0.07))
    assert lc.marker.pos().y() == res.loss
    assert lc.marker.pos().x() == pytest.approx(math.log10(0.07))
    state.set_temperature(0.5)
    assert lc.marker_line.value() == pytest.approx(math.log10(0.5))
    assert lc.marker.pos().x() == pytest.approx(math.log10(0.5))
    assert lc.marker.pos().y() == state.evaluation.result.loss
    state.begin_drag(0)
    state.drag_to(0, [0.0, 1.0, 0.0])
    res = state.evaluation.result
    np.testing.assert_array_equal(lc.curve.yData, temperature_sweep(res.similarities, 1, lc.taus))


def test_curve_with_many_negatives_catches_up_after_a_drag(qtbot):
    st = PlaygroundState(presets.uniform_negatives(400))
    lc = LossCurve(st)
    qtbot.addWidget(lc)
    st.begin_drag(0)
    for x in (0.1, 0.2, 0.3):
        st.drag_to(0, [x, 0.0, 1.0])
        assert lc.marker.pos().y() == st.evaluation.result.loss  # the dot is always exact
    sims = st.evaluation.result.similarities
    qtbot.waitUntil(lambda: np.array_equal(lc.curve.yData, temperature_sweep(sims, 1, lc.taus)))
    st.drag_to(0, [0.4, 0.0, 1.0])
    st.end_drag()
    sims = st.evaluation.result.similarities
    np.testing.assert_array_equal(lc.curve.yData, temperature_sweep(sims, 1, lc.taus))


def test_clicking_the_curve_sets_tau(qtbot, state):
    lc = LossCurve(state)
    qtbot.addWidget(lc)
    lc.resize(600, 400)
    lc.show()
    qtbot.waitExposed(lc)
    vb = lc.plot.plotItem.vb
    scene_pos = vb.mapViewToScene(QPointF(math.log10(0.5), 1.0))
    view_pos = lc.plot.mapFromScene(scene_pos)
    QTest.mouseClick(lc.plot.viewport(), Qt.MouseButton.LeftButton, pos=view_pos)
    assert state.scene.temperature == pytest.approx(0.5, rel=0.03)
    assert state.undo_stack.count() == 1
    assert not lc.set_temperature_at(QPointF(-100.0, -100.0))  # outside the plot
    assert state.undo_stack.count() == 1


def test_curve_shows_a_message_for_margin_losses(qtbot, state):
    lc = LossCurve(state)
    qtbot.addWidget(lc)
    state.set_loss("triplet")
    assert lc._stack.currentWidget() is lc.message
    assert lc.message.text() == "This loss has no temperature; margin = 0.2"
    state.set_loss("info_nce")
    assert lc._stack.currentWidget() is lc.plot


# ---------------------------------------------------------------- chooser


def test_chooser_sets_loss_and_margins(qtbot, state):
    ch = LossChooser(state)
    qtbot.addWidget(ch)
    assert ch.combo.currentData() == "info_nce" and ch.margin.isHidden()
    ch.combo.setCurrentIndex(ch.combo.findData("triplet"))
    assert state.scene.loss == "triplet"
    assert not ch.margin.isHidden() and ch.margin.value() == 0.2
    ch.margin.setValue(0.3)
    assert state.scene.triplet_margin == 0.3
    ch.combo.setCurrentIndex(ch.combo.findData("margin"))
    assert state.scene.loss == "margin" and ch.margin.value() == 1.0
    ch.margin.setValue(0.5)
    assert state.scene.contrastive_margin == 0.5 and state.scene.triplet_margin == 0.3
    assert state.undo_stack.count() == 4
    state.set_loss("supcon")  # model -> view, no feedback
    assert ch.combo.currentData() == "supcon" and ch.margin.isHidden()
    assert state.undo_stack.count() == 5
    state.undo_stack.undo()
    assert ch.combo.currentData() == "margin" and ch.margin.value() == 0.5


def test_every_panel_follows_the_present_theme(qtbot, state):
    for cls in (TemperatureControl, LossReadout, ProbabilityBars, LossCurve, LossChooser):
        w = cls(state)
        qtbot.addWidget(w)
        w.apply_theme(theme.PRESENT)
        w.apply_theme(theme.DARK)
    assert state.undo_stack.count() == 0


# ------------------------------------------------------------------ table


def _changes(model):
    """Record the (rows, columns) ranges of every dataChanged of ``model``."""
    seen = []
    model.dataChanged.connect(
        lambda a, b, _roles: seen.append((a.row(), b.row(), a.column(), b.column()))
    )
    return seen


def test_table_shows_the_numbers_and_takes_edits(qtbot, state):
    table = VectorTable(state)
    qtbot.addWidget(table)
    m = table.table_model
    ev = state.evaluation
    p2 = state.scene.names.index("p2")
    assert m.index(p2, 0).data() == "p2" and m.index(p2, 1).data() == "positive"
    assert m.index(p2, 5).data() == f"{ev.cosines[p2]:.4f}"
    assert m.index(p2, 7).data() == f"{ev.result.probabilities[0]:.4f}"
    assert m.index(0, 7).data() == ""  # the anchor has no probability
    assert m.setData(m.index(p2, 2), "0.0") and state.scene.directions[p2, 0] == 0.0
    with qtbot.waitSignal(table.refused):
        assert not m.setData(m.index(p2, 3), "abc")


def test_table_signals_only_the_numbers_that_changed(qtbot, state):
    table = VectorTable(state)
    qtbot.addWidget(table)
    seen = _changes(table.table_model)
    p2 = state.scene.names.index("p2")
    state.begin_drag(p2)
    state.drag_to(p2, [0.0, 0.6, 0.8])
    # The positive's x..logit (one range), and the p column of every entry; never
    # the names, roles or the negatives' unchanged cosines.
    assert seen == [(p2, p2, 2, 6), (1, len(state.scene) - 1, 7, 7)]
    seen.clear()
    state.set_temperature(0.5)  # logits and probabilities only
    assert [(c0, c1) for *_, c0, c1 in seen] == [(6, 7)]
    seen.clear()
    state.drag_to(p2, [0.0, 0.6, 0.8])  # the same place: nothing to repaint
    assert seen == []


def _texts_differ(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    text = vector_table._text
    return np.array(
        [[text(b, j) != text(a, j) for j, (b, a) in enumerate(zip(rb, ra, strict=True))]
         for rb, ra in zip(before, after, strict=True)]
    )  # fmt: skip


def test_table_ignores_ulp_jitter_but_not_a_changed_digit():
    rng = np.random.default_rng(0)
    before = np.concatenate(
        [
            rng.uniform(-1, 1, (200, 6)) * 10.0 ** rng.integers(-12, 1, (200, 6)),
            [[0.1234565, 0.0, -0.0, 0.00012345, 1e-9, np.nan]],  # rounding edges, signs
        ]
    )
    for after in (np.nextafter(before, np.inf), np.nextafter(before, -np.inf)):
        # The ulp jitter of a re-normalization: exactly the cells whose text changes.
        changed = vector_table._changed_texts(before, after)
        np.testing.assert_array_equal(changed, _texts_differ(before, after))
    for after in (before + 1e-12, before - 1e-12, before * (1 + 1e-6), before * 1.01):
        # Any change: never a changed text missed (a real change may repaint as is).
        changed = vector_table._changed_texts(before, after)
        assert not (_texts_differ(before, after) & ~changed).any()
    assert not vector_table._changed_texts(before, before.copy()).any()


class _PaintSpy(QObject):
    """Records the bounding rect of every Paint event of one widget."""

    def __init__(self, widget):
        super().__init__()
        self.rects = []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())
        return False


def test_table_repaints_the_changed_cells_not_the_viewport(qtbot):
    st = PlaygroundState(presets.uniform_negatives(200))
    table = VectorTable(st)
    qtbot.addWidget(table)
    table.resize(780, 270)
    table.show()
    qtbot.waitExposed(table)
    QApplication.processEvents()  # the first paints
    spy = _PaintSpy(table.viewport())
    p2 = st.scene.index("positive")[0]
    st.begin_drag(p2)
    st.drag_to(p2, [0.3, 0.4, 0.5])
    QApplication.processEvents()
    assert len(spy.rects) == 1  # the positive's row (x to logit) and the p column
    painted = spy.rects[0]
    assert painted.left() == table.columnViewportPosition(2)  # not the names or roles
    assert painted.height() < table.viewport().height()  # only the visible rows
    spy.rects.clear()
    st.set_temperature(0.5)  # logits and probabilities: their two columns only
    QApplication.processEvents()
    assert [r.left() for r in spy.rects] == [table.columnViewportPosition(6)]


# ------------------------------------------- live labels, drags and layouts


class _EventCounter(QObject):
    """Counts the events of some types that reach one object."""

    def __init__(self, obj, *types):
        super().__init__()
        self.types, self.count = types, 0
        obj.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() in self.types:
            self.count += 1
        return False


def _hosted(qtbot, *widgets, width=480):
    """The widgets in a shown column (a layout, as in the main window)."""
    host = QWidget()
    layout = QVBoxLayout(host)
    for w in widgets:
        layout.addWidget(w)
    layout.addStretch(1)
    qtbot.addWidget(host)
    host.resize(width, 900)
    host.show()
    qtbot.waitExposed(host)
    QApplication.processEvents()
    return host


def test_live_label_repaints_without_relayout(qtbot):
    one, wrapped = LiveLabel("L = 1.05266"), LiveLabel("a line", wrap=True)
    host = _hosted(qtbot, one, wrapped)
    layouts = _EventCounter(host, QEvent.Type.LayoutRequest)
    paints = _EventCounter(one, QEvent.Type.Paint)
    one.setText("L = 4.90687e-05")
    wrapped.setText("another line")
    QApplication.processEvents()
    assert layouts.count == 0 and paints.count == 1 and one.text() == "L = 4.90687e-05"
    one.setText("L = 4.90687e-05")  # unchanged: not even repainted
    QApplication.processEvents()
    assert paints.count == 1
    height = wrapped.height()
    wrapped.setText("a line\nand a second one")  # taller: the layout must know
    QApplication.processEvents()
    assert layouts.count >= 1 and wrapped.height() > height


def test_live_label_shrinks_to_fit_without_moving(qtbot):
    label = LiveLabel("4.90687e-05", min_scale=0.4, copyable=True)
    label.set_style("#ffffff", 72, bold=True)
    host = _hosted(qtbot, label, width=700)
    height = label.height()
    assert label.shown_font().pointSizeF() == 72  # fits
    host.resize(300, 900)
    QApplication.processEvents()
    shown = label.shown_font()
    assert 0.4 * 72 <= shown.pointSizeF() < 72
    assert QFontMetrics(shown).horizontalAdvance(label.text()) <= label.width()
    assert label.height() == height and label.font().pointSizeF() == 72
    label.actions()[0].trigger()  # "Copy"
    assert QApplication.clipboard().text() == "4.90687e-05"


def test_a_drag_never_relayouts_the_panels_host(qtbot):
    st = PlaygroundState(presets.uniform_negatives(50))
    panels = [cls(st) for cls in (LossReadout, ProbabilityBars, LossCurve, VectorTable)]
    host = _hosted(qtbot, *panels)
    layouts = _EventCounter(host, QEvent.Type.LayoutRequest)
    readout, bars = panels[0], panels[1]
    texts = (readout.value_label.text(), readout.bounds_label.text(), bars.summary.text())
    i = st.scene.index("positive")[0]
    st.begin_drag(i)
    for x in np.linspace(-0.5, 0.5, 8):
        st.drag_to(i, [x, 0.3, 0.8])
        QApplication.processEvents()
    assert layouts.count == 0
    now = (readout.value_label.text(), readout.bounds_label.text(), bars.summary.text())
    assert all(a != b for a, b in zip(texts, now, strict=True))  # and every number moved
    assert readout.value_label.text() == f"{st.evaluation.result.loss:.6g}"


def test_bars_leave_unchanged_weights_alone(qtbot, state):
    bars = ProbabilityBars(state)
    qtbot.addWidget(bars)
    weights, hardest = bars.weight_bars.opts["height"], bars.hardest_bar.opts["height"]
    p2 = state.scene.names.index("p2")
    state.begin_drag(p2)
    state.drag_to(p2, [0.0, 0.6, 0.8])  # the negatives' weights do not depend on p2
    assert bars.weight_bars.opts["height"] is weights
    assert bars.hardest_bar.opts["height"] is hardest
    np.testing.assert_array_equal(weights, state.evaluation.result.negative_weights)
    np.testing.assert_array_equal(bars.bars.opts["height"], state.evaluation.result.probabilities)
    state.drag_to(0, [0.0, 0.6, 0.8])  # the anchor: every weight changes
    assert bars.weight_bars.opts["height"] is not weights
    np.testing.assert_array_equal(
        bars.weight_bars.opts["height"], state.evaluation.result.negative_weights
    )


def test_present_readout_and_legend_fit_a_narrow_panel(qtbot, state):
    ro, lc = LossReadout(state), LossCurve(state)
    for w in (ro, lc):
        w.apply_theme(theme.PRESENT)
    host = _hosted(qtbot, ro, lc, width=900)
    s = theme.PRESENT.font_scale
    assert ro.value_label.shown_font().pointSizeF() == pytest.approx(40 * s)
    assert lc._legend_size == round(9 * s)
    host.resize(520, 900)  # a right panel on a projector
    QApplication.processEvents()
    value = ro.value_label
    assert QFontMetrics(value.shown_font()).horizontalAdvance(value.text()) <= value.width()
    assert value.shown_font().pointSizeF() < 40 * s
    assert lc._legend_size < round(9 * s)
    bounds = ro.bounds_label
    advance = QFontMetrics(bounds.shown_font()).horizontalAdvance
    assert max(map(advance, bounds.text().split("\n"))) <= bounds.width()  # shrunk, unwrapped
