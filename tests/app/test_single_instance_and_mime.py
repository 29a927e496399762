"""The single-window hand-over in one process, and the installed MIME types as Qt sees them."""

import os
import shutil
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from contrastive_viz.app import application
from contrastive_viz.app.controllers import single_instance as si

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def listening(qtbot):
    got = []
    server = si.InstanceServer(got.append)
    assert server.set_listening(True)
    yield server, got
    server.set_listening(False)
    QSettings().remove(si.SINGLE_WINDOW_KEY)


def test_one_window_per_launch_by_default(listening, tmp_path):
    server, got = listening
    assert not si.single_window_enabled()
    args = Namespace(files=[tmp_path / "a.npy"], scene=None, present=False, temperature=None)
    assert not application._handed_over(args)  # the preference is off: nobody is asked
    assert got == []


def test_a_launch_asking_for_its_own_start_keeps_its_window(listening, tmp_path):
    server, got = listening
    QSettings().setValue(si.SINGLE_WINDOW_KEY, True)
    for extra in ({"present": True}, {"temperature": 0.5}, {"lesson": 3}):
        args = Namespace(files=[], scene=None, present=False, temperature=None, lesson=None)
        for key, value in extra.items():
            setattr(args, key, value)
        assert not application._handed_over(args)
    assert got == []


def _send(qtbot, payload: bytes) -> bytes:
    """Write ``payload`` to the server as a later launch would; its reply."""
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(si.server_name())
    assert sock.waitForConnected(2000)
    sock.write(payload)
    sock.flush()
    qtbot.waitUntil(lambda: sock.bytesAvailable() > 0, timeout=5000)  # the loop serves it
    return bytes(sock.readAll().data())


def test_the_server_opens_what_a_later_launch_sends(listening, qtbot, tmp_path):
    server, got = listening
    # a second server for the same settings refuses: one window receives
    assert not si.InstanceServer(lambda paths: None).set_listening(True)
    message = f'{{"open": ["{tmp_path / "b.npz"}", 7]}}\n'.encode()
    assert _send(qtbot, message).startswith(b"ok")
    assert got == [[tmp_path / "b.npz"]]  # what is not a path is dropped


def test_garbage_is_refused_and_the_server_lives_on(listening, qtbot):
    server, got = listening
    assert _send(qtbot, b"not json\n").startswith(b"error")
    assert _send(qtbot, b'{"files": []}\n').startswith(b"error")
    assert got == [] and server.listening
    assert _send(qtbot, b'{"open": []}\n').startswith(b"ok") and got == [[]]


def test_a_launch_with_nobody_listening_is_not_handed_over(tmp_path):
    assert not si.hand_over([tmp_path / "x.npy"], name="contrastive-viz-nobody-here")


@pytest.mark.skipif(not shutil.which("update-mime-database"), reason="shared-mime-info missing")
def test_qt_finds_the_installed_types_by_name_and_by_content(tmp_path):
    import numpy as np

    from contrastive_viz.core.presets import article_example
    from contrastive_viz.core.scene import save_scene

    home = tmp_path / "data"
    env = {**os.environ, "XDG_DATA_HOME": str(home), "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "contrastive_viz", "--install-desktop"], env=env, check=True
    )
    np.save(tmp_path / "a.npy", np.zeros(3))
    (tmp_path / "a.npy").rename(tmp_path / "array-without-suffix")
    np.save(tmp_path / "b.npy", np.zeros(3))
    np.savez(tmp_path / "c.npz", a=np.zeros(2))
    save_scene(article_example(), tmp_path / "s.cvscene.json")
    save_scene(article_example(), tmp_path / "scene-without-suffix")
    (tmp_path / "other.cvscene").write_text('{"format": "something else"}')
    code = (
        "import sys; from PySide6.QtCore import QMimeDatabase; db = QMimeDatabase();"
        "print('\\n'.join(db.mimeTypeForFile(p).name() for p in sys.argv[1:]))"
    )
    names = ["b.npy", "array-without-suffix", "c.npz", "s.cvscene.json"]
    names += ["scene-without-suffix", "other.cvscene"]
    done = subprocess.run(
        [sys.executable, "-c", code, *(str(tmp_path / n) for n in names)],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
    )
    found = dict(zip(names, done.stdout.split(), strict=True))
    assert found["b.npy"] == found["array-without-suffix"] == "application/x-npy"
    assert found["c.npz"] == "application/x-npz"
    assert found["s.cvscene.json"] == "application/x-contrastive-viz-scene"  # by the glob
    assert found["scene-without-suffix"] == "application/x-contrastive-viz-scene"  # content
    assert found["other.cvscene"] != "application/x-contrastive-viz-scene"
