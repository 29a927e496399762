"""The scene file format: JSON, validated on load, saved atomically.

Version 1 holds a scene; version 2 may add a ``"lesson"`` object (a caption, a task
with a check, a hint, an explanation: :mod:`~.lesson`). Version-1 files keep
loading, and a plain scene is still saved as version 1, so older versions of the
app open it. See the README, "Scene files" and "Lessons". Everything here but
:func:`load_document` is re-exported by :mod:`contrastive_viz.core.scene`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from .atomic import atomic_write_text
from .safe_files import FileRefused, read_capped
from .scene import ROLE_COLORS, ROLES, Scene, SceneError

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_SCENE_BYTES",
    "load_document",
    "load_scene",
    "save_scene",
    "scene_from_dict",
    "scene_to_dict",
]

FORMAT_NAME = "contrastive-viz-scene"
#: The newest version this app reads (2: scenes with a lesson).
FORMAT_VERSION = 2
#: The version a scene without a lesson is saved as.
SCENE_VERSION = 1
MAX_SCENE_BYTES = 64 * 1024 * 1024


def scene_to_dict(scene: Scene) -> dict:
    """The scene as a JSON-ready dict in format version :data:`SCENE_VERSION` (1)."""
    vectors = []
    for i in range(len(scene)):
        entry = {
            "name": scene.names[i],
            "role": scene.roles[i],
            "xyz": [float(x) for x in scene.directions[i]],
            "color": scene.colors[i].lower(),
        }
        if scene.features[i] is not None:
            entry["features"] = [float(x) for x in scene.features[i]]
        vectors.append(entry)
    return {
        "format": FORMAT_NAME,
        "version": SCENE_VERSION,
        "title": scene.title,
        "loss": scene.loss,
        "temperature": float(scene.temperature),
        "triplet_margin": float(scene.triplet_margin),
        "contrastive_margin": float(scene.contrastive_margin),
        "vectors": vectors,
    }


def _short(value) -> str:
    """``repr(value)`` cut to 80 characters (a 5,000-digit integer cannot be printed)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
    text = repr(value) if not isinstance(value, (list, dict)) else f"a {type(value).__name__}"
    return text if len(text) <= 80 else text[:77] + "..."


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SceneError(f"{what} must be a number, got {_short(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise SceneError(f"{what} is too large for a float: {_short(value)}") from None
    if not np.isfinite(number):
        raise SceneError(f"{what} must be finite, got {_short(value)}")
    return number


def _numbers(value, what: str, length: int | None = None) -> list[float]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        size = f"{length} numbers" if length else "a list of numbers"
        raise SceneError(f"{what} must be {size}, got {_short(value)}")
    return [_number(x, f"{what}[{k}]") for k, x in enumerate(value)]


def scene_from_dict(data) -> Scene:
    """Validate a parsed JSON document and build the scene.

    Raises
    ------
    SceneError
        With a message naming the first problem found. No other exception escapes.
    """
    try:
        return _scene_from_dict(data)
    except SceneError:
        raise
    except (TypeError, ValueError, OverflowError, RecursionError) as exc:
        raise SceneError(f"not a valid scene ({type(exc).__name__}: {str(exc)[:200]})") from None


def _scene_from_dict(data) -> Scene:
    if not isinstance(data, dict):
        raise SceneError("the file must hold a JSON object")
    if data.get("format") != FORMAT_NAME:
        raise SceneError(f"not a contrastive-viz scene: 'format' must be {FORMAT_NAME!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SceneError(f"'version' must be a positive integer, got {version!r}")
    if version > FORMAT_VERSION:
        raise SceneError(
            f"scene format version {version} is newer than this app understands "
            f"({FORMAT_VERSION}); please update contrastive-viz"
        )
    vectors = data.get("vectors")
    if not isinstance(vectors, list) or not vectors:
        raise SceneError("'vectors' must be a non-empty list")
    names, roles, colors, dirs, feats = [], [], [], [], []
    for k, v in enumerate(vectors):
        where = f"vectors[{k}]"
        if not isinstance(v, dict):
            raise SceneError(f"{where} must be an object")
        name = v.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SceneError(f"{where}: 'name' must be a non-empty string")
        role = v.get("role")
        if not isinstance(role, str) or role not in ROLES:
            raise SceneError(f"{where} ({name}): 'role' must be one of {ROLES}, got {_short(role)}")
        xyz = _numbers(v.get("xyz"), f"{where} ({name}) 'xyz'", 3)
        if not any(xyz):
            raise SceneError(f"{where} ({name}): 'xyz' is the zero vector, which has no direction")
        color = v.get("color", ROLE_COLORS[role])
        if not isinstance(color, str):
            raise SceneError(f"{where} ({name}): 'color' must be '#rrggbb', got {_short(color)}")
        feat = v.get("features")
        if feat is not None:
            feat = np.asarray(_numbers(feat, f"{where} ({name}) 'features'"), dtype=np.float64)
        names.append(name)
        roles.append(role)
        colors.append(color)
        dirs.append(xyz)
        feats.append(feat)
    title = data.get("title", "")
    if not isinstance(title, str):
        raise SceneError("'title' must be a string")
    loss = data.get("loss", "info_nce")
    if not isinstance(loss, str):
        raise SceneError(f"'loss' must be a string, got {_short(loss)}")
    scene = _build(data, names, roles, colors, dirs, feats, title, loss)
    if "lesson" in data:  # checked here too, so a lesson file opened as a scene is checked
        if version < 2:
            raise SceneError("'lesson' needs format version 2 (this file says 1)")
        from .lesson import parse_lesson

        parse_lesson(data["lesson"], scene)
    return scene


def _build(data, names, roles, colors, dirs, feats, title, loss) -> Scene:
    try:
        return Scene(
            names=tuple(names),
            roles=tuple(roles),
            colors=tuple(colors),
            directions=np.array(dirs),
            features=tuple(feats),
            temperature=_number(data.get("temperature", 0.07), "'temperature'"),
            loss=loss,
            triplet_margin=_number(data.get("triplet_margin", 0.2), "'triplet_margin'"),
            contrastive_margin=_number(data.get("contrastive_margin", 1.0), "'contrastive_margin'"),
            title=title,
        )
    except SceneError:
        raise
    except ValueError as exc:  # e.g. the temperature check in the core
        raise SceneError(str(exc)) from None


def load_scene(path: str | os.PathLike) -> Scene:
    """Read and validate a scene file (:func:`load_document` with :func:`scene_from_dict`).

    Raises
    ------
    SceneError
        If the file is missing, not a regular file after resolving links (a FIFO, a
        device, a folder), larger than :data:`MAX_SCENE_BYTES` (counted on the bytes
        read), not UTF-8, not JSON (also: nested too deeply, integers with too many
        digits), or not a valid scene. The message starts with the file's name.
    """
    return load_document(path, scene_from_dict)


def load_document(path: str | os.PathLike, build):
    """Read ``path`` as a scene file would be read and return ``build(parsed JSON)``.

    ``build`` raises :class:`SceneError` for content it refuses; every message,
    also for the file itself (see :func:`load_scene`), starts with the file's name.
    """
    p = Path(path)
    try:
        try:
            raw = read_capped(p, MAX_SCENE_BYTES)
        except FileRefused as exc:
            raise SceneError(str(exc)) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SceneError(f"not UTF-8 text (bad byte at offset {exc.start})") from None
        del raw
        if not text.strip():
            raise SceneError("the file is empty")
        return build(_parse_json(text))
    except SceneError as exc:
        raise SceneError(f"{p.name}: {exc}") from None


def _parse_json(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise SceneError(f"not valid JSON: {exc.msg} at {where}") from None
    except RecursionError:
        raise SceneError("not a scene: the JSON is nested too deeply") from None
    except ValueError as exc:  # e.g. Python's limit on the digits of an integer
        raise SceneError(f"not a scene: {exc}") from None


def save_scene(scene: Scene, path: str | os.PathLike) -> Path:
    """Write ``scene`` as JSON, atomically: a crash never leaves a half-written file."""
    text = json.dumps(scene_to_dict(scene), indent=2) + "\n"
    return atomic_write_text(path, text)
