"""``--install-desktop`` / ``--uninstall-desktop`` in a temporary ``XDG_DATA_HOME``.

The launcher must pass ``desktop-file-validate``, the MIME package must be accepted by
``update-mime-database`` (Debian packages desktop-file-utils and shared-mime-info,
which ``python3 dev.py test`` installs), and uninstalling must leave nothing.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from contrastive_viz import desktop_install as di

ROOT = Path(__file__).resolve().parents[2]
needs = pytest.mark.skipif(
    not (shutil.which("desktop-file-validate") and shutil.which("update-mime-database")),
    reason="desktop-file-utils and shared-mime-info are not installed (dev.py test does it)",
)


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "contrastive_viz", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _tree(home: Path) -> set[str]:
    return {str(p.relative_to(home)) for p in home.rglob("*")}


@needs
def test_install_validates_and_uninstall_leaves_nothing(tmp_path):
    home = tmp_path / "data"
    home.mkdir()
    done = _cli(home, "--install-desktop")
    assert done.returncode == 0, done.stderr
    assert "update-mime-database" in done.stdout  # it ran, and accepted the package
    entry = home / "applications" / "contrastive-viz.desktop"
    icons = [home / f"icons/hicolor/{n}x{n}/apps/contrastive-viz.png" for n in di.ICON_SIZES]
    for path in [entry, home / "mime/packages/contrastive-viz.xml", *icons]:
        assert path.is_file(), path
    assert (home / "icons/hicolor/scalable/apps/contrastive-viz.svg").is_file()
    assert (icons[0].read_bytes()[:8]) == b"\x89PNG\r\n\x1a\n"
    check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert check.returncode == 0 and "error" not in check.stdout, check.stdout
    # Exec= is this installation's script (or interpreter), absolute, with %F
    text = entry.read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" %F") and Path(exec_line[5:].split()[0].strip('"')).is_absolute()
    assert "MimeType=application/x-contrastive-viz-scene;application/x-npy;" in text
    # update-mime-database compiled our types: globs and the content rules
    globs = (home / "mime/globs2").read_text()
    assert "application/x-contrastive-viz-scene:*.cvscene.json" in globs
    assert "application/x-npy:*.npy" in globs and "application/x-npz:*.npz" in globs
    magic = (home / "mime/magic").read_bytes()
    assert b"application/x-contrastive-viz-scene" in magic and b'"contrastive-viz-scene"' in magic
    assert b"\x93NUMPY" in magic
    # update-desktop-database associated the types with the launcher
    assert (
        "application/x-npy=contrastive-viz.desktop"
        in (home / "applications/mimeinfo.cache").read_text()
    )
    # a second install replaces the first
    assert _cli(home, "--install-desktop").returncode == 0
    manifest = json.loads((home / "contrastive-viz/desktop-install.json").read_text())
    assert len(manifest["files"]) == len(set(manifest["files"])) == 2 + 1 + len(di.ICON_SIZES)
    gone = _cli(home, "--uninstall-desktop")
    assert gone.returncode == 0, gone.stderr
    assert _tree(home) == set()  # nothing at all: files, folders, generated databases


@needs
def test_uninstall_keeps_what_others_installed(tmp_path):
    home = tmp_path / "data"
    (home / "applications").mkdir(parents=True)
    (home / "mime/packages").mkdir(parents=True)
    other = home / "applications/other.desktop"
    other.write_text(
        "[Desktop Entry]\nType=Application\nName=Other\nExec=other %F\nMimeType=text/x-other;\n"
    )
    (home / "mime/packages/other.xml").write_text(
        '<?xml version="1.0"?><mime-info xmlns="http://www.freedesktop.org/standards/shared-'
        'mime-info"><mime-type type="text/x-other"><glob pattern="*.other"/></mime-type>'
        "</mime-info>"
    )
    subprocess.run(["update-mime-database", str(home / "mime")], check=True)
    before = _tree(home)
    assert _cli(home, "--install-desktop").returncode == 0
    assert _cli(home, "--uninstall-desktop").returncode == 0
    after = _tree(home)
    assert other.read_text().startswith("[Desktop Entry]")
    assert {p for p in after if "contrastive" in p} == set()
    assert before <= after | {"applications/mimeinfo.cache"}
    assert "text/x-other:*.other" in (home / "mime/globs2").read_text()
    assert "contrastive" not in (home / "mime/globs2").read_text()


def test_uninstall_without_a_manifest_removes_nothing(tmp_path):
    keep = tmp_path / "applications/contrastive-viz.desktop"
    keep.parent.mkdir()
    keep.write_text("mine, written by hand")
    result = di.uninstall({"XDG_DATA_HOME": str(tmp_path)})
    assert result.files == [] and "nothing to remove" in result.notes[0]
    assert keep.read_text() == "mine, written by hand"


def test_a_tampered_manifest_cannot_delete_outside_the_data_home(tmp_path):
    home, outside = tmp_path / "home", tmp_path / "precious.txt"
    outside.write_text("keep")
    (home / "contrastive-viz").mkdir(parents=True)
    (home / "contrastive-viz/desktop-install.json").write_text(
        json.dumps({"files": ["../precious.txt", str(outside)], "created_dirs": [".."]})
    )
    di.uninstall({"XDG_DATA_HOME": str(home)})
    assert outside.read_text() == "keep"


def test_exec_arguments_are_quoted_as_the_spec_asks():
    entry = di.desktop_entry(["/opt/my apps/bin/contrastive-viz"])
    assert 'Exec="/opt/my apps/bin/contrastive-viz" %F' in entry
    entry = di.desktop_entry(["/usr/bin/python3", "-m", "contrastive_viz"])
    assert "Exec=/usr/bin/python3 -m contrastive_viz %F" in entry and "TryExec" not in entry
    # a $ is escaped for the shell-like quoting, then the backslash for the desktop file
    assert di._exec_quote("/a$b") == '"/a\\\\$b"'


def test_default_data_home_and_relative_values(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert di.data_home({}) == tmp_path / ".local/share"
    assert di.data_home({"XDG_DATA_HOME": "relative/dir"}) == tmp_path / ".local/share"
    assert di.data_home({"XDG_DATA_HOME": "/x/y"}) == Path("/x/y")


def test_the_cli_stays_qt_free_for_help_and_desktop(tmp_path):
    code = (
        "import sys; from contrastive_viz import cli, desktop_install;"
        "cli.build_parser().parse_args(['--install-desktop']);"
        "assert 'PySide6' not in sys.modules, 'Qt imported'"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60
    )
    assert done.returncode == 0
