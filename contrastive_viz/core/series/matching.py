"""Matching the rows of the steps: by position, or by an id column.

The reference order is the first step's. :func:`match_rows` gives, for every step,
the index array ``order`` such that ``step[order]`` lists that step's rows in the
reference order. By position every ``order`` is ``arange(n)``; with
:func:`is_identity` a caller can skip indexing a memory-mapped step (which would copy
it) and index only the small results (projected coordinates, neighbour lists).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import SeriesError

__all__ = ["is_identity", "match_rows"]

_EXAMPLES = 3  # ids quoted in a message


def _examples(values: np.ndarray) -> str:
    shown = ", ".join(str(v) for v in values[:_EXAMPLES].tolist())
    return f"e.g. {shown}" if values.size > _EXAMPLES else shown


def _row_count(entry, name: str) -> int:
    if entry is None:
        raise SeriesError(f"step '{name}' gives no rows to match")
    if isinstance(entry, (int, np.integer)):
        return int(entry)
    return len(entry)


def _as_ids(entry, name: str, column: str) -> np.ndarray:
    if entry is None:
        raise SeriesError(f"step '{name}' has no column '{column}' to match rows by")
    ids = np.asarray(entry)
    if ids.ndim != 1:
        raise SeriesError(f"step '{name}': the column '{column}' is not one id per row")
    ids = np.char.strip(ids.astype(str))
    unique, counts = np.unique(ids, return_counts=True)
    if unique.size != ids.size:
        twice = unique[counts > 1]
        raise SeriesError(
            f"step '{name}' has {twice.size:,} duplicate id(s) in column '{column}' "
            f"({_examples(twice)}); ids must be unique"
        )
    return ids


def match_rows(
    ids: Sequence[np.ndarray | Sequence | int | None],
    names: Sequence[str],
    id_column: str | None,
) -> list[np.ndarray]:
    """Index arrays that put every step's rows in the first step's order.

    Parameters
    ----------
    ids : sequence, one entry per step
        With ``id_column``: that step's id column (strings or numbers; compared as
        stripped text, so ``17`` and ``"17"`` are the same id). Without it an entry
        only gives the step's row count: any array of length n (or the int n).
    names : sequence of str
        The steps' display names, for messages.
    id_column : str or None
        None matches by position (row counts must agree).

    Returns
    -------
    list of ndarray of int64
        ``orders[i]`` has length n; ``step_i[orders[i]]`` is in the reference order.

    Raises
    ------
    SeriesError
        Row counts differ (``"step 'epoch_004' has 999 rows; 'epoch_001' has 1000"``),
        a step lacks ids of the first (``"step 'b' lacks 3 ids of 'a' (17, 18, 40)"``),
        has ids the first lacks, has duplicate ids, or has no id column.
    """
    if len(ids) != len(names):
        raise ValueError(f"{len(ids)} id entries for {len(names)} names")
    if not names:
        raise SeriesError("a series needs at least one step")
    if id_column is None:
        counts = [_row_count(entry, name) for entry, name in zip(ids, names, strict=True)]
        for name, count in zip(names[1:], counts[1:], strict=True):
            if count != counts[0]:
                raise SeriesError(
                    f"step '{name}' has {count:,} rows; '{names[0]}' has {counts[0]:,}"
                )
        return [np.arange(counts[0], dtype=np.int64) for _ in names]
    ref = _as_ids(ids[0], names[0], id_column)
    orders = [np.arange(ref.size, dtype=np.int64)]
    for entry, name in zip(ids[1:], names[1:], strict=True):
        own = _as_ids(entry, name, id_column)
        sorter = np.argsort(own, kind="stable")
        pos = np.searchsorted(own, ref, sorter=sorter)
        pos_clipped = np.minimum(pos, max(own.size - 1, 0))
        found = (pos < own.size) & (own[sorter[pos_clipped]] == ref) if own.size else pos < 0
        if not found.all():
            missing = ref[~found]
            raise SeriesError(
                f"step '{name}' lacks {missing.size:,} id(s) of '{names[0]}' "
                f"({_examples(missing)}) in column '{id_column}'"
            )
        if own.size != ref.size:
            extra = np.setdiff1d(own, ref)
            raise SeriesError(
                f"step '{name}' has {extra.size:,} id(s) that '{names[0]}' lacks "
                f"({_examples(extra)}) in column '{id_column}'"
            )
        orders.append(sorter[pos].astype(np.int64))
    return orders


def is_identity(order: np.ndarray) -> bool:
    """Whether ``order`` is ``arange(len(order))`` (no reordering needed)."""
    order = np.asarray(order)
    return bool(np.array_equal(order, np.arange(order.size)))
