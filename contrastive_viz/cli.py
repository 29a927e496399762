"""Command line: parse arguments without importing Qt, then start the app."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from . import __version__
from .core.temperature import TAU_MAX, TAU_MIN


def _temperature(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and TAU_MIN <= value <= TAU_MAX):
        raise argparse.ArgumentTypeError(f"must lie in [{TAU_MIN:g}, {TAU_MAX:g}], got {text}")
    return value


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
        help="embedding files (.npy .npz .csv .tsv .txt .parquet) or scenes (.json)",
    )
    parser.add_argument("--scene", type=Path, metavar="FILE", help="open this scene (.json)")
    parser.add_argument(
        "--temperature", type=_temperature, metavar="T", help="start at temperature T"
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
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``contrastive-viz`` console script."""
    args = build_parser().parse_args(argv)
    from .app.application import run  # Qt is imported only now

    return run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
