"""``--install-desktop`` / ``--uninstall-desktop``: the app in the user's desktop menus.

Qt-free (the standard library only), so the command line stays fast. For the
user, with no root, under ``$XDG_DATA_HOME`` (``~/.local/share`` by default):

- ``applications/contrastive-viz.desktop``: the launcher, whose ``Exec=`` is
  the absolute path of this installation's ``contrastive-viz`` script;
- ``icons/hicolor/<n>x<n>/apps/contrastive-viz.png`` and
  ``icons/hicolor/scalable/apps/contrastive-viz.svg``;
- ``mime/packages/contrastive-viz.xml``: ``.npy`` (``application/x-npy``, by
  suffix and by the ``\\x93NUMPY`` magic), ``.npz`` (``application/x-npz``, a zip)
  and scene files (``application/x-contrastive-viz-scene``, a JSON file, by the
  glob ``*.cvscene.json`` and by the format marker ``"contrastive-viz-scene"``
  near the start of the file);
- ``contrastive-viz/desktop-install.json``: the manifest of what was written
  and which folders were created, so that uninstalling removes exactly that.

``update-mime-database`` and ``update-desktop-database`` run when present.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .core.atomic import atomic_write, atomic_write_text
from .core.scene import FORMAT_NAME

__all__ = [
    "APP_ID",
    "ICON_SIZES",
    "SCENE_GLOB",
    "SCENE_MIME",
    "DesktopInstall",
    "desktop_entry",
    "exec_path",
    "install",
    "mime_package",
    "uninstall",
]

APP_ID = "contrastive-viz"
SCENE_MIME = "application/x-contrastive-viz-scene"
SCENE_GLOB = "*.cvscene.json"
NPY_MIME, NPZ_MIME = "application/x-npy", "application/x-npz"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MANIFEST = Path(APP_ID) / "desktop-install.json"
#: Characters that make an ``Exec=`` argument need double quotes (Desktop Entry spec).
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass
class DesktopInstall:
    """What an install or uninstall did: files written or removed, tools run, notes."""

    data_home: Path
    files: list[Path] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def data_home(env: dict | None = None) -> Path:
    """``$XDG_DATA_HOME`` when set to an absolute path, else ``~/.local/share``."""
    env = os.environ if env is None else env
    value = env.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def exec_path() -> list[str]:
    """The command that starts this installation: the ``contrastive-viz`` script beside
    the running interpreter (a venv's ``bin``), the one that runs now, or
    ``python -m contrastive_viz`` when there is no script."""
    here = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    candidates = [Path(sys.executable).parent / APP_ID]
    if here is not None and here.name == APP_ID:
        candidates.insert(0, here)
    for script in candidates:
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "contrastive_viz"]


def _exec_quote(arg: str) -> str:
    """One ``Exec=`` argument, quoted as the Desktop Entry spec asks, then escaped as a
    desktop-file string (a backslash is written twice)."""
    if arg and not (_RESERVED & set(arg)):
        return arg
    inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{inner}"'.replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    """The ``.desktop`` file's text for ``command`` (from :func:`exec_path`)."""
    exec_line = " ".join(_exec_quote(a) for a in command)
    mimes = ";".join((SCENE_MIME, NPY_MIME, NPZ_MIME)) + ";"
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=contrastive-viz",
        "GenericName=Contrastive Loss Visualizer",
        "Comment=See contrastive losses on a sphere and explore embeddings with PCA",
        f"Exec={exec_line} %F",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Education;DataVisualization;",
        "Keywords=contrastive;InfoNCE;embeddings;PCA;machine learning;",
        f"MimeType={mimes}",
        "StartupNotify=true",
        f"StartupWMClass={APP_ID}",
    ]
    if len(command) == 1:  # a script: menus hide the entry once it is gone
        lines.insert(7, f"TryExec={_exec_quote(command[0])}")
    return "\n".join(lines) + "\n"


def mime_package() -> str:
    """The shared-mime-info package (``mime/packages/contrastive-viz.xml``)."""
    marker = f"&quot;{FORMAT_NAME}&quot;"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{SCENE_MIME}">
    <comment>contrastive-viz scene</comment>
    <sub-class-of type="application/json"/>
    <generic-icon name="{APP_ID}"/>
    <glob pattern="{SCENE_GLOB}" weight="60"/>
    <magic priority="60">
      <match type="string" value="{marker}" offset="0:512"/>
    </magic>
  </mime-type>
  <mime-type type="{NPY_MIME}">
    <comment>NumPy array</comment>
    <glob pattern="*.npy"/>
    <magic priority="50">
      <match type="string" value="\\223NUMPY" offset="0"/>
    </magic>
  </mime-type>
  <mime-type type="{NPZ_MIME}">
    <comment>NumPy arrays (zip)</comment>
    <sub-class-of type="application/zip"/>
    <glob pattern="*.npz"/>
  </mime-type>
</mime-info>
"""


def _icons() -> dict[str, bytes]:
    """Relative path under ``icons/hicolor`` -> the packaged icon's bytes."""
    folder = resources.files("contrastive_viz") / "assets" / "icons"
    out = {f"scalable/apps/{APP_ID}.svg": (folder / f"{APP_ID}.svg").read_bytes()}
    for n in ICON_SIZES:
        out[f"{n}x{n}/apps/{APP_ID}.png"] = (folder / f"{APP_ID}-{n}.png").read_bytes()
    return out


def _run(tool: str, *args: str | Path, result: DesktopInstall) -> None:
    exe = shutil.which(tool)
    if exe is None:
        result.notes.append(f"{tool} is not installed: the desktop picks the change up later")
        return
    done = subprocess.run([exe, *map(str, args)], capture_output=True, text=True)
    if done.returncode != 0:
        raise OSError(f"{tool} failed: {(done.stderr or done.stdout).strip()}")
    result.tools.append(tool)


def _refresh(home: Path, result: DesktopInstall) -> None:
    if (home / "mime" / "packages").is_dir():
        _run("update-mime-database", home / "mime", result=result)
    if (home / "applications").is_dir():
        _run("update-desktop-database", home / "applications", result=result)
    hicolor = home / "icons" / "hicolor"
    if (hicolor / "icon-theme.cache").exists() and shutil.which("gtk-update-icon-cache"):
        _run("gtk-update-icon-cache", "-f", "-t", hicolor, result=result)


def install(env: dict | None = None, command: list[str] | None = None) -> DesktopInstall:
    """Install the launcher, icons and MIME types for the user; see the module.

    A second install replaces the first (what it wrote is recorded once).

    Raises
    ------
    OSError
        A file cannot be written or a database tool fails (the message says which).
    """
    home = data_home(env)
    result = DesktopInstall(home)
    previous = _read_manifest(home)
    files: dict[Path, bytes] = {
        Path("applications") / f"{APP_ID}.desktop": desktop_entry(command or exec_path()).encode(),
        Path("mime") / "packages" / f"{APP_ID}.xml": mime_package().encode(),
    }
    for rel, data in _icons().items():
        files[Path("icons") / "hicolor" / rel] = data
    created = set(previous.get("created_dirs", []))
    for rel in [*files, MANIFEST]:
        for parent in reversed(rel.parents[:-1]):  # outermost first
            if not (home / parent).exists():
                created.add(str(parent))
    for rel, data in files.items():
        target = home / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, lambda fh, data=data: fh.write(data))
        result.files.append(target)
    manifest = {
        "files": sorted(str(rel) for rel in files),
        "created_dirs": sorted(created),
        "exec": command or exec_path(),
    }
    (home / MANIFEST).parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(home / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    _refresh(home, result)
    return result


def _read_manifest(home: Path) -> dict:
    try:
        data = json.loads((home / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _inside(home: Path, rel: str) -> Path | None:
    """``home / rel`` when ``rel`` is a plain relative path inside ``home``, else None."""
    path = Path(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return home / path


def uninstall(env: dict | None = None) -> DesktopInstall:
    """Remove what :func:`install` recorded in its manifest, then the folders it
    created once they hold nothing else (a MIME database that describes no package
    any more counts as nothing), and refresh the databases."""
    home = data_home(env)
    result = DesktopInstall(home)
    manifest = _read_manifest(home)
    if not manifest:
        result.notes.append(f"nothing to remove: no {home / MANIFEST}")
        return result
    for rel in [*manifest.get("files", []), str(MANIFEST)]:
        path = _inside(home, str(rel))
        if path is not None and (path.is_file() or path.is_symlink()):
            path.unlink()
            result.files.append(path)
    _refresh(home, result)
    created = [p for p in map(str, manifest.get("created_dirs", [])) if _inside(home, p)]
    for rel in sorted(created, key=lambda p: -len(Path(p).parts)):  # deepest first
        folder = home / rel
        if rel == "mime" and folder.is_dir() and not any((folder / "packages").glob("*")):
            shutil.rmtree(folder)  # only the database update-mime-database generated
            continue
        if rel == "applications" and folder.is_dir():
            cache = folder / "mimeinfo.cache"
            if cache.exists() and [p.name for p in folder.iterdir()] == ["mimeinfo.cache"]:
                cache.unlink()  # update-desktop-database's, for our entry only
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty (or gone): it holds something else now
    return result
