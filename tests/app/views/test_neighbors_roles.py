"""The neighbours panel's Role column, its space sentence, and the legend's highlight."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.app.views.neighbors_panel import NeighborsPanel

from .. import explorer_fixtures as fx
from .test_neighbors_panel import explorer, panel  # noqa: F401 - pytest fixtures

ctl, model, widget = fx.ctl, fx.model, fx.widget  # pytest fixtures

_TEXT = {"positive": "＋ positive", "negative": "− negative", "anchor": "◆ anchor"}


def _roles(m) -> list[tuple[str, bool]]:
    out = []
    for r in range(m.rowCount()):
        ix = m.index(r, 0)
        font = m.data(ix, Qt.ItemDataRole.FontRole)
        out.append((m.data(ix), bool(font is not None and font.italic())))
    return out


def test_role_column_shows_what_the_next_send_would_pick(qtbot, panel, explorer):  # noqa: F811
    explorer.selection.select(17)
    qtbot.waitUntil(lambda: panel.controller.preview.roles != {}, timeout=2000)
    anchor, positives, negatives = panel.controller.bridge.choose()
    assert anchor == 17 and positives
    expect = []
    for i in panel.model.indices:
        role = "positive" if i in positives else "negative" if i in negatives else ""
        expect.append((_TEXT.get(role, ""), bool(role)))
    assert _roles(panel.model) == expect
    assert any(role for role, _ in expect)  # the column is not empty
    row = next(r for r, (text, _) in enumerate(expect) if not text)
    i = int(panel.model.indices[row])
    panel.controller.bridge.mark_rows([i], "negative")  # a mark wins, in plain type
    qtbot.waitUntil(lambda: _roles(panel.model)[row] == (_TEXT["negative"], False), timeout=2000)


def test_space_sentence_without_a_dataset_says_original_once(qtbot):
    w = NeighborsPanel(ExplorerModel())
    qtbot.addWidget(w)
    text = w.space_label.text()
    assert "original space" in text and "original original" not in text


def test_legend_highlight_follows_the_filter(qtbot, model, ctl, widget):
    ctl.set_dataset(fx.make_set())
    legend = widget.legend
    row = next(r for r in range(legend.count()) if legend.item(r).data(Qt.ItemDataRole.UserRole))
    item = legend.item(row)
    name = item.data(Qt.ItemDataRole.UserRole)
    pos = legend.visualItemRect(item).center()
    QTest.mouseClick(legend.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert model.settings.filter_text == f"={name}"
    assert legend.selectedItems() == [item]
    model.settings.set_filter_text("do")  # typed in the filter box: no class is alone now
    assert legend.selectedItems() == [] and legend.currentItem() is None
    model.settings.set_filter_text(f"={name.upper()}")  # the same class, case aside
    assert legend.selectedItems() == [item]
    model.settings.set_filter_text("")
    assert legend.selectedItems() == []


def test_sent_names_are_shown_whole_in_the_playground_table(qtbot, panel, explorer):  # noqa: F811
    from PySide6.QtGui import QFontMetrics

    from contrastive_viz.app.controllers.playground import PlaygroundController
    from contrastive_viz.app.views.vector_table import VectorTable
    from contrastive_viz.core.presets import article_example
    from tests.app.playground_helpers import build
    from tests.app.qt_helpers import hosted

    playground = PlaygroundController(article_example())
    table = build(VectorTable, playground)
    host = hosted(qtbot, table, width=550)  # noqa: F841 - keeps the table alive
    panel.controller.scene_requested.connect(playground.load)
    explorer.selection.select(117)
    panel.controller.bridge.send()
    qtbot.waitUntil(lambda: playground.scene.names[0].startswith("#117 "), timeout=3000)
    fm = QFontMetrics(table.font())
    need = max(fm.horizontalAdvance(n) for n in playground.scene.names) + fm.height()
    assert table.columnWidth(0) >= need  # "#117 class 3", not "#11…"
