"""Lessons in the assembled window: Help › Lessons…, its shortcut, the dock, --lesson N."""

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.main_window import MainWindow
from contrastive_viz.app.models.explorer import ExplorerModel
from contrastive_viz.core.lesson import builtin_lessons, load_lesson
from contrastive_viz.core.presets import article_example


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    QSettings().remove("lessons")
    w = MainWindow(PlaygroundController(article_example()), ExplorerModel(), interactive=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _help_texts(window):
    for action in window.menuBar().actions():
        if action.text() == "&Help":
            return [a.text() for a in action.menu().actions() if not a.isSeparator()]
    raise AssertionError("no Help menu")


def test_help_menu_has_the_lessons_first(window):
    texts = _help_texts(window)
    assert texts[0] == "&Lessons…" and "&About contrastive-viz" in texts
    assert "&Present the Lessons" in texts and "Open a &Folder of Lessons…" in texts


def test_lessons_action_opens_the_panel_on_the_first_lesson(window, qtbot):
    assert window.lessons.dock.isHidden()
    action = window.lessons.actions[0]
    assert action.shortcut().toString() == "Ctrl+L" and action in window.actions()
    action.trigger()
    qtbot.waitUntil(lambda: window.lessons.dock.isVisible(), timeout=2000)
    first = load_lesson(builtin_lessons()[0])
    assert window.playground.scene == first.scene
    assert window.lessons.panel.caption.text() == first.text("caption", "en")
    action.trigger()  # again: the lesson stays, its scene is not reloaded
    assert window.lessons.model.index == 0


def test_the_panel_follows_a_drag_and_the_theme(window):
    lessons = window.lessons
    assert lessons.start(2)  # lesson 3: the loss at tau = 0.07
    pg = window.playground
    assert "L > 0.1" in lessons.panel.goal.text()
    i = pg.scene.names.index("n2")
    pg.begin_drag(i)
    pg.drag_to(i, pg.scene.directions[pg.scene.anchor_index] + [0.05, 0.0, 0.0])
    pg.end_drag()
    assert lessons.model.result.passed
    assert lessons.panel.status.text() == "✓ Done"
    assert lessons.panel in window.views


def test_present_the_lessons_uses_the_folder_as_playlist(window, qtbot):
    window.lessons.present()
    try:
        assert window.present.presenting
        window.presentation.next()
        qtbot.waitUntil(lambda: not window.presentation.animating, timeout=3000)
        assert window.presentation.caption().startswith("1 / 8 · Lesson 1")
    finally:
        window.present.set_presenting(False)


def test_dash_dash_lesson_starts_the_app_on_that_lesson(tmp_path):
    out = tmp_path / "lesson.png"
    env = {**os.environ, "CONTRASTIVE_VIZ_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "contrastive_viz", "--lesson", "2", "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert QImage(str(out)).width() == 1280
    bad = subprocess.run(
        [sys.executable, "-m", "contrastive_viz", "--lesson", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert bad.returncode == 2 and "choose a lesson from 1 to 8" in bad.stderr


def test_a_teachers_folder_becomes_the_course(window, tmp_path):
    import json

    doc = json.loads(builtin_lessons()[4].read_text(encoding="utf-8"))
    doc["lesson"]["caption"] = "My own lesson"
    doc["lesson"]["title"] = "Mine"
    (tmp_path / "a-mine.cvscene.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a lesson")
    assert window.lessons.use_folder(tmp_path)
    assert window.lessons.model.paths == [tmp_path / "a-mine.cvscene.json"]
    assert window.lessons.panel.caption.text() == "My own lesson"
    assert window.lessons.panel.chooser.itemText(0).endswith("1. Mine")
    window.playground.set_temperature(0.2)
    assert window.lessons.model.result.passed
