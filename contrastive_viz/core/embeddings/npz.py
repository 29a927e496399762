"""``.npz`` archives: the vectors array by name (or the only 2-D one), and labels.

The members are never unpickled and never read whole in their own dtype: the vectors
are streamed from the zip member into a float32 array, chunk by chunk. Before anything
is decompressed, each member's header is checked against the zip directory, against
the available memory, and against zip bombs (a member that compresses more than
:data:`MAX_RATIO` to 1; real embeddings hardly compress).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from ..safe_files import open_regular
from .dataset import _err, _Progress, _Raw
from .npy import _check_array, _data_bytes, _describe_shape, _read_npy_header
from .validation import _check_shape, _fits

_NPZ_NAMES = ("embeddings", "vectors", "x")  # in order of preference
MAX_RATIO = 100
"""A member larger than :data:`_RATIO_FROM` that compresses more than this is refused."""
_RATIO_FROM = 64 * 2**20
_CHUNK_BYTES = 16 * 2**20
_AS_NPY = "Save the vectors as a float32 .npy instead: it is memory-mapped, not copied."


class _Member:
    """One ``.npy`` member of the archive: its zip entry and its header."""

    def __init__(self, info: zipfile.ZipInfo, shape, fortran: bool, dtype, offset: int):
        self.info, self.shape, self.fortran, self.dtype = info, shape, fortran, dtype
        self.offset = offset  # bytes of .npy header before the data


def _npz_headers(zf: zipfile.ZipFile, path: Path) -> dict[str, _Member]:
    out = {}
    for info in zf.infolist():
        if info.filename.endswith(".npy"):
            with zf.open(info) as fp:
                shape, fortran, dtype = _read_npy_header(fp, path)
                offset = fp.tell()
            out[info.filename[:-4]] = _Member(info, shape, fortran, dtype, offset)
    return out


def _check_member(path: Path, name: str, m: _Member) -> None:
    """The declared data must be in the member, and the member must not be a bomb."""
    need, info = _data_bytes(m.shape, m.dtype), m.info
    if need > info.file_size - m.offset:
        raise _err(
            path,
            f"array '{name}' is truncated: its header says {_describe_shape(m.shape, m.dtype)} "
            f"({need:,} bytes) but the member holds {max(0, info.file_size - m.offset):,}",
        )
    if info.file_size > _RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise _err(
            path,
            f"array '{name}' expands {ratio:,}:1 ({info.compress_size:,} bytes to "
            f"{info.file_size:,}), like a zip bomb; real embeddings hardly compress, so it "
            f"was not decompressed. {_AS_NPY}",
        )


def _stream_vectors(zf: zipfile.ZipFile, m: _Member, tick: _Progress) -> np.ndarray:
    """Decompress the member in chunks straight into a float32 array."""
    n, d = m.shape
    out = np.empty((d, n) if m.fortran else (n, d), dtype=np.float32)
    flat = out.reshape(-1)
    total, item = n * d, m.dtype.itemsize
    step = max(1, _CHUNK_BYTES // item)
    with zf.open(m.info) as fp:
        fp.read(m.offset)
        for start in range(0, total, step):
            count = min(step, total - start)
            raw = fp.read(count * item)
            if len(raw) != count * item:
                raise EOFError("the member ended early")
            flat[start : start + count] = np.frombuffer(raw, dtype=m.dtype)
            tick(0.1 + 0.8 * (start + count) / total)
    return out.T if m.fortran else out


def _load_npz(path: Path, tick: _Progress) -> _Raw:
    try:
        with open_regular(path) as fp, zipfile.ZipFile(fp) as zf:
            return _read_npz(zf, path, tick)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise _err(path, f"not a valid .npz (zip) archive, or truncated ({exc})") from None
    except (NotImplementedError, RuntimeError) as exc:  # compression method, encryption
        raise _err(path, f"cannot read the .npz ({exc})") from None


def _read_npz(zf: zipfile.ZipFile, path: Path, tick: _Progress) -> _Raw:
    headers = _npz_headers(zf, path)
    listing = ", ".join(f"{k} {v.shape}" for k, v in headers.items()) or "none"
    name = next((k for want in _NPZ_NAMES for k in headers if k.lower() == want), None)
    if name is None:
        two_d = [k for k, m in headers.items() if len(m.shape) == 2]
        if len(two_d) != 1:
            which = "no 2-D array" if not two_d else "several 2-D arrays"
            raise _err(
                path,
                f"{which}; name the vectors 'embeddings', 'vectors' or 'X' (arrays: {listing})",
            )
        name = two_d[0]
    vec = headers[name]
    _check_array(path, vec.shape, vec.dtype, f"array '{name}'")
    _check_shape(path, vec.shape)
    _check_member(path, name, vec)
    n, d = vec.shape
    copies = 2 if vec.fortran else 1  # Fortran order is made C order once more later
    _fits(path, copies * n * d * 4, f"array '{name}' as float32", _AS_NPY)
    label_key = next((k for k in ("labels", "y") if k in headers), None)
    lab = headers[label_key] if label_key is not None else None
    if lab is not None:
        if lab.dtype.hasobject:
            raise _err(
                path,
                f"'{label_key}' holds Python objects (a pickle); refused, because loading a "
                "pickle can run arbitrary code. Save the labels as a string array.",
            )
        _check_member(path, label_key, lab)
        _fits(path, 8 * _data_bytes(lab.shape, lab.dtype), f"the labels '{label_key}'")
    tick(0.1)
    try:
        array = _stream_vectors(zf, vec, tick)
        labels_arr = None
        if lab is not None:
            with zf.open(lab.info) as fp:
                labels_arr = np.lib.format.read_array(fp, allow_pickle=False)
    except (ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise _err(path, f"cannot read the .npz ({exc})") from None
    images = _read_images(zf, path, headers, n)
    if labels_arr is None:
        return _Raw(array, {}, None, images=images)
    if labels_arr.ndim == 2 and labels_arr.shape[1] == 1:
        labels_arr = labels_arr[:, 0]
    if labels_arr.shape != (n,):
        raise _err(path, f"'{label_key}' has shape {labels_arr.shape} but '{name}' has {n} rows")
    if labels_arr.dtype.kind == "S":
        labels = [b.decode("utf-8", "replace") for b in labels_arr.tolist()]
    else:
        labels = [str(v) for v in labels_arr.tolist()]
    return _Raw(array, {"label": labels}, "label", images=images)


def _read_images(zf: zipfile.ZipFile, path: Path, headers: dict, n: int):
    """The optional ``images`` member: (n, h, w) or (n, h, w, 3|4), numbers, no pickle."""
    m = headers.get("images")
    if m is None:
        return None
    ok = len(m.shape) in (3, 4) and m.shape[0] == n and (len(m.shape) == 3 or m.shape[3] in (3, 4))
    if not ok or m.dtype.hasobject or m.dtype.kind not in "biuf":
        raise _err(path, f"'images' must be numbers of shape (n, h, w) or (n, h, w, 3|4) "
                         f"with n = {n}, not {_describe_shape(m.shape, m.dtype)}")  # fmt: skip
    _check_member(path, "images", m)
    _fits(path, _data_bytes(m.shape, m.dtype), "the images 'images'")
    try:
        with zf.open(m.info) as fp:
            images = np.lib.format.read_array(fp, allow_pickle=False)
    except (ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise _err(path, f"cannot read 'images' ({exc})") from None
    images.flags.writeable = False
    return images
