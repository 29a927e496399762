"""A built-in demo series, made reproducibly at first use and cached.

Eight steps (``epoch_000.npy`` ... ``epoch_007.npy``) of 1,500 x 32 float32 vectors
and a ``metadata.tsv`` with the columns ``id`` and ``label``. Six classes start as one
cloud and separate over "training"; each step is also turned by a random rotation of
the whole space (which alignment undoes), and 30 points change class halfway (the top
of the most-moved table). Everything comes from ``numpy.random.default_rng(SEED)``, so
the files are the same on every machine.

The folder is built in a temporary sibling and renamed into place, so a half-made
demo is never seen and two first uses at once cannot collide.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["DEMO_VERSION", "demo_series"]

DEMO_VERSION = 1
SEED = 20_201_010
STEPS, N, DIM, CLASSES, SWITCHERS = 8, 1500, 32, 6, 30
_NAMES = ("cat", "dog", "car", "ship", "plane", "bird")


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "contrastive-viz"


def _complete(folder: Path) -> bool:
    names = [f"epoch_{t:03d}.npy" for t in range(STEPS)] + ["metadata.tsv"]
    return all((folder / name).is_file() for name in names)


def _random_rotation(rng: np.random.Generator, d: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((d, d)))
    return q * np.sign(np.diag(r))


def _write(folder: Path) -> None:
    rng = np.random.default_rng(SEED)
    start = rng.integers(0, CLASSES, N)
    final = start.copy()
    movers = rng.choice(N, SWITCHERS, replace=False)
    final[movers] = (start[movers] + rng.integers(1, CLASSES, SWITCHERS)) % CLASSES
    centres = rng.standard_normal((CLASSES, DIM)) * 1.5
    own = rng.standard_normal((N, DIM))
    for t in range(STEPS):
        progress = t / (STEPS - 1)
        labels = np.where(progress < 0.5, start, final)
        noise = own * (1.2 - 0.8 * progress) + 0.25 * rng.standard_normal((N, DIM))
        x = (0.2 + 2.0 * progress) * centres[labels] + noise
        x = x @ _random_rotation(rng, DIM)
        np.save(folder / f"epoch_{t:03d}.npy", x.astype(np.float32), allow_pickle=False)
    lines = ["id\tlabel", *(f"p{i:04d}\t{_NAMES[c]}" for i, c in enumerate(final))]
    (folder / "metadata.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def demo_series(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """The demo series folder, created on first use (see the module docstring).

    Parameters
    ----------
    cache_dir : path, optional
        Where to keep it; by default ``$XDG_CACHE_HOME/contrastive-viz`` (or
        ``~/.cache/contrastive-viz``). The folder is ``<cache_dir>/demo-series-v1``.

    Returns
    -------
    Path
        The folder; a second call returns it without rewriting anything.
    """
    root = Path(cache_dir) if cache_dir is not None else _cache_root()
    folder = root / f"demo-series-v{DEMO_VERSION}"
    if _complete(folder):
        return folder
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".demo-series-", dir=root))
    try:
        _write(work)
        if folder.exists():  # an incomplete leftover
            shutil.rmtree(folder, ignore_errors=True)
        try:
            os.rename(work, folder)
        except OSError:
            if not _complete(folder):  # not another process that won the race
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder
