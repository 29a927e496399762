"""Property tests: any scene JSON and any .npy header end in a load or the loader's error.

Each example is bounded in time (hypothesis ``deadline``) and in memory (the peak of
``tracemalloc``, which numpy reports its allocations to).
"""

import json
import math
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contrastive_viz.core import scene as sc
from contrastive_viz.core.embeddings import EmbeddingFileError, load_embeddings
from contrastive_viz.core.presets import article_example

MEMORY_BOUND = 64 * 2**20
SETTINGS = settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
TMP = Path(tempfile.mkdtemp(prefix="cv-props-"))

numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e308, -1e308, 5e-324, 1e-310, 0.0, 10**400]),
)
json_leaf = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=20))
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)


def _bounded(fn):
    tracemalloc.start()
    try:
        return fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < MEMORY_BOUND, f"peak {peak / 2**20:.0f} MB"


def _load_scene_text(text: str, name: str):
    path = TMP / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        scene = _bounded(lambda: sc.load_scene(path))
    except sc.SceneError as exc:
        assert str(exc).startswith(f"{name}: ")
        return None
    assert np.isfinite(scene.directions).all()
    np.testing.assert_allclose(np.linalg.norm(scene.directions, axis=1), 1.0, rtol=1e-12)
    assert math.isfinite(sc.evaluate(scene).result.loss)
    return scene


def _dump(value) -> str:
    try:
        return json.dumps(value)
    except ValueError:  # integers beyond Python's digit limit
        return "0"


@SETTINGS
@given(json_value)
def test_any_json_value_is_a_scene_or_a_scene_error(value):
    _load_scene_text(_dump(value), "any.json")


FIELDS = ["format", "version", "title", "loss", "temperature", "triplet_margin", "vectors"]
VECTOR_FIELDS = ["name", "role", "xyz", "color", "features"]


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=-1, max_value=6),
            st.sampled_from(FIELDS + VECTOR_FIELDS),
            json_value | numbers,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_near_valid_scenes_are_scenes_or_scene_errors(mutations):
    doc = sc.scene_to_dict(article_example())
    for index, field, value in mutations:
        vectors = doc.get("vectors")
        ok = isinstance(vectors, list) and 0 <= index < len(vectors)
        if field in VECTOR_FIELDS and ok and isinstance(vectors[index], dict):
            if field == "xyz" and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = [value, -value, 1e-300]
            vectors[index][field] = value
        elif field in FIELDS:
            doc[field] = value
        else:
            doc.pop(field, None)
    scene = _load_scene_text(_dump(doc), "near.json")
    if scene is not None:
        assert sc.load_scene(sc.save_scene(scene, TMP / "again.json")) == scene


shapes = st.one_of(
    st.lists(st.integers(min_value=0, max_value=2**64), max_size=4).map(tuple),
    st.lists(st.integers(min_value=0, max_value=8), min_size=2, max_size=2).map(tuple),
)
descrs = st.sampled_from(["<f4", ">f4", "<f8", "<f2", "<i4", "|u1", "|b1", "<c8", "|O", "<U3"])


def _npy(header: bytes, data: bytes) -> bytes:
    pad = 64 - (10 + len(header) + 1) % 64
    body = header + b" " * (pad % 64) + b"\n"
    if len(body) < 65536:
        return b"\x93NUMPY\x01\x00" + len(body).to_bytes(2, "little") + body + data
    return b"\x93NUMPY\x02\x00" + len(body).to_bytes(4, "little") + body + data


@st.composite
def npy_headers(draw):
    if draw(st.booleans()):
        shape, descr = draw(shapes), draw(descrs)
        fortran = draw(st.booleans())
        text = f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}"
    else:
        text = draw(st.text(max_size=120))
        if draw(st.booleans()):
            text = "{'descr': '<f4', 'fortran_order': False, 'shape': " + text
    data = draw(st.binary(max_size=256))
    return text.encode("utf-8", "surrogatepass"), data


@SETTINGS
@given(npy_headers(), st.sampled_from([".npy", ".npz"]))
def test_any_npy_header_is_a_load_or_an_embedding_file_error(case, suffix):
    import zipfile

    header, data = case
    raw = _npy(header, data)
    path = TMP / f"h{suffix}"
    if suffix == ".npy":
        path.write_bytes(raw)
    else:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("embeddings.npy", raw)
    try:
        ds = _bounded(lambda: load_embeddings(path))
    except EmbeddingFileError as exc:
        assert str(exc).startswith(f"h{suffix}: ")
        return
    assert ds.vectors.dtype == np.float32 and ds.n >= 2 and ds.d >= 2
