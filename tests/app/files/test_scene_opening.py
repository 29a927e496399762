"""Opening scenes and playlists: special files, validation before the undo step."""

from __future__ import annotations

import os

import pytest

from contrastive_viz.app.controllers.playground import PlaygroundController
from contrastive_viz.app.controllers.presentation import read_playlist
from contrastive_viz.app.controllers.scene_check import read_scene
from contrastive_viz.app.controllers.scene_files import SceneFiles
from contrastive_viz.core import scene as sc
from contrastive_viz.core.presets import article_example, hard_negative


@pytest.fixture
def files(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QWidget

    monkeypatch.setenv("CONTRASTIVE_VIZ_DATA_DIR", str(tmp_path / "data"))
    host = QWidget()
    qtbot.addWidget(host)
    playground = PlaygroundController(article_example())
    playground.setParent(host)  # as in the main window: the controllers die with it
    return SceneFiles(playground, host, interactive=False)


def _messages(files):
    seen: list[str] = []
    files.message.connect(seen.append)
    return seen


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_scene_is_refused_at_once(files, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    seen = _messages(files)
    before = files._pg.scene
    assert not files.open(fifo)
    assert seen and seen[-1].startswith("pipe.json: ") and "FIFO" in seen[-1]
    assert files._pg.scene is before and files._pg.undo_stack.count() == 0


def test_a_dev_zero_link_is_refused(files, tmp_path):
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    seen = _messages(files)
    assert not files.open(link)
    assert seen[-1].startswith("zero.json: ") and "character device" in seen[-1]


def test_a_scene_that_cannot_be_evaluated_is_never_pushed(files, tmp_path, monkeypatch):
    path = sc.save_scene(hard_negative(), tmp_path / "hard.json")

    def broken(scene):
        raise FloatingPointError("overflow in the norm")

    monkeypatch.setattr(sc, "evaluate", broken)
    seen = _messages(files)
    before = files._pg.scene
    assert not files.open(path)
    assert files._pg.scene is before and files._pg.undo_stack.count() == 0
    assert files._pg.model.path is None
    assert not any(m.startswith("Opened") for m in seen)
    assert seen[-1].startswith("hard.json: ") and "overflow" in seen[-1]


def test_a_failed_open_shows_an_error_dialog(files, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "contrastive_viz.app.controllers.scene_files.QMessageBox.critical",
        lambda *a: shown.append(a[1:]),
    )
    files.interactive = True
    (tmp_path / "folder.json").mkdir()
    assert not files.open(tmp_path / "folder.json")
    assert shown and shown[0][0] == "Cannot open scene" and "folder" in shown[0][1]


def test_huge_coordinates_open_as_a_valid_scene(files, tmp_path):
    text = sc.scene_to_dict(article_example())
    text["vectors"][0]["xyz"] = [1e308, 1e308, 1e308]
    import json

    path = tmp_path / "big.json"
    path.write_text(json.dumps(text))
    assert files.open(path)
    assert read_scene(path) == files._pg.scene


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_playlist_is_refused_with_its_name(tmp_path):
    fifo = tmp_path / "talk.txt"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match=r"^talk\.txt: a FIFO"):
        read_playlist(fifo)


def test_a_huge_playlist_is_refused(tmp_path):
    big = tmp_path / "talk.txt"
    with open(big, "wb") as fp:
        fp.truncate(4 * 1024 * 1024)
    with pytest.raises(ValueError, match=r"^talk\.txt: the file is larger than"):
        read_playlist(big)
