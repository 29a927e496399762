"""A run on disk: a folder of ``step_000100.npy`` snapshots plus ``run.json``; weights as ``.npz``.

The folder is a series (``core.series`` reads it): each ``step_NNNNNN.npy`` holds the
(n, out_dim) float64 unit embeddings of all the run's points at that step, in the data's
row order. ``labels.txt`` (one label per line, a metadata name the series skips) holds the
points' labels when the data has them. ``run.json`` holds the initial settings, the log of
changes and the snapshot steps, so :meth:`Run.replay` can rebuild the run. Every file is
written atomically (:mod:`core.atomic`), so a folder read while the run writes it never
holds a half-written step.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from ..atomic import atomic_write, atomic_write_text
from ..safe_files import FileRefused, open_regular, read_capped
from .encoder import MLPEncoder
from .run import RUN_FORMAT

__all__ = [
    "RUN_JSON",
    "load_run_folder",
    "load_weights",
    "save_run_json",
    "save_snapshot",
    "save_weights",
    "snapshot_name",
]

RUN_JSON = "run.json"
_STEP = re.compile(r"^step_(\d{6,})\.npy$")
_MAX_JSON = 64 * 1024 * 1024
_MAX_ARRAY = 1024 * 1024 * 1024
_MAX_WEIGHTS = 256 * 1024 * 1024


def snapshot_name(step: int) -> str:
    """``step_000100.npy`` for step 100 (six digits at least)."""
    return f"step_{int(step):06d}.npy"


def _npy_bytes(array: np.ndarray) -> bytes:
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(array), allow_pickle=False)
    return buf.getvalue()


def save_snapshot(folder: str | os.PathLike, step: int, embeddings: np.ndarray) -> Path:
    """Write one step's embeddings atomically as ``folder/step_NNNNNN.npy``."""
    data = _npy_bytes(np.asarray(embeddings, dtype=np.float64))
    return atomic_write(Path(folder) / snapshot_name(step), lambda fh: fh.write(data))


def save_run_json(
    folder: str | os.PathLike, record: dict, snapshots, label_names=None, labels=None
) -> Path:
    """Write ``run.json`` (``record`` from :meth:`Run.to_json` plus the snapshot steps) and,
    with ``labels`` (codes into ``label_names``), ``labels.txt``."""
    folder = Path(folder)
    out = dict(record, snapshots=sorted(int(s) for s in snapshots))
    if labels is not None:
        names = list(label_names)
        text = "".join(f"{names[int(c)]}\n" for c in labels)
        atomic_write_text(folder / "labels.txt", text)
        out["label_names"] = names
    return atomic_write_text(folder / RUN_JSON, json.dumps(out, indent=1, allow_nan=False))


def _parse_npy(data: bytes, what: str) -> np.ndarray:
    """A real-valued array from ``.npy`` bytes, checking the header against the byte count."""
    fp = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(fp)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(fp)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(fp)
    except (ValueError, EOFError, SyntaxError) as exc:
        raise FileRefused(f"{what}: not a valid .npy array ({exc})") from None
    if dtype.hasobject or dtype.kind not in "fiu":
        raise FileRefused(f"{what}: holds {dtype}, not real numbers")
    count = int(np.prod(shape, dtype=object))
    if count * dtype.itemsize != len(data) - fp.tell():
        raise FileRefused(f"{what}: its header promises {shape} {dtype}, the file disagrees")
    arr = np.frombuffer(data, dtype=dtype, count=count, offset=fp.tell())
    return arr.reshape(shape, order="F" if fortran else "C").astype(np.float64)


def load_run_folder(folder: str | os.PathLike) -> tuple[dict, dict[int, np.ndarray]]:
    """Read ``run.json`` and every ``step_NNNNNN.npy`` of a run folder.

    Returns ``(record, {step: embeddings})``.

    Raises
    ------
    FileRefused
        Naming the file: not a run, unreadable, an array of the wrong shape, NaN values.
    """
    folder = Path(folder)
    path = folder / RUN_JSON
    try:
        record = json.loads(read_capped(path, _MAX_JSON))
    except (ValueError, RecursionError) as exc:
        raise FileRefused(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(record, dict) or record.get("format") != RUN_FORMAT:
        raise FileRefused(f'{path}: not a contrastive-viz run (no "format": {RUN_FORMAT!r})')
    steps: dict[int, np.ndarray] = {}
    shape = None
    for entry in sorted(os.listdir(folder)):
        m = _STEP.match(entry)
        if not m:
            continue
        what = str(folder / entry)
        arr = _parse_npy(read_capped(folder / entry, _MAX_ARRAY), what)
        if arr.ndim != 2 or (shape is not None and arr.shape != shape):
            raise FileRefused(f"{what}: shape {arr.shape} differs from the other steps' {shape}")
        if not np.isfinite(arr).all():
            raise FileRefused(f"{what}: holds NaN or infinite values")
        shape = arr.shape
        steps[int(m.group(1))] = arr
    return record, steps


def save_weights(path: str | os.PathLike, encoder: MLPEncoder) -> Path:
    """Write the encoder's parameters (``W0, b0, ...``) atomically with :func:`numpy.savez`."""

    def write(fh) -> None:
        np.savez(fh, **{k: np.asarray(v) for k, v in encoder.params.items()})

    return atomic_write(path, write)


def load_weights(path: str | os.PathLike) -> MLPEncoder:
    """An :class:`MLPEncoder` from a ``.npz`` written by :func:`save_weights`.

    Members are read with a byte cap (a zip bomb is refused) and never unpickled.
    """
    what = str(path)
    with open_regular(path) as fp:
        try:
            zf = zipfile.ZipFile(fp)
        except zipfile.BadZipFile:
            raise FileRefused(f"{what}: not an .npz (zip) file") from None
        with zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > _MAX_WEIGHTS or len(infos) > 256:
                raise FileRefused(f"{what}: too large for an encoder's weights; refused")
            params = {}
            for info in infos:
                with zf.open(info) as member:
                    data = member.read(_MAX_WEIGHTS + 1)
                if len(data) > _MAX_WEIGHTS:
                    raise FileRefused(f"{what}: member {info.filename} is too large; refused")
                params[info.filename.removesuffix(".npy")] = _parse_npy(data, what)
    return _encoder_from(params, what)


def _encoder_from(params: Mapping[str, np.ndarray], what: str) -> MLPEncoder:
    n = len(params) // 2
    keys = [f"{p}{i}" for i in range(n) for p in ("W", "b")]
    if n < 1 or sorted(params) != sorted(keys):
        raise FileRefused(f"{what}: expected arrays W0, b0, W1, b1, ...; got {sorted(params)}")
    sizes = [params["W0"].shape[0] if params["W0"].ndim == 2 else -1]
    for i in range(n):
        w, b = params[f"W{i}"], params[f"b{i}"]
        if w.ndim != 2 or w.shape[0] != sizes[-1] or b.shape != (w.shape[1],):
            raise FileRefused(f"{what}: W{i} {w.shape} and b{i} {b.shape} do not chain")
        sizes.append(w.shape[1])
    if not all(np.isfinite(v).all() for v in params.values()):
        raise FileRefused(f"{what}: the weights hold NaN or infinite values")
    try:
        encoder = MLPEncoder(sizes)
    except ValueError as exc:
        raise FileRefused(f"{what}: {exc}") from None
    encoder.params = {k: np.array(params[k], dtype=np.float64) for k in keys}
    return encoder
