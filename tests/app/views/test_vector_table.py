"""The vector table: numbers, edits, and repainting only what changed."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.views import vector_table_model
from contrastive_viz.app.views.vector_table import VectorTable
from contrastive_viz.core import presets
from tests.app.playground_helpers import build


@pytest.fixture
def state():
    return PlaygroundController(presets.article_example())


def _changes(model):
    """Record the (rows, columns) ranges of every dataChanged of ``model``."""
    seen = []
    model.dataChanged.connect(
        lambda a, b, _roles: seen.append((a.row(), b.row(), a.column(), b.column()))
    )
    return seen


def test_table_shows_the_numbers_and_takes_edits(qtbot, state):
    table = build(VectorTable, state)
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
    table = build(VectorTable, state)
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
    text = vector_table_model._text
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
        changed = vector_table_model._changed_texts(before, after)
        np.testing.assert_array_equal(changed, _texts_differ(before, after))
    for after in (before + 1e-12, before - 1e-12, before * (1 + 1e-6), before * 1.01):
        # Any change: never a changed text missed (a real change may repaint as is).
        changed = vector_table_model._changed_texts(before, after)
        assert not (_texts_differ(before, after) & ~changed).any()
    assert not vector_table_model._changed_texts(before, before.copy()).any()


class _PaintSpy(QObject):
    """Records the bounding rect of every Paint event of one widget."""

    def __init__(self, widget):
        super().__init__()
        self.rects = []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())
        return False


def test_table_repaints_the_changed_cells_not_the_viewport(qtbot):
    st = PlaygroundController(presets.uniform_negatives(200))
    table = build(VectorTable, st)
    qtbot.addWidget(table)
    table.resize(780, 270)
    table.show()
    qtbot.waitExposed(table)
    QApplication.processEvents()  # the first paints
    p2 = st.scene.index("positive")[0]
    st.begin_drag(p2)  # selects its row (repainted once, before the move)
    QApplication.processEvents()
    spy = _PaintSpy(table.viewport())
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


def _open_editor(qtbot, table, row, col):
    from PySide6.QtWidgets import QLineEdit

    table.resize(760, 300)
    table.show()
    qtbot.waitExposed(table)
    index = table.table_model.index(row, col)
    table.setCurrentIndex(index)
    QApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # any closed editor goes
    table.edit(index)
    (editor,) = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    return editor


def test_a_coordinate_editor_keeps_full_precision_and_is_wide_enough(qtbot, state):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics

    table = build(VectorTable, state)
    qtbot.addWidget(table)
    n2 = state.scene.names.index("n2")
    before = state.scene.directions[n2].copy()
    editor = _open_editor(qtbot, table, n2, 2)
    assert editor.text() == f"{before[0]:.10g}"  # more than 6 significant digits
    assert editor.width() >= QFontMetrics(editor.font()).horizontalAdvance(editor.text())
    qtbot.keyClick(editor, Qt.Key_Return)  # committing an untouched value changes nothing
    QApplication.processEvents()  # the delegate commits through a queued call
    np.testing.assert_array_equal(state.scene.directions[n2], before)
    assert state.undo_stack.count() == 0
    editor = _open_editor(qtbot, table, n2, 2)
    editor.setText("0.154657")
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()
    typed = before.copy()
    typed[0] = 0.154657
    np.testing.assert_allclose(state.scene.directions[n2], typed / np.linalg.norm(typed))


def test_a_coordinate_editor_takes_letters_and_refuses_them_with_a_message(qtbot, state):
    from PySide6.QtCore import Qt

    table = build(VectorTable, state)
    qtbot.addWidget(table)
    before = state.scene.directions.copy()
    editor = _open_editor(qtbot, table, 3, 4)
    editor.selectAll()
    qtbot.keyClicks(editor, "abc")
    assert editor.text() == "abc"
    with qtbot.waitSignal(table.refused) as refused:
        qtbot.keyClick(editor, Qt.Key_Return)
    assert "'abc' is not a valid coordinate" in refused.args[0]
    np.testing.assert_array_equal(state.scene.directions, before)


@pytest.mark.parametrize("tau", [1e4, 1e-4])
def test_every_number_fits_its_column_at_extreme_temperatures(qtbot, state, tau):
    from PySide6.QtGui import QFontMetrics

    table = build(VectorTable, state)
    qtbot.addWidget(table)
    assert state.set_temperature(tau)
    m = table.table_model
    fm = QFontMetrics(vector_table_model.mono_font())
    for col in range(2, 8):
        widest = max(fm.horizontalAdvance(m.index(r, col).data()) for r in range(m.rowCount()))
        assert widest + 8 <= table.columnWidth(col), (col, widest)
