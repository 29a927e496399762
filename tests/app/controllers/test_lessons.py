"""The lessons through the app: every shipped lesson is solvable through the playground's
controller, a wrong move does not pass, progress is remembered, the panel follows."""

import json
import time

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from contrastive_viz.app.controllers.lessons import DONE_KEY, LessonController
from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.controllers.presentation import Presentation, read_playlist
from contrastive_viz.app.models.lessons import LessonsModel
from contrastive_viz.app.views.lesson_panel import LessonPanel
from contrastive_viz.core.lesson import builtin_lessons, builtin_lessons_folder, load_lesson
from contrastive_viz.core.presets import article_example, equidistant
from contrastive_viz.core.sphere import from_spherical

LESSONS = builtin_lessons()


@pytest.fixture
def course(qtbot):
    QSettings().remove("lessons")
    pg = PlaygroundController(equidistant())
    panel = LessonPanel()
    qtbot.addWidget(panel)
    ctl = LessonController(pg, LessonsModel(LESSONS), panel)
    return pg, ctl, panel


def _index(pg, name):
    return pg.scene.names.index(name)


def _turned(pg, name, degrees):
    """The direction ``degrees`` away from the anchor, in the plane of the anchor and ``name``."""
    a = pg.scene.directions[pg.scene.anchor_index]
    v = pg.scene.directions[_index(pg, name)]
    u = v - (v @ a) * a
    u /= np.linalg.norm(u)
    t = np.deg2rad(degrees)
    return np.cos(t) * a + np.sin(t) * u


def _drag(pg, name, direction, moves=5):
    """A real drag: begin, several moves along the way, finish (one undo step)."""
    i = _index(pg, name)
    start = pg.scene.directions[i].copy()
    pg.begin_drag(i)
    for t in np.linspace(0.2, 1.0, moves):
        d = (1 - t) * start + t * np.asarray(direction, float)
        pg.drag_to(i, d if np.linalg.norm(d) > 1e-6 else direction)
    pg.end_drag()


def _steps(pg, n):
    for _ in range(n):
        pg.step()


# (solve, wrong move) for each lesson, through the playground controller only
MOVES = {
    1: (lambda pg: _drag(pg, "p2", _turned(pg, "p2", 70)),
        lambda pg: _drag(pg, "p2", _turned(pg, "p2", 15))),
    2: (lambda pg: _drag(pg, "n2", _turned(pg, "n2", 178)),
        lambda pg: _drag(pg, "n2", _turned(pg, "n2", 20))),
    3: (lambda pg: _drag(pg, "n2", _turned(pg, "n2", 20)),
        lambda pg: _drag(pg, "n2", _turned(pg, "n2", 50))),
    4: (lambda pg: pg.set_temperature(0.1), lambda pg: pg.set_temperature(5.0)),
    5: (lambda pg: pg.set_temperature(0.2), lambda pg: pg.set_temperature(3.0)),
    6: (lambda pg: [pg.add_vector("negative") for _ in range(5)],
        lambda pg: [pg.add_vector("negative") for _ in range(4)]),
    7: (lambda pg: _drag(pg, "p3", from_spherical(np.deg2rad(20), np.deg2rad(60))),
        lambda pg: _drag(pg, "p3", from_spherical(np.deg2rad(200), np.deg2rad(20)))),
    8: (lambda pg: _steps(pg, 6),
        lambda pg: _drag(pg, "anchor", from_spherical(np.deg2rad(180), np.deg2rad(70)))),
}  # fmt: skip


def test_every_shipped_lesson_has_moves_here():
    assert len(LESSONS) == len(MOVES) == 8


@pytest.mark.parametrize("number", sorted(MOVES))
def test_each_lesson_is_solvable_and_a_wrong_move_does_not_pass(course, number):
    pg, ctl, panel = course
    solve, wrong = MOVES[number]
    assert ctl.open(number - 1)
    assert pg.scene == load_lesson(LESSONS[number - 1]).scene
    assert ctl.model.result is not None and not ctl.model.result.passed
    wrong(pg)
    assert not ctl.model.result.passed, ctl.model.result
    assert not ctl.model.is_done(number - 1)
    ctl.restart()
    assert not ctl.model.result.passed
    solve(pg)
    assert ctl.model.result.passed, ctl.model.result
    assert ctl.model.is_done(number - 1)
    assert panel.status.text() == "✓ Done" and not panel.explanation.isHidden()


def test_one_gradient_step_is_not_enough_for_lesson_8(course):
    pg, ctl, _ = course
    ctl.open(7)
    _steps(pg, 1)
    assert not ctl.model.result.passed
    assert ctl.model.result.values[0] < 2.4  # but the loss fell


def test_a_lesson_is_one_undo_step_and_the_check_follows_undo(course):
    pg, ctl, _ = course
    before = pg.scene
    ctl.open(3)
    pg.set_temperature(0.1)
    assert ctl.model.result.passed
    pg.undo()
    assert not ctl.model.result.passed
    pg.undo()
    assert pg.scene == before


def test_the_goal_follows_every_drag_move(course):
    pg, ctl, panel = course
    ctl.open(0)
    seen = []
    ctl.model.result_changed.connect(lambda r: seen.append(r.values[0]))
    _drag(pg, "p2", _turned(pg, "p2", 70), moves=6)
    assert len(seen) >= 6 and seen == sorted(seen, reverse=True)
    assert "cos(p2) < 0.5" in panel.goal.text()


def test_checking_is_cheap(course):
    pg, ctl, _ = course
    ctl.open(1)
    ev, scene = pg.model.evaluation, pg.scene
    from contrastive_viz.core.lesson_check import evaluate_check

    check = ctl.model.lesson.check
    t0 = time.perf_counter()
    for _ in range(1000):
        evaluate_check(check, scene, ev)
    per_check = (time.perf_counter() - t0) / 1000
    assert per_check < 1e-3  # measured about 5 µs: nothing next to one evaluation


def test_progress_is_remembered_in_qsettings(course, qtbot):
    pg, ctl, _ = course
    ctl.open(3)
    pg.set_temperature(0.1)
    assert QSettings().value(DONE_KEY) in (
        ["04-temperature.cvscene.json"],
        "04-temperature.cvscene.json",
    )
    panel = LessonPanel()
    qtbot.addWidget(panel)
    again = LessonController(PlaygroundController(article_example()), LessonsModel(LESSONS), panel)
    assert again.model.is_done(3) and not again.model.is_done(0)
    assert again.stored_index() == 3
    again.open(again.stored_index())
    assert panel.chooser.itemText(3).startswith("✓")
    again.forget_progress()
    assert not again.model.done


def test_back_next_and_the_panel(course):
    pg, ctl, panel = course
    ctl.open(0)
    assert not panel.back_button.isEnabled() and panel.next_button.isEnabled()
    panel.next_button.click()
    assert ctl.model.index == 1 and pg.scene.temperature == 1.0
    assert "0.4296791" in panel.caption.text()
    panel.back_button.click()
    assert ctl.model.index == 0
    ctl.open(7)
    assert not panel.next_button.isEnabled()
    assert panel.hint.isHidden()
    panel.hint_button.click()
    assert not panel.hint.isHidden() and "step" in panel.hint.text().lower()


def test_an_unreadable_lesson_changes_nothing(course, tmp_path):
    pg, ctl, _ = course
    bad = tmp_path / "01-bad.cvscene.json"
    doc = json.loads(LESSONS[0].read_text(encoding="utf-8"))
    doc["lesson"]["check"] = {"metric": "accuracy", "above": 1}
    bad.write_text(json.dumps(doc), encoding="utf-8")
    ctl.set_course([LESSONS[0], bad])
    ctl.open(0)
    shown = pg.scene
    errors = []
    ctl.failed.connect(errors.append)
    assert not ctl.open(1)
    assert errors and errors[0].startswith("01-bad.cvscene.json: ") and "metric" in errors[0]
    assert pg.scene is shown and ctl.model.index == 0


def test_the_lessons_folder_is_a_presentation_playlist(qtbot):
    items = read_playlist(builtin_lessons_folder())
    assert items == LESSONS
    pg = PlaygroundController(equidistant())
    show = Presentation(pg)
    show.set_playlist(items)
    show.start()
    for i in range(len(items)):
        show.next()
        qtbot.waitUntil(lambda: not show.animating, timeout=3000)
        assert pg.scene == load_lesson(items[i]).scene
        assert show.caption().startswith(f"{i + 1} / 8 · Lesson {i + 1} · ")


def test_a_language_change_shows_the_lesson_in_the_new_language(course, qtbot):
    from PySide6.QtCore import QCoreApplication, QEvent, QLocale

    pg, ctl, panel = course
    ctl.open(4)
    pg.set_temperature(0.2)
    scene, undo = pg.scene, pg.undo_stack.count()
    old = QLocale()
    try:
        QLocale.setDefault(QLocale("zh_CN"))
        QCoreApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
        assert panel.caption.text().startswith("第 5 课")
        assert panel.explanation.text().endswith("中学习。") and not panel.explanation.isHidden()
        assert panel.chooser.itemText(4).endswith("5. 困难负样本")
    finally:
        QLocale.setDefault(old)
    assert pg.scene is scene and pg.undo_stack.count() == undo  # nothing reloaded
