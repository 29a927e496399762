"""No two actions of the main window answer the same key sequence (an ambiguous
shortcut fires neither in Qt)."""

from collections import defaultdict

from PySide6.QtGui import QAction, QKeySequence

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.presets import article_example


def test_every_shortcut_belongs_to_one_action(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    owners = defaultdict(set)
    for action in w.findChildren(QAction):
        for seq in action.shortcuts():
            text = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if text:
                owners[text].add(action)
    assert len(owners) > 20  # the menus' shortcuts were found
    clashes = {k: sorted(a.text() for a in v) for k, v in owners.items() if len(v) > 1}
    assert not clashes, clashes


def test_delete_in_the_neighbours_table_clears_marks_not_a_vector(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    w.show()
    w.tabs.setCurrentIndex(1)
    qtbot.waitExposed(w)
    w.activateWindow()
    table = w.neighbors.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    n_vectors = len(w.playground.scene.names)
    with qtbot.waitSignal(w.neighbors.mark_requested, timeout=2000) as blocker:
        QTest.keyClick(table, Qt.Key.Key_Delete)
    assert blocker.args[1] is None  # "clear the mark"
    assert len(w.playground.scene.names) == n_vectors  # no vector removed
