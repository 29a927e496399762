"""Scenes: the named vectors of the playground, their roles, the temperature
and the chosen loss, with a versioned JSON format.

A scene is immutable; edits return a new scene (which makes undo trivial).
Directions are stored as unit 3-D vectors for the sphere. A vector sent from
the explorer also carries its original ``features`` (d-dimensional); when
every vector has features, the loss is computed on them (see
:func:`evaluate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from . import losses
from .losses.numerics import robust_unit_rows

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "LOSSES",
    "ROLES",
    "ROLE_COLORS",
    "Scene",
    "SceneError",
    "SceneEvaluation",
    "evaluate",
    "load_scene",
    "save_scene",
    "scene_from_dict",
    "scene_to_dict",
]

ROLES = ("anchor", "positive", "negative")
LOSSES = {
    "info_nce": "InfoNCE",
    "supcon": "SupCon (several positives)",
    "triplet": "Triplet (cosine, margin)",
    "margin": "Contrastive margin (Hadsell 2006)",
}
ROLE_COLORS = {"anchor": "#ffc107", "positive": "#2ecc71", "negative": "#ef5350"}
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class SceneError(ValueError):
    """A scene file or scene edit that cannot be accepted; the message says why."""


def _settings(scene: Scene) -> tuple:
    """Everything of a scene but its arrays, as its file stores it."""
    return (
        scene.names,
        scene.roles,
        tuple(c.lower() for c in scene.colors),
        scene.title,
        scene.loss,
        float(scene.temperature),
        float(scene.triplet_margin),
        float(scene.contrastive_margin),
    )


def _same_features(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is None or b is None:
        return a is b
    return a is b or np.array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float))


#: Where ``core.evaluation.evaluate`` keeps a scene's normalized vectors (once a scene).
UNIT_CACHE = "_unit_space"


@dataclass(frozen=True, eq=False)
class Scene:
    """Named vectors with roles, plus the loss settings.

    Attributes
    ----------
    names, roles, colors : tuple of str
        One entry per vector; ``colors`` holds ``"#rrggbb"`` strings.
    directions : ndarray, shape (n, 3)
        Unit vectors shown on the sphere (read-only).
    features : tuple of (ndarray or None)
        The original d-dimensional vector of each entry, or None.
    temperature : float
    loss : str
        One of :data:`LOSSES`.
    triplet_margin, contrastive_margin : float
        Margins of the triplet loss (cosine distance) and of the Hadsell loss
        (Euclidean distance between unit vectors).
    title : str
    """

    names: tuple[str, ...]
    roles: tuple[str, ...]
    colors: tuple[str, ...]
    directions: np.ndarray
    features: tuple[np.ndarray | None, ...] = ()
    temperature: float = 0.07
    loss: str = "info_nce"
    triplet_margin: float = 0.2
    contrastive_margin: float = 1.0
    title: str = ""

    def __post_init__(self) -> None:
        dirs = np.array(self.directions, dtype=np.float64).reshape(-1, 3)
        n = dirs.shape[0]
        if not self.features:
            object.__setattr__(self, "features", (None,) * n)
        if not (len(self.names) == len(self.roles) == len(self.colors) == len(self.features) == n):
            raise SceneError("names, roles, colors, features and directions differ in length")
        if not np.isfinite(dirs).all():
            raise SceneError("every direction must be a finite, non-zero 3-D vector")
        # Normalize robustly (largest magnitude first: 1e308 and 1e-308 both work), and
        # only rows that are not unit already, so an edit of one vector leaves every
        # other direction bit-for-bit unchanged. Validate after normalizing.
        unit, zero = robust_unit_rows(dirs)
        if zero.any():
            raise SceneError("every direction must be a finite, non-zero 3-D vector")
        with np.errstate(over="ignore"):
            off = np.abs(np.linalg.norm(dirs, axis=1) - 1.0) > 4 * np.finfo(float).eps
        dirs[off] = unit[off]
        if not (np.isfinite(dirs).all() and np.allclose(np.linalg.norm(dirs, axis=1), 1.0)):
            raise SceneError("a direction could not be normalized to unit length")
        dirs.setflags(write=False)
        object.__setattr__(self, "directions", dirs)
        _validate(self)

    def __eq__(self, other: object) -> bool:
        """Equal when the saved files would be equal (colours compare case-insensitively).

        Compares the arrays directly, never through ``scene_to_dict``: a scene sent
        from the explorer holds hundreds of 768-D features, and every edit compares.
        """
        if not isinstance(other, Scene):
            return NotImplemented
        if self is other:
            return True
        return (
            _settings(self) == _settings(other)
            and np.array_equal(self.directions, other.directions)
            and all(map(_same_features, self.features, other.features))
        )

    __hash__ = None  # type: ignore[assignment]

    # ---- queries
    def __len__(self) -> int:
        return len(self.names)

    def index(self, role: str) -> list[int]:
        """Indices of the vectors with ``role``, in scene order."""
        return [i for i, r in enumerate(self.roles) if r == role]

    @property
    def anchor_index(self) -> int:
        return self.index("anchor")[0]

    # ---- edits (each returns a new, validated scene)
    def with_direction(self, i: int, direction) -> Scene:
        """Move vector ``i``; its original features no longer apply and are dropped.

        Only the new direction is checked (the names, roles and colours are
        those of this valid scene): this runs on every drag move.
        """
        d = np.array(direction, dtype=np.float64).reshape(3)
        if not np.isfinite(d).all():
            raise SceneError("every direction must be a finite, non-zero 3-D vector")
        with np.errstate(over="ignore", under="ignore"):
            norm = float(np.linalg.norm(d))
        if abs(norm - 1.0) > 4 * np.finfo(float).eps:
            unit, zero = robust_unit_rows(d[None, :])  # 1e308 and 1e-308 both work
            if zero[0]:
                raise SceneError("every direction must be a finite, non-zero 3-D vector")
            d = unit[0]
        dirs = self.directions.copy()
        dirs[i] = d
        dirs.setflags(write=False)
        feats = list(self.features)
        feats[i] = None
        new = object.__new__(Scene)
        new.__dict__.update(self.__dict__, directions=dirs, features=tuple(feats))
        new.__dict__.pop(UNIT_CACHE, None)  # the vectors changed: evaluate normalizes anew
        return new

    def with_temperature(self, temperature: float) -> Scene:
        """The same vectors at another (checked) temperature; nothing else is validated
        again and the normalized vectors are kept: every τ slider step runs this."""
        try:
            tau = losses.check_temperature_range(temperature)
        except ValueError as exc:
            raise SceneError(str(exc)) from None
        new = object.__new__(Scene)
        new.__dict__.update(self.__dict__, temperature=tau)
        return new

    def with_directions(self, directions) -> Scene:
        """Move every vector at once (features are dropped for the moved ones)."""
        new = np.asarray(directions, dtype=np.float64).reshape(-1, 3)
        moved = ~np.all(np.isclose(new, self.directions, rtol=0, atol=1e-15), axis=1)
        feats = tuple(None if m else f for m, f in zip(moved, self.features, strict=True))
        return replace(self, directions=new, features=feats)

    def with_vector(self, i: int, **changes) -> Scene:
        """Change ``name``, ``role`` or ``color`` of vector ``i``."""
        cols = {"name": list(self.names), "role": list(self.roles), "color": list(self.colors)}
        for key, value in changes.items():
            if key not in cols:
                raise SceneError(f"unknown vector attribute {key!r}")
            cols[key][i] = value
        return replace(
            self, names=tuple(cols["name"]), roles=tuple(cols["role"]), colors=tuple(cols["color"])
        )

    def added(self, name: str, role: str, direction, color: str | None = None, features=None):
        """A new scene with one more vector at the end."""
        return replace(
            self,
            names=self.names + (name,),
            roles=self.roles + (role,),
            colors=self.colors + (color or ROLE_COLORS.get(role, "#ffffff"),),
            directions=np.vstack([self.directions, np.asarray(direction, float).reshape(1, 3)]),
            features=self.features + (None if features is None else np.asarray(features, float),),
        )

    def removed(self, i: int) -> Scene:
        """A new scene without vector ``i``."""
        keep = [j for j in range(len(self)) if j != i]
        return replace(
            self,
            names=tuple(self.names[j] for j in keep),
            roles=tuple(self.roles[j] for j in keep),
            colors=tuple(self.colors[j] for j in keep),
            directions=self.directions[keep],
            features=tuple(self.features[j] for j in keep),
        )

    def unique_name(self, stem: str) -> str:
        """``stem`` followed by the smallest number that no vector uses yet."""
        k = 1
        while f"{stem}{k}" in self.names:
            k += 1
        return f"{stem}{k}"


def _validate(scene: Scene) -> None:
    if len(scene) == 0:
        raise SceneError("a scene needs at least an anchor, a positive and a negative")
    for name in scene.names:
        if not isinstance(name, str) or not name.strip():
            raise SceneError("every vector needs a non-empty name")
    if len(set(scene.names)) != len(scene.names):
        dup = next(n for n in scene.names if scene.names.count(n) > 1)
        raise SceneError(f"the name {dup!r} is used twice; names must be unique")
    for name, role in zip(scene.names, scene.roles, strict=True):
        if role not in ROLES:
            raise SceneError(f"vector {name!r} has role {role!r}; expected one of {ROLES}")
    for name, color in zip(scene.names, scene.colors, strict=True):
        if not isinstance(color, str) or not _COLOR.match(color):
            raise SceneError(f"vector {name!r} has colour {color!r}; expected '#rrggbb'")
    counts = {r: scene.roles.count(r) for r in ROLES}
    if counts["anchor"] != 1:
        raise SceneError(f"a scene needs exactly one anchor, this one has {counts['anchor']}")
    if counts["positive"] < 1 or counts["negative"] < 1:
        raise SceneError("a scene needs at least one positive and one negative")
    dims = {f.shape for f in scene.features if f is not None}
    for name, f in zip(scene.names, scene.features, strict=True):
        if f is not None and (f.ndim != 1 or f.size < 2 or not np.isfinite(f).all()):
            raise SceneError(f"vector {name!r} has invalid features (need >= 2 finite numbers)")
        if f is not None and robust_unit_rows(f)[1]:
            raise SceneError(f"vector {name!r} has all-zero features")
    if len(dims) > 1:
        raise SceneError(f"features have different dimensions: {sorted(d[0] for d in dims)}")
    try:
        losses.check_temperature_range(scene.temperature)
    except ValueError as exc:
        raise SceneError(str(exc)) from None
    if not isinstance(scene.loss, str) or scene.loss not in LOSSES:
        raise SceneError(f"unknown loss {scene.loss!r}; expected one of {tuple(LOSSES)}")
    for label, m in (("triplet", scene.triplet_margin), ("contrastive", scene.contrastive_margin)):
        if not np.isfinite(m) or m < 0:
            raise SceneError(f"the {label} margin must be finite and >= 0, got {m!r}")


# The evaluation and the file format live in their own modules; re-exported here for
# callers of ``scene`` (``scene.evaluate`` is looked up on this module at call time).
from .evaluation import SceneEvaluation, evaluate  # noqa: E402
from .scene_format import (  # noqa: E402
    FORMAT_NAME,
    FORMAT_VERSION,
    load_scene,
    save_scene,
    scene_from_dict,
    scene_to_dict,
)
