"""The steps of a series: which files of a folder are steps, their numbers and order.

A step's number is the LAST integer in its file name without the suffix
(``epoch_003.npy`` -> 3, ``step-1200.safetensors`` -> 1200, ``ckpt_e2_s1500.npz`` ->
1500). Steps are sorted by number, ties and files without a number by name (files
without a number come after the numbered ones). When no file has a number, the
order is by name alone and :func:`discover_steps` says so.

Never a step (so that a folder a training run is writing into can be read at any
moment):

* hidden files and names starting with ``~`` or ``#``, or ending in ``~``;
* temporary files of the write-then-rename convention: any dot-separated part of
  the name is ``tmp``, ``temp``, ``part``, ``partial``, ``download``,
  ``crdownload`` or ``swp`` (``epoch_3.npy.tmp``, ``epoch_3.tmp.npy`` as
  ``np.save`` writes it), or the name starts with ``tmp`` (``tempfile``'s default);
* metadata files: a name containing ``metadata``, or ``labels.*`` / ``label.*``;
* anything that is not a regular file once links are resolved (folders, FIFOs,
  sockets, devices, broken links: :func:`contrastive_viz.core.safe_files.regular_file`);
* suffixes the app cannot load (:data:`contrastive_viz.core.embeddings.SUPPORTED_SUFFIXES`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..embeddings import SUPPORTED_SUFFIXES
from ..safe_files import FileRefused, regular_file
from .errors import SeriesError

__all__ = [
    "StepFile",
    "check_series",
    "discover_steps",
    "is_temporary_name",
    "order_steps",
    "step_number",
]

_DIGITS = re.compile(r"\d+")
_TEMP_PARTS = {"tmp", "temp", "part", "partial", "download", "crdownload", "swp"}


@dataclass(frozen=True)
class StepFile:
    """One step of a series.

    Attributes
    ----------
    path : Path
        The file.
    name : str
        Display name: the file name without its suffix (``"epoch_003"``).
    number : int or None
        The step number parsed from the name (:func:`step_number`), None if none.
    """

    path: Path
    name: str
    number: int | None


def _stem(filename: str) -> str:
    path = Path(filename)
    return path.stem if path.suffix else path.name


def step_number(filename: str) -> int | None:
    """The last integer in ``filename`` without its suffix, None when it has no digits.

    >>> step_number("epoch_003.npy"), step_number("ckpt_e2_s1500.npz"), step_number("final.npy")
    (3, 1500, None)
    """
    found = _DIGITS.findall(_stem(Path(filename).name))
    return int(found[-1]) if found else None


def is_temporary_name(filename: str) -> bool:
    """Whether ``filename`` is hidden or a temporary/partial file (see the module doc)."""
    name = Path(filename).name
    lower = name.lower()
    if not name or lower.startswith((".", "~", "#", "tmp")) or lower.endswith("~"):
        return True
    return any(part in _TEMP_PARTS for part in lower.split(".")[1:])


def _is_metadata_name(filename: str) -> bool:
    lower = Path(filename).name.lower()
    return "metadata" in lower or _stem(lower) in ("labels", "label")


def _is_candidate(filename: str) -> bool:
    return (
        Path(filename).suffix.lower() in SUPPORTED_SUFFIXES
        and not is_temporary_name(filename)
        and not _is_metadata_name(filename)
    )


def _step(path: Path) -> StepFile:
    return StepFile(Path(path), _stem(Path(path).name), step_number(Path(path).name))


def _sorted(steps: Iterable[StepFile]) -> tuple[list[StepFile], bool]:
    items = list(steps)
    by_name = not any(s.number is not None for s in items)
    items.sort(
        key=lambda s: (s.number is None, s.number or 0, s.name.casefold(), s.name, str(s.path))
    )
    return items, by_name


def discover_steps(folder: str | os.PathLike[str]) -> tuple[list[StepFile], bool]:
    """The step files of a folder, in step order.

    Parameters
    ----------
    folder : path
        A folder; only its own files are listed (not sub-folders).

    Returns
    -------
    steps : list of StepFile
        Loadable, regular, non-temporary, non-metadata files sorted by number (ties and
        files without a number by name, after the numbered ones).
    by_name : bool
        True when no file has a number, so the order is by name only (say so).

    Raises
    ------
    SeriesError
        ``folder`` is not a readable folder.
    """
    root = Path(folder)
    try:
        names = [e.name for e in os.scandir(root)]
    except OSError as exc:
        raise SeriesError(f"cannot list the folder {root}: {exc.strerror or exc}") from None
    found = []
    for name in names:
        if not _is_candidate(name):
            continue
        try:
            regular_file(root / name)
        except FileRefused:
            continue
        found.append(_step(root / name))
    return _sorted(found)


def order_steps(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[StepFile], bool]:
    """Files chosen together, in step order (the rule of :func:`discover_steps`).

    Nothing is filtered out: the user chose these files.
    """
    return _sorted(_step(Path(p)) for p in paths)


def check_series(steps: list[StepFile], where: str = "the series") -> None:
    """Raise :class:`SeriesError` unless ``steps`` holds at least two steps.

    The message says what was found (``"... holds one step, 'epoch_001'; a series
    needs at least two"``).
    """
    if not steps:
        raise SeriesError(f"{where} holds no step file; a series needs at least two")
    if len(steps) == 1:
        raise SeriesError(f"{where} holds one step, '{steps[0].name}'; a series needs at least two")
