"""``.safetensors`` files, read from the published format with numpy alone (no pickle).

Layout: 8 bytes (little-endian u64) giving the length of a JSON header, the header
(``{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}``),
then the raw little-endian tensor data. Every 2-D float tensor (F64, F32, F16, BF16) is
offered (:func:`safetensors_candidates`); the vectors are the one named by ``key``, else
embeddings/vectors/X, else the only 2-D float tensor. F32 is memory-mapped; F16 and F64
are converted to float32 in chunks; BF16 (which numpy lacks) is converted from its raw
bits: a bfloat16 is the upper half of a float32.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from ..safe_files import open_regular
from .dataset import _err, _Progress, _Raw
from .validation import _check_shape, _fits

MAX_HEADER_BYTES = 100_000_000  # as the safetensors library
_FLOATS = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<u2"}
_ITEMSIZE = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1}
_ITEMSIZE |= {"U64": 8, "U32": 4, "U16": 2, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1}
_NAMES = ("embeddings", "vectors", "x")
_CHUNK_ROWS_BYTES = 16 * 2**20


def _header(path: Path) -> tuple[dict, int, int]:
    with open_regular(path) as fp:
        return _read_header(path, fp)


def _read_header(path: Path, fp) -> tuple[dict, int, int]:
    """The JSON header, the data's offset and the data's size, read from ``fp``."""
    size = fp.seek(0, 2)
    fp.seek(0)
    head = fp.read(8)
    if len(head) < 8:
        raise _err(path, "not a .safetensors file (shorter than 8 bytes)")
    length = int.from_bytes(head, "little")
    if length > min(MAX_HEADER_BYTES, size - 8):
        raise _err(path, f"not a .safetensors file (its header claims {length:,} bytes)")
    raw = fp.read(length)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _err(path, f"not a .safetensors file: bad header ({str(exc)[:120]})") from None
    if not isinstance(header, dict):
        raise _err(path, "not a .safetensors file: the header is not a JSON object")
    return header, 8 + length, size - 8 - length


def _tensor(path: Path, name: str, info, data_size: int) -> tuple[str, tuple[int, ...], int]:
    """Check one entry of the header; return its dtype, shape and data offset."""
    bad = f"tensor '{name}' has a malformed header entry"
    if not isinstance(info, dict):
        raise _err(path, bad)
    dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
    if dtype not in _ITEMSIZE or not isinstance(shape, list) or not isinstance(offsets, list):
        raise _err(path, f"{bad} (dtype {str(dtype)[:20]!r})")
    ints = [*shape, *offsets]
    if len(offsets) != 2 or not all(type(v) is int and v >= 0 for v in ints):
        raise _err(path, bad)
    begin, end = offsets
    need = math.prod(shape) * _ITEMSIZE[dtype]
    if end < begin or end > data_size or end - begin != need:
        raise _err(
            path,
            f"tensor '{name}' is truncated or corrupt: {'×'.join(map(str, shape))} {dtype} "
            f"needs {need:,} bytes at {begin:,}..{end:,}, the data holds {data_size:,}",
        )
    return dtype, tuple(shape), begin


def safetensors_candidates(path: Path) -> dict[str, tuple[tuple[int, ...], str]]:
    """Every 2-D float tensor of the file: ``{name: (shape, dtype)}``, in file order."""
    header, _start, data_size = _header(path)
    return _candidates(path, header, data_size)


def _candidates(path: Path, header: dict, data_size: int) -> dict:
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype, shape, _begin = _tensor(path, name, info, data_size)
        if dtype in _FLOATS and len(shape) == 2:
            out[name] = (shape, dtype)
    return out


def _choose(path: Path, found: dict, key: str | None) -> str:
    listing = ", ".join(f"{k} {s[0]} {s[1]}" for k, s in found.items()) or "none"
    if key is not None:
        if key not in found:
            raise _err(path, f"no 2-D float tensor named {key!r} (2-D float tensors: {listing})")
        return key
    by_name = next((k for want in _NAMES for k in found if k.lower() == want), None)
    if by_name is not None:
        return by_name
    if len(found) != 1:
        which = "no 2-D float tensor" if not found else "several 2-D float tensors"
        raise _err(path, f"{which}; choose one by name ({listing})")
    return next(iter(found))


def _load_safetensors(path: Path, tick: _Progress, key: str | None = None) -> _Raw:
    with open_regular(path) as fp:  # the file checked is the file mapped
        header, start, data_size = _read_header(path, fp)
        name = _choose(path, _candidates(path, header, data_size), key)
        dtype, shape, begin = _tensor(path, name, header[name], data_size)
        _check_shape(path, shape)
        mapped = np.memmap(fp, dtype=_FLOATS[dtype], mode="r", offset=start + begin, shape=shape)
    n, d = shape
    if dtype in ("F32", "F64", "F16"):
        if dtype != "F32":
            _fits(path, n * d * 4, f"tensor '{name}' as float32")
        return _Raw(mapped, {}, None)
    _fits(path, n * d * 4, f"tensor '{name}' as float32")
    out = np.empty(shape, dtype=np.float32)
    bits = out.view(np.uint32)
    step = max(1, _CHUNK_ROWS_BYTES // (4 * d))
    for a in range(0, n, step):  # bfloat16 -> float32: the 16 bits are the upper half
        np.left_shift(mapped[a : a + step].astype(np.uint32), 16, out=bits[a : a + step])
        tick(min(1.0, (a + step) / n))
    return _Raw(out, {}, None)


def _refuse_pickle(path: Path, tick: _Progress) -> _Raw:
    raise _err(
        path,
        "is a PyTorch file, which is a pickle: loading it could run arbitrary code, so it "
        "is refused. Convert it once where you trust it, in Python:\n"
        "    import torch, numpy as np\n"
        f"    np.save('{path.stem}.npy', torch.load('{path.name}', weights_only=True)"
        ".float().numpy())\n"
        "or, for safetensors: from safetensors.torch import save_file; "
        f"save_file({{'embeddings': torch.load('{path.name}', weights_only=True)}}, "
        f"'{path.stem}.safetensors')",
    )
