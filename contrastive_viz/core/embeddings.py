"""Load embedding files into an :class:`EmbeddingSet` (pure numpy: no Qt, no pandas).

Supported files: ``.npy``, ``.npz``, ``.csv``, ``.tsv``, ``.txt``, ``.parquet`` (needs
pyarrow), and the TensorFlow Embedding Projector pair ``vectors.tsv`` + ``metadata.tsv``.

Memory and speed:

* A float32, C-order ``.npy`` is memory-mapped read-only and never read whole into
  RAM; one chunked pass computes the row norms and finds invalid rows.
* Other ``.npy`` dtypes and Fortran order are converted to float32 in the same pass.
* Text is parsed in blocks by numpy's C parser (see ``_textparse``).

Every problem with a file raises :class:`EmbeddingFileError` whose message starts with
the file name. Rows are numbered from 1; text files also give the line number, which
counts from 1 as in a text editor.
"""

from __future__ import annotations

import itertools
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from contrastive_viz.core._textparse import LABEL_NAMES, TextParseError, parse_text, read_metadata

__all__ = [
    "EmbeddingFileError",
    "EmbeddingSet",
    "InvalidRowsError",
    "LoadCancelled",
    "load_embeddings",
]

SUPPORTED_SUFFIXES = (".npy", ".npz", ".csv", ".tsv", ".txt", ".parquet")
_VECTOR_NAMES = ("embeddings", "embedding", "vectors", "vector", "x")  # parquet columns
_NPZ_NAMES = ("embeddings", "vectors", "x")  # in order of preference
_SCAN_BYTES = 64 * 2**20  # rows per validation chunk: this many bytes of float32
_NPY_MAGIC = b"\x93NUMPY"
# Norms outside this range are recomputed in float64: below it the squares are subnormal
# in float32 and lose digits, above it their sum may overflow.
_SAFE_NORM = (1e-15, 1e18)


class EmbeddingFileError(ValueError):
    """A file cannot be loaded as embeddings; the message names the file and the problem."""


class InvalidRowsError(EmbeddingFileError):
    """Rows with NaN/Inf or all zeros; ``load_embeddings(..., drop_invalid=True)`` drops them.

    Attributes
    ----------
    count : int
        How many rows are invalid.
    """

    def __init__(self, message: str, count: int):
        super().__init__(message)
        self.count = count


class LoadCancelled(Exception):
    """Raised by :func:`load_embeddings` when its ``cancelled`` callback returns True."""


@dataclass(frozen=True, eq=False)
class EmbeddingSet:
    """Vectors loaded from a file, with their labels and metadata.

    Attributes
    ----------
    vectors : np.ndarray
        float32, shape (n, d), read-only. A read-only ``np.memmap`` for a float32
        C-order ``.npy`` (unless ``drop_invalid`` removed rows), else an ndarray.
    labels : list of str or None
        One label per row, or None when the file has no label column.
    metadata : dict of str to list of str
        Every metadata column in file order, the label column included. May be empty.
    label_column : str or None
        The key of the label column in ``metadata``.
    path : Path
        The vectors file.
    norms : np.ndarray
        float32, shape (n,): the L2 norm of each row (all > 0 and finite).
    dropped : int
        How many invalid rows ``drop_invalid=True`` removed.
    """

    vectors: np.ndarray
    labels: list[str] | None
    metadata: dict[str, list[str]]
    label_column: str | None
    path: Path
    norms: np.ndarray
    dropped: int = 0

    @property
    def n(self) -> int:
        """Number of rows (points)."""
        return int(self.vectors.shape[0])

    @property
    def d(self) -> int:
        """Number of dimensions."""
        return int(self.vectors.shape[1])


class _Progress:
    """Maps a sub-range of the work onto [0, 1] for ``progress``; checks ``cancelled``."""

    def __init__(self, progress, cancelled, lo: float = 0.0, hi: float = 1.0):
        self._progress, self._cancelled, self._lo, self._hi = progress, cancelled, lo, hi

    def __call__(self, fraction: float) -> None:
        if self._cancelled is not None and self._cancelled():
            raise LoadCancelled("loading was cancelled")
        if self._progress is not None:
            f = min(max(fraction, 0.0), 1.0)
            self._progress(self._lo + (self._hi - self._lo) * f)

    def span(self, lo: float, hi: float) -> _Progress:
        width = self._hi - self._lo
        return _Progress(
            self._progress, self._cancelled, self._lo + width * lo, self._lo + width * hi
        )


@dataclass
class _Raw:
    """What a format loader found, before conversion and validation."""

    array: np.ndarray
    columns: dict[str, list[str]]
    label: str | None
    first_line: int | None = None  # text files: the line number of row 1


def _err(path: Path, problem: str) -> EmbeddingFileError:
    return EmbeddingFileError(f"{path.name}: {problem}")


# --------------------------------------------------------------------------- .npy / .npz


def _read_npy_header(fp, path: Path) -> tuple[tuple[int, ...], bool, np.dtype]:
    try:
        version = np.lib.format.read_magic(fp)
        if version == (1, 0):
            return np.lib.format.read_array_header_1_0(fp)
        return np.lib.format.read_array_header_2_0(fp)
    except (ValueError, EOFError, OSError, SyntaxError) as exc:
        raise _err(path, f"corrupt or truncated .npy header ({exc})") from None


def _check_array(path: Path, shape: tuple[int, ...], dtype: np.dtype, what: str) -> None:
    if dtype.hasobject:
        raise _err(
            path,
            f"{what} holds Python objects (a pickle); refused, because loading a pickle can "
            "run arbitrary code. Save a numeric array instead.",
        )
    if dtype.kind not in "fiu":
        raise _err(path, f"{what} has dtype {dtype}; expected numbers (float or int)")
    if len(shape) != 2:
        raise _err(path, f"{what} has shape {shape}; expected a 2-D array (rows × dimensions)")


def _load_npy(path: Path, tick: _Progress) -> _Raw:
    with path.open("rb") as fp:
        head = fp.read(6)
        if head != _NPY_MAGIC:
            if head[:1] == b"\x80":
                why = "it is a Python pickle (refused, because loading a pickle can run code)"
            elif head[:2] == b"PK":
                why = "it is a zip archive; if it is an .npz, rename it to .npz"
            else:
                why = "the .npy magic header is missing"
            raise _err(path, f"not a NumPy .npy file: {why}")
        fp.seek(0)
        shape, _fortran, dtype = _read_npy_header(fp, path)
        data_start = fp.tell()
    _check_array(path, shape, dtype, "the array")
    need = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    have = path.stat().st_size - data_start
    if have < need:
        raise _err(
            path,
            f"truncated: the header says {' × '.join(map(str, shape))} {dtype} "
            f"({need:,} bytes of data) but the file holds only {have:,}",
        )
    _check_shape(path, shape)
    return _Raw(np.load(path, mmap_mode="r", allow_pickle=False), {}, None)


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


# --------------------------------------------------------------------------- text, parquet


def _load_text(path: Path, tick: _Progress) -> _Raw:
    suffix = path.suffix.lower()
    delimiter = {".csv": ",", ".tsv": "\t"}.get(suffix)
    try:
        table = parse_text(path, delimiter, sniff=suffix == ".txt", tick=tick)
    except TextParseError as exc:
        raise _err(path, str(exc)) from None
    return _Raw(table.vectors, table.columns, table.label_column, table.first_data_line)


def _load_parquet(path: Path, tick: _Progress) -> _Raw:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise _err(
            path,
            "reading .parquet needs pyarrow; install the parquet extra: "
            "pip install 'contrastive-viz[parquet]'",
        ) from None
    try:
        pf = pq.ParquetFile(path)
        groups = []
        for i in range(pf.num_row_groups):
            groups.append(pf.read_row_group(i))
            tick((i + 1) / pf.num_row_groups * 0.8)
        table = pa.concat_tables(groups) if groups else pf.schema_arrow.empty_table()
    except (pa.ArrowException, OSError) as exc:
        raise _err(path, f"not a readable Parquet file ({exc})") from None
    fields = list(table.schema)
    is_list = [
        pa.types.is_list(f.type)
        or pa.types.is_large_list(f.type)
        or pa.types.is_fixed_size_list(f.type)
        for f in fields
    ]
    lists = [f.name for f, flag in zip(fields, is_list, strict=True) if flag]
    named_labels = [f.name for f in fields if f.name.lower() in LABEL_NAMES]
    label = named_labels[0] if named_labels else None
    if label is None and fields and _is_text_type(pa, fields[0].type):
        label = fields[0].name
    vec = next((c for c in lists if c.lower() in _VECTOR_NAMES), None)
    if vec is None and len(lists) > 1:
        raise _err(path, f"several list columns ({', '.join(lists)}); name one 'embedding'")
    vec = vec if vec is not None else (lists[0] if lists else None)
    if vec is not None:
        array, vec_cols = _parquet_list_column(pa, table.column(vec), path, vec), {vec}
    else:
        vec_cols = {
            f.name
            for f in fields
            if (pa.types.is_integer(f.type) or pa.types.is_floating(f.type))
            and f.name not in named_labels
            and not f.name.startswith("__index_level_")
        }
        if not vec_cols:
            raise _err(path, "no vector column: expected a list column or numeric columns")
        names = [f.name for f in fields if f.name in vec_cols]
        array = np.empty((table.num_rows, len(names)), dtype=np.float32)
        for j, nm in enumerate(names):
            array[:, j] = table.column(nm).to_numpy(zero_copy_only=False)
    columns = {}
    for f in fields:
        if f.name not in vec_cols:
            values = table.column(f.name).to_pylist()
            columns[f.name] = ["" if v is None else str(v) for v in values]
    return _Raw(array, columns, label)


def _is_text_type(pa, t) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def _parquet_list_column(pa, chunked, path: Path, name: str) -> np.ndarray:
    arr = chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)
    n = len(arr)
    if arr.null_count:
        first = int(np.flatnonzero(arr.is_null().to_numpy(zero_copy_only=False))[0])
        raise _err(path, f"column '{name}' has no vector (null) at row {first + 1} (1-based)")
    if not (pa.types.is_integer(arr.type.value_type) or pa.types.is_floating(arr.type.value_type)):
        raise _err(path, f"column '{name}' holds {arr.type.value_type}, not numbers")
    if pa.types.is_fixed_size_list(arr.type):
        d = arr.type.list_size
    else:
        lengths = arr.value_lengths().to_numpy(zero_copy_only=False)
        d = int(lengths[0]) if n else 0
        ragged = np.flatnonzero(lengths != d)
        if ragged.size:
            r = int(ragged[0])
            raise _err(
                path,
                f"column '{name}': row {r + 1} (1-based) has {lengths[r]} values but row 1 has {d}",
            )
    values = arr.flatten().to_numpy(zero_copy_only=False)
    return values.reshape(n, d)


# --------------------------------------------------------------------------- validation


def _check_shape(path: Path, shape: tuple[int, ...]) -> None:
    if len(shape) != 2:
        raise _err(path, f"has shape {shape}; expected a 2-D array (rows × dimensions)")
    n, d = shape
    if n < 2 or d < 2:
        raise _err(path, f"has {n:,} row(s) × {d:,} dimension(s); need at least 2 of each")


def _scan(
    src: np.ndarray, tick: _Progress
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Convert to float32 C order if needed, and compute norms and invalid rows, chunked.

    Returns the float32 vectors (``src`` itself when it already is float32 C order),
    the row norms, and the masks of rows with NaN/Inf and of zero-norm rows.
    """
    n, d = src.shape
    direct = src.dtype == np.float32 and src.dtype.isnative and src.flags.c_contiguous
    out = src if direct else np.empty((n, d), dtype=np.float32)
    norms = np.empty(n, dtype=np.float32)
    nonfinite = np.zeros(n, dtype=bool)
    zero = np.zeros(n, dtype=bool)
    step = max(1, min(65536, _SCAN_BYTES // (4 * d)))
    with np.errstate(all="ignore"):
        for start in range(0, n, step):
            tick(start / n)
            stop = min(n, start + step)
            block = src[start:stop]
            if not direct:
                out[start:stop] = block
                block = out[start:stop]
            nrm = norms[start:stop]
            np.einsum("ij,ij->i", block, block, out=nrm)
            np.sqrt(nrm, out=nrm)
            odd = np.flatnonzero(~((nrm > _SAFE_NORM[0]) & (nrm < _SAFE_NORM[1])))
            if odd.size:  # NaN, Inf, zero, or squares near float32's limits: redo in float64
                sub = np.asarray(block[odd], dtype=np.float64)
                exact = np.sqrt(np.einsum("ij,ij->i", sub, sub)).astype(np.float32)
                finite = np.isfinite(sub).all(axis=1)
                nrm[odd] = exact
                nonfinite[start + odd] = ~finite | np.isinf(exact)
                zero[start + odd] = finite & (exact == 0)
    tick(1.0)
    return out, norms, nonfinite, zero


def _where(i: int, first_line: int | None) -> str:
    line = f", line {first_line + i} of the file" if first_line is not None else ""
    return f"row {i + 1}{line}"


def _invalid_message(nonfinite: np.ndarray, zero: np.ndarray, first_line: int | None) -> str:
    parts = []
    for mask, what in ((nonfinite, "contain NaN or Inf"), (zero, "are all zeros")):
        idx = np.flatnonzero(mask)
        if idx.size:
            parts.append(f"{idx.size:,} row(s) {what} (first: {_where(int(idx[0]), first_line)})")
    return (
        f"{' and '.join(parts)}; such rows have no direction for cosine similarity. "
        "Pass drop_invalid=True to remove them (rows count from 1)."
    )


# --------------------------------------------------------------------------- metadata


def _sibling_metadata(path: Path) -> Path | None:
    """``*vectors*.tsv`` -> the same name with vectors -> metadata, else metadata.tsv."""
    name = path.name
    i = name.lower().rfind("vectors")
    if path.suffix.lower() != ".tsv" or i < 0:
        return None
    for cand in (
        path.with_name(name[:i] + "metadata" + name[i + 7 :]),
        path.with_name("metadata.tsv"),
    ):
        if cand.is_file() and cand != path:
            return cand
    return None


def _merge_metadata(raw: _Raw, meta_path: Path, vectors_path: Path) -> None:
    n = raw.array.shape[0]
    _check_readable(meta_path)
    try:
        columns, label = read_metadata(meta_path, n)
    except TextParseError as exc:
        raise _err(meta_path, str(exc)) from None
    rows = len(next(iter(columns.values())))
    if rows != n:
        raise _err(
            meta_path,
            f"has {rows:,} rows but {vectors_path.name} has {n:,} vectors (a single-column "
            "metadata file has no header row; with several columns line 1 is the header)",
        )
    for name, values in columns.items():
        key = name
        while key in raw.columns:
            key = f"{key} (metadata)"
        raw.columns[key] = values
        if name == label:
            raw.label = key  # the metadata file's label wins over the vectors file's


# --------------------------------------------------------------------------- entry point


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise _err(path, f"file not found ({path})")
    if not path.is_file():
        raise _err(path, f"not a file ({path})")
    if not os.access(path, os.R_OK):
        raise _err(path, f"no permission to read it ({path})")
    if path.stat().st_size == 0:
        raise _err(path, "the file is empty")


_LOADERS = {
    ".npy": _load_npy,
    ".npz": _load_npz,
    ".csv": _load_text,
    ".tsv": _load_text,
    ".txt": _load_text,
    ".parquet": _load_parquet,
}


def load_embeddings(
    path: str | os.PathLike[str],
    metadata: str | os.PathLike[str] | None = None,
    drop_invalid: bool = False,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> EmbeddingSet:
    """Load an embedding file and validate every row.

    Parameters
    ----------
    path : str or PathLike
        ``.npy``, ``.npz``, ``.csv``, ``.tsv``, ``.txt`` or ``.parquet``.

        * ``.npy``: a 2-D numeric array; float32 C order is memory-mapped, other
          dtypes are converted to float32. Pickles and object arrays are refused
          and never unpickled.
        * ``.npz``: vectors from ``embeddings``, ``vectors`` or ``X``, else the only
          2-D array; labels from ``labels`` or ``y``.
        * ``.csv`` (commas), ``.tsv`` (tabs), ``.txt`` (tab, comma or whitespace,
          guessed from the first lines). Row 1 is a header when one of its cells is
          text above a number in row 2, or is label/labels/class/category, or when it
          is pandas' default names 0, 1, 2, ... above non-integers; a header holds no
          numbers other than 0, 1, 2, ... in order. The label column is the header
          column named label, labels, class or category (any case), else the first
          column when its cells are text. With a header, every column that is text on
          its first data row is kept as metadata (and may hold no numbers). Any other
          non-numeric cell is an error. Empty lines are allowed at the end only.
          Details: ``contrastive_viz.core._textparse``.
        * ``.parquet`` (needs pyarrow): vectors from a list column (named
          embedding(s)/vector(s)/X, or the only one), else from all numeric columns;
          the other columns become metadata.
    metadata : str or PathLike, optional
        An Embedding Projector metadata file, one row per vector, for any format (tab
        separated, or commas for ``.csv``; one column without a header, or several with
        a header row). Its columns are added to ``metadata`` and its label column (named
        label/labels/class/category, else the first) becomes the label. When None and
        ``path`` is ``*vectors*.tsv``, the sibling with vectors -> metadata in its name,
        else ``metadata.tsv`` beside it, is used if it exists.
    drop_invalid : bool
        Remove rows that hold NaN/Inf or are all zeros (counted in ``dropped``)
        instead of raising. Removing rows from a memory-mapped file copies the
        remaining vectors into RAM.
    progress : callable(float), optional
        Called now and then from the calling thread with the fraction done, in [0, 1].
    cancelled : callable() -> bool, optional
        Polled as often as ``progress``; when it returns True, :class:`LoadCancelled`
        is raised.

    Returns
    -------
    EmbeddingSet

    Raises
    ------
    EmbeddingFileError
        The file is missing, empty, truncated, of an unknown type, not UTF-8 text,
        malformed (ragged rows, non-numeric cells), a pickle, not 2-D, smaller than
        2 × 2, has invalid rows (unless ``drop_invalid``), or its metadata row count
        differs.
    LoadCancelled
        ``cancelled()`` returned True.
    """
    path = Path(path)
    report = _Progress(progress, cancelled)
    report(0.0)
    suffix = path.suffix.lower()
    if suffix not in _LOADERS:
        raise _err(
            path,
            f"unsupported file type {suffix or '(no extension)'!r}; supported: "
            + ", ".join(SUPPORTED_SUFFIXES),
        )
    _check_readable(path)
    load_share = 0.0 if suffix == ".npy" else 0.85
    raw = _LOADERS[suffix](path, report.span(0.0, load_share))
    _check_shape(path, raw.array.shape)
    meta_path = Path(metadata) if metadata is not None else _sibling_metadata(path)
    if meta_path is not None:
        _merge_metadata(raw, meta_path, path)
    vectors, norms, nonfinite, zero = _scan(raw.array, report.span(load_share, 1.0))
    columns = raw.columns
    dropped = 0
    bad = nonfinite | zero
    if bad.any():
        if not drop_invalid:
            message = str(_err(path, _invalid_message(nonfinite, zero, raw.first_line)))
            raise InvalidRowsError(message, int(bad.sum()))
        keep = ~bad
        dropped = int(bad.sum())
        vectors, norms = np.asarray(vectors)[keep], norms[keep]
        flags = keep.tolist()
        columns = {k: list(itertools.compress(v, flags)) for k, v in columns.items()}
        if vectors.shape[0] < 2:
            raise _err(path, f"only {vectors.shape[0]} valid row(s) left after dropping {dropped}")
    if not isinstance(vectors, np.memmap):
        vectors.flags.writeable = False
    norms.flags.writeable = False
    labels = columns[raw.label] if raw.label is not None else None
    return EmbeddingSet(vectors, labels, columns, raw.label, path, norms, dropped)
