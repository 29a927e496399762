"""Recovery files: one per instance, locked; orphans of dead instances are offered."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.controllers.recovery import RecoveryFiles
from contrastive_viz.app.controllers.scene_files import SceneFiles
from contrastive_viz.core.presets import article_example, hard_negative

_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from contrastive_viz.app.controllers.recovery import RecoveryFiles
    from contrastive_viz.core.presets import hard_negative
    rec = RecoveryFiles(Path(sys.argv[1]))
    rec.write(hard_negative(), Path(sys.argv[2]))
    print(rec.path, flush=True)
    if sys.argv[3] == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.read()  # alive until the test closes stdin
    """
)


def _child(folder: Path, source: str, mode: str) -> tuple[subprocess.Popen, Path]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(folder), source, mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    return proc, Path(proc.stdout.readline().strip())


def _files(qtbot, scene=None) -> SceneFiles:
    host = QWidget()
    qtbot.addWidget(host)
    playground = PlaygroundController(scene or article_example())
    playground.setParent(host)
    return SceneFiles(playground, host, interactive=False)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_only_the_crashed_process_is_offered(folder, tmp_path):
    folder.mkdir()
    alive, alive_path = _child(folder, str(tmp_path / "alive.json"), "wait")
    try:
        crashed, crashed_path = _child(folder, str(tmp_path / "mine.json"), "crash")
        assert crashed.wait(30) == -9
        assert alive_path.exists() and crashed_path.exists() and alive_path != crashed_path
        orphans = RecoveryFiles(folder).orphans()
        assert [o.path for o in orphans] == [crashed_path]
        assert orphans[0].source == tmp_path / "mine.json"
        assert orphans[0].scene == hard_negative()
        orphans[0].keep()
    finally:
        alive.stdin.close()
        alive.wait(30)
    # the living one exited without cleaning up: now it is an orphan too
    assert {o.path for o in RecoveryFiles(folder).orphans()} == {alive_path, crashed_path}


def test_a_second_window_leaves_the_first_ones_recovery_alone(folder, qtbot, monkeypatch):
    first = _files(qtbot)
    first._pg.set_temperature(2.0)
    first.write_recovery()
    second = _files(qtbot)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a) or QMessageBox.Yes)
    assert not second.offer_recovery() and not asked
    assert first.recovery_path.exists()
    second.write_recovery()
    assert second.recovery_path.exists() and second.recovery_path != first.recovery_path
    first.discard_recovery()
    assert not first.recovery_path.exists() and second.recovery_path.exists()


def test_a_restored_scene_keeps_its_path_and_stays_unsaved(folder, qtbot, monkeypatch, tmp_path):
    crashed = _files(qtbot, hard_negative())
    crashed._pg.model.path = tmp_path / "talk.json"
    crashed._pg.set_temperature(0.5)
    crashed.write_recovery()
    crashed.recovery.release()  # what a crash leaves behind
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.Yes)
    new = _files(qtbot)
    assert new.offer_recovery()
    assert new._pg.scene == crashed._pg.scene
    assert new._pg.model.path == tmp_path / "talk.json"
    assert not new._pg.undo_stack.isClean()
    assert not crashed.recovery_path.exists() and new.recovery_path.exists()


def test_no_keeps_an_orphan_and_discard_deletes_it(folder, qtbot, monkeypatch):
    from dataclasses import replace

    paths = []
    folder.mkdir(exist_ok=True)
    for tau in (0.3, 0.4):  # two windows that crashed, with unsaved edits
        dead = RecoveryFiles(folder)
        dead.write(replace(article_example(), temperature=tau), None)
        dead.release()
        paths.append(dead.path)
    answers = iter([QMessageBox.No, QMessageBox.Discard])
    monkeypatch.setattr(QMessageBox, "question", lambda *a: next(answers))
    assert not _files(qtbot).offer_recovery()
    assert sum(p.exists() for p in paths) == 1
    assert len(RecoveryFiles(folder).orphans()) == 1


def test_saving_discards_the_recovery_file(qtbot, folder, tmp_path):
    files = _files(qtbot)
    pg = files._pg
    pg.set_temperature(2.0)
    files.write_recovery()
    assert files.recovery_path.exists()
    pg.model.path = tmp_path / "saved.json"
    assert files.save()
    assert not files.recovery_path.exists()  # a crash after saving has nothing to offer
