"""Atomic writes respect the umask and the existing file's mode, and write through symlinks."""

import os
import stat

import pytest

from contrastive_viz.core.atomic import atomic_write_text

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a.csv", "x")
        os.umask(0o077)
        atomic_write_text(tmp_path / "b.csv", "x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "a.csv") == 0o644
    assert _mode(tmp_path / "b.csv") == 0o600


def test_a_replaced_file_keeps_its_mode(tmp_path):
    path = tmp_path / "shared.json"
    path.write_text("old")
    os.chmod(path, 0o664)
    atomic_write_text(path, "new")
    assert path.read_text() == "new" and _mode(path) == 0o664


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real" / "scene.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "scene.json"
    link.symlink_to(real)
    written = atomic_write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new" and written == real
    assert not [p for p in real.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_filesystem_that_refuses_chmod_still_gets_the_file_and_no_fd_leaks(tmp_path, monkeypatch):
    import os

    from contrastive_viz.core.atomic import atomic_write_text

    def refuse(*_args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fchmod", refuse)
    before = len(os.listdir("/proc/self/fd"))
    for k in range(5):
        atomic_write_text(tmp_path / "out.txt", f"v{k}")
    assert (tmp_path / "out.txt").read_text() == "v4"
    assert len(os.listdir("/proc/self/fd")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left
