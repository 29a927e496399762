"""Command line: parse arguments without importing Qt, then start the app."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from . import __version__
from .core.temperature import parse_temperature


def _temperature(text: str) -> float:
    """``--temperature``: the rule of :func:`core.temperature.parse_temperature`."""
    try:
        return parse_temperature(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _lesson(text: str) -> int:
    """``--lesson N``: a shipped lesson's number, 1 to the number of lessons."""
    from .core.lesson import builtin_lessons  # Qt-free

    count = len(builtin_lessons())
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= count:
        raise argparse.ArgumentTypeError(f"choose a lesson from 1 to {count}, not {text!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="contrastive-viz",
        description=(
            "See contrastive losses: drag unit vectors on a sphere and watch InfoNCE, "
            "and explore your own embeddings with exact PCA."
        ),
        epilog=(
            "With no arguments the playground opens on the article's example and the "
            "explorer on scikit-learn's handwritten digits."
        ),
    )
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILES",
        help=(
            "embedding files (.npy .npz .csv .tsv .txt .parquet .arrow .feather .ipc "
            ".safetensors .h5 .hdf5), a Hugging Face datasets folder, or scenes (.json)"
        ),
    )
    parser.add_argument("--scene", type=Path, metavar="FILE", help="open this scene (.json)")
    parser.add_argument(
        "--temperature", type=_temperature, metavar="T", help="start at temperature T"
    )
    parser.add_argument(
        "--lesson",
        type=_lesson,
        metavar="N",
        help="start on guided lesson N (Help › Lessons; 1: cosine similarity)",
    )
    parser.add_argument(
        "--present", action="store_true", help="start in presentation mode (full screen)"
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="OUT.png",
        help="render the window once to OUT.png and exit",
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop",
        action="store_true",
        help="add contrastive-viz to your applications menu, with its icon and "
        "'Open with' for .npy, .npz and .cvscene.json files (under $XDG_DATA_HOME), and exit",
    )
    desktop.add_argument(
        "--uninstall-desktop",
        action="store_true",
        help="remove exactly what --install-desktop added, and exit",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _desktop(install: bool) -> int:
    """``--install-desktop`` / ``--uninstall-desktop`` (Qt-free)."""
    from . import desktop_install

    try:
        result = desktop_install.install() if install else desktop_install.uninstall()
    except OSError as exc:
        print(f"contrastive-viz: {exc}", file=sys.stderr)
        return 1
    verb = "installed" if install else "removed"
    for path in result.files:
        print(f"{verb} {path}")
    if result.tools:
        print("updated with " + ", ".join(result.tools))
    for note in result.notes:
        print(f"note: {note}")
    return 0


#: Qt-free modules the window needs, imported before PySide6: PySide6's import hook
#: reads the source of every module imported after it (to look for ``__feature__``),
#: which costs about 0.1 s at launch for numpy, psygnal and the core.
_BEFORE_QT = (
    "numpy",
    "psygnal",
    "contrastive_viz.core.curves",
    "contrastive_viz.core.embeddings",
    "contrastive_viz.core.explorer_data",
    "contrastive_viz.core.projection",
    "contrastive_viz.core.report",
    "contrastive_viz.app.models.explorer",
    "contrastive_viz.app.models.playground",
)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``contrastive-viz`` console script."""
    args = build_parser().parse_args(argv)
    if args.install_desktop or args.uninstall_desktop:
        return _desktop(args.install_desktop)
    for name in _BEFORE_QT:
        importlib.import_module(name)
    from .app.application import run  # Qt is imported only now

    return run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
