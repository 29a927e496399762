"""HDF5 files (``.h5``, ``.hdf5``) through h5py, an optional extra.

The vectors are the 2-D numeric dataset named by ``key`` (a path such as
``"model/embeddings"``), else one named embeddings/vectors/X anywhere, else the only 2-D
numeric dataset; labels come from a 1-D ``labels`` or ``y`` dataset beside it. Files
with external links, and datasets that are virtual or keep their data in external
files, are refused: they reach other files. A contiguous, uncompressed little-endian
float32 dataset is memory-mapped; anything else is read in row chunks straight into
float32, after checking the available memory and the compression ratio (a dataset that
expands more than 100:1 is refused like a zip bomb).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from ..safe_files import open_regular
from .dataset import EmbeddingFileError, _err, _Progress, _Raw
from .npz import _RATIO_FROM, MAX_RATIO
from .validation import _check_shape, _fits

_NAMES = ("embeddings", "vectors", "x")
_CHUNK_BYTES = 16 * 2**20
_MAX_OBJECTS = 100_000


def _walk(h5py, f, path: Path) -> dict[str, object]:
    """Every dataset by its path; refuse external links. Soft links are not followed."""
    found: dict[str, object] = {}
    seen: set = set()
    todo = [("", f)]
    while todo:
        prefix, group = todo.pop()
        for name in group:
            link = group.get(name, getlink=True)
            full = f"{prefix}/{name}".lstrip("/")
            if isinstance(link, h5py.ExternalLink):
                raise _err(path, f"'{full}' is an external link to another file; refused")
            if not isinstance(link, h5py.HardLink):
                continue
            obj = group[name]
            if obj.id in seen:
                continue
            seen.add(obj.id)
            if len(seen) > _MAX_OBJECTS:
                raise _err(path, f"holds more than {_MAX_OBJECTS:,} objects; refused")
            if isinstance(obj, h5py.Group):
                todo.append((full, obj))
            elif isinstance(obj, h5py.Dataset):
                found[full] = obj
    return found


def _choose(path: Path, datasets: dict, key: str | None) -> str:
    two_d = {k: v for k, v in datasets.items() if v.ndim == 2 and v.dtype.kind in "fiu"}
    listing = ", ".join(f"{k} {v.shape} {v.dtype}" for k, v in two_d.items()) or "none"
    if key is not None:
        if key.strip("/") not in two_d:
            raise _err(path, f"no 2-D numeric dataset {key!r} (2-D datasets: {listing})")
        return key.strip("/")
    by_name = [k for k in two_d if k.rsplit("/", 1)[-1].lower() in _NAMES]
    if len(by_name) == 1:
        return by_name[0]
    if len(two_d) != 1:
        which = "no 2-D numeric dataset" if not two_d else "several 2-D datasets"
        raise _err(path, f"{which}; name the vectors 'embeddings' or choose one ({listing})")
    return next(iter(two_d))


def _check_dataset(path: Path, name: str, ds) -> None:
    if ds.is_virtual:
        raise _err(path, f"dataset '{name}' is virtual (its data is in other files); refused")
    if ds.external:
        raise _err(path, f"dataset '{name}' keeps its data in external files; refused")
    declared = math.prod(ds.shape) * ds.dtype.itemsize
    stored = ds.id.get_storage_size()
    if declared > _RATIO_FROM and declared > MAX_RATIO * max(stored, 1):
        raise _err(
            path,
            f"dataset '{name}' expands {declared // max(stored, 1):,}:1 ({stored:,} bytes "
            f"stored, {declared:,} declared), like a zip bomb; refused",
        )


def _read(path: Path, ds, tick: _Progress) -> np.ndarray:
    n, d = ds.shape
    if ds.dtype == np.dtype("<f4") and ds.chunks is None and ds.compression is None:
        offset = ds.id.get_offset()
        if offset is not None:
            with open_regular(path) as fp:  # the map goes through a checked descriptor
                return np.memmap(fp, dtype="<f4", mode="r", offset=offset, shape=(n, d))
    _fits(path, n * d * 4, "the dataset as float32", "Save it as a float32 .npy instead.")
    out = np.empty((n, d), dtype=np.float32)
    rows = max(1, _CHUNK_BYTES // (max(ds.dtype.itemsize, 4) * d))
    if ds.chunks is not None:
        rows = max(ds.chunks[0], rows // ds.chunks[0] * ds.chunks[0])
    for a in range(0, n, rows):
        b = min(n, a + rows)
        ds.read_direct(out, np.s_[a:b], np.s_[a:b])
        tick(b / n)
    return out


def _labels(path: Path, datasets: dict, vec_name: str, n: int):
    parent = vec_name.rsplit("/", 1)[0] + "/" if "/" in vec_name else ""
    for cand in (f"{parent}labels", f"{parent}y", "labels", "y"):
        ds = datasets.get(cand)
        if ds is None or ds.ndim != 1 or ds.shape[0] != n:
            continue
        _check_dataset(path, cand, ds)
        _fits(path, 8 * math.prod(ds.shape) * max(ds.dtype.itemsize, 8), f"labels '{cand}'")
        if ds.dtype.kind in "SOU" or ds.dtype.kind == "V":
            values = ds.asstr(errors="replace")[()] if ds.dtype.kind in "SO" else ds[()]
        else:
            values = ds[()]
        return [str(v) for v in values.tolist()]
    return None


def _h5py(path: Path):
    try:
        import h5py
    except ImportError:
        raise _err(
            path,
            "reading HDF5 needs h5py; install the hdf5 extra: pip install 'contrastive-viz[hdf5]'",
        ) from None
    return h5py


def hdf5_candidates(path: Path) -> dict[str, tuple[tuple[int, ...], str]]:
    """Every 2-D numeric dataset of the file: ``{path: (shape, dtype)}``, in walk order.

    External links are refused as when loading; the datasets are not read.
    """
    h5py = _h5py(path)
    try:
        with h5py.File(path, "r") as f:
            found = _walk(h5py, f, path)
            return {
                k: (tuple(v.shape), str(v.dtype))
                for k, v in found.items()
                if v.ndim == 2 and v.dtype.kind in "fiu"
            }
    except EmbeddingFileError:
        raise
    except (OSError, KeyError, TypeError, RuntimeError, ValueError) as exc:
        raise _err(path, f"not a readable HDF5 file ({str(exc)[:200]})") from None


def _load_hdf5(path: Path, tick: _Progress, key: str | None = None) -> _Raw:
    h5py = _h5py(path)
    try:
        with h5py.File(path, "r") as f:
            datasets = _walk(h5py, f, path)
            name = _choose(path, datasets, key)
            ds = datasets[name]
            _check_shape(path, ds.shape)
            _check_dataset(path, name, ds)
            array = _read(path, ds, tick)
            labels = _labels(path, datasets, name, ds.shape[0])
    except EmbeddingFileError:
        raise
    except (OSError, KeyError, TypeError, RuntimeError, ValueError) as exc:
        raise _err(path, f"not a readable HDF5 file ({str(exc)[:200]})") from None
    if labels is None:
        return _Raw(array, {}, None)
    return _Raw(array, {"label": labels}, "label")
