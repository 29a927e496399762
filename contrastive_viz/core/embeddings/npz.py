"""``.npz`` archives: the vectors array by name (or the only 2-D one), and labels."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from .dataset import _err, _Progress, _Raw
from .npy import _check_array, _read_npy_header
from .validation import _check_shape

_NPZ_NAMES = ("embeddings", "vectors", "x")  # in order of preference


def _npz_headers(path: Path) -> dict[str, tuple[tuple[int, ...], np.dtype]]:
    out = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.filename.endswith(".npy"):
                with zf.open(info) as fp:
                    shape, _fortran, dtype = _read_npy_header(fp, path)
                out[info.filename[:-4]] = (shape, dtype)
    return out


def _load_npz(path: Path, tick: _Progress) -> _Raw:
    try:
        headers = _npz_headers(path)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise _err(path, f"not a valid .npz (zip) archive, or truncated ({exc})") from None
    listing = ", ".join(f"{k} {v[0]}" for k, v in headers.items()) or "none"
    name = next((k for want in _NPZ_NAMES for k in headers if k.lower() == want), None)
    if name is None:
        two_d = [k for k, (shape, _) in headers.items() if len(shape) == 2]
        if len(two_d) != 1:
            which = "no 2-D array" if not two_d else "several 2-D arrays"
            raise _err(
                path,
                f"{which}; name the vectors 'embeddings', 'vectors' or 'X' (arrays: {listing})",
            )
        name = two_d[0]
    _check_array(path, *headers[name], f"array '{name}'")
    _check_shape(path, headers[name][0])
    label_key = next((k for k in ("labels", "y") if k in headers), None)
    if label_key is not None and headers[label_key][1].hasobject:
        raise _err(
            path,
            f"'{label_key}' holds Python objects (a pickle); refused, because loading a "
            "pickle can run arbitrary code. Save the labels as a string array.",
        )
    try:
        with np.load(path, allow_pickle=False) as z:
            array = z[name]
            tick(0.7)
            labels_arr = z[label_key] if label_key is not None else None
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        raise _err(path, f"cannot read the .npz ({exc})") from None
    if labels_arr is None:
        return _Raw(array, {}, None)
    n = array.shape[0]
    if labels_arr.ndim == 2 and labels_arr.shape[1] == 1:
        labels_arr = labels_arr[:, 0]
    if labels_arr.shape != (n,):
        raise _err(path, f"'{label_key}' has shape {labels_arr.shape} but '{name}' has {n} rows")
    if labels_arr.dtype.kind == "S":
        labels = [b.decode("utf-8", "replace") for b in labels_arr.tolist()]
    else:
        labels = [str(v) for v in labels_arr.tolist()]
    return _Raw(array, {"label": labels}, "label")
