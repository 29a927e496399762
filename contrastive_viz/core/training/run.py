"""A seeded training run that logs every change, so that it can be replayed bit for bit."""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field, fields, replace

import numpy as np

from ..losses.temperature import check_temperature_range
from .augment import Augment, augment_batch
from .data import TrainData
from .encoder import LOSSES, MLPEncoder, TrainingDiverged
from .optim import OPTIMIZERS, check_learning_rate, make_optimizer

__all__ = ["LIVE_SETTINGS", "RUN_FORMAT", "Run", "StepBatch", "StepRecord", "TrainSettings"]

RUN_FORMAT = "contrastive-viz run"
LIVE_SETTINGS = ("temperature", "lr", "shift", "noise", "erase", "dropout")
"""Settings that may change while a run trains (each change is logged with its step)."""


@dataclass(frozen=True)
class TrainSettings:
    """Everything that defines a run. Checked on construction (ValueError names the field)."""

    loss: str = "nt_xent"
    temperature: float = 0.1
    batch_size: int = 256
    lr: float = 3e-3
    optimizer: str = "adam"
    hidden: int = 128
    out_dim: int = 3
    seed: int = 0
    shift: float = 1.0
    noise: float = 0.1
    erase: float = 0.25
    dropout: float = 0.1
    snapshot_every: int = 100

    def __post_init__(self) -> None:
        if self.loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, got {self.loss!r}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {self.optimizer!r}")
        check_temperature_range(self.temperature)
        check_learning_rate(self.lr)
        for name, low in (("batch_size", 2), ("hidden", 1), ("out_dim", 2), ("snapshot_every", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
        if not isinstance(self.seed, (int, np.integer)) or self.seed < 0:
            raise ValueError(f"seed must be an integer >= 0, got {self.seed!r}")
        self.augment  # noqa: B018 - validates the strengths

    @property
    def augment(self) -> Augment:
        return Augment(self.shift, self.noise, self.erase, self.dropout)

    def to_dict(self) -> dict:
        return {k: (v.item() if isinstance(v, np.generic) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, d: dict) -> TrainSettings:
        """Settings from a dict (unknown keys are refused, missing ones take the defaults)."""
        names = {f.name for f in fields(cls)}
        unknown = set(d) - names
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        return cls(**d)


@dataclass(frozen=True)
class StepRecord:
    """What one step measured on its batch (Wang & Isola's metrics on the batch's views)."""

    step: int
    loss: float
    alignment: float  # mean |u1 - u2|^2 over the batch's pairs
    uniformity: float  # log mean_{i<j} exp(-2 |u_i - u_j|^2) over the first views


@dataclass(frozen=True)
class StepBatch:
    """The batch of the last step, for the playground bridge (:mod:`.bridge`).

    ``u`` holds the 2N unit views the step's loss was computed on (weights before the
    update); ``indices`` the data rows of the N samples; ``labels`` their label codes.
    """

    step: int
    indices: np.ndarray
    u: np.ndarray
    labels: np.ndarray | None
    temperature: float
    loss: str


@dataclass
class Run:
    """A training run: encoder, optimiser, random stream, and the log of changes.

    ``Run(data, settings)`` builds the encoder ``(data.dim, hidden, out_dim)`` seeded with
    ``settings.seed``; batches and augmentations come from a second stream of the same seed.
    Use :meth:`set` (not ``dataclasses.replace``) to change a setting mid-run: it is logged.
    """

    data: TrainData
    settings: TrainSettings = field(default_factory=TrainSettings)

    def __post_init__(self) -> None:
        s = self.settings
        if s.loss == "supcon" and self.data.labels is None:
            raise ValueError(
                "SupCon needs labels: its positives are the samples of the same class. "
                "This data has none, so only NT-Xent can train on it."
            )
        self.initial = s
        self.encoder = MLPEncoder((self.data.dim, s.hidden, s.out_dim), seed=s.seed)
        self.optimizer = make_optimizer(s.optimizer, s.lr)
        self.rng = np.random.default_rng([s.seed, 1])
        self.step_count = 0
        self.changes: list[dict] = []
        self.history: list[StepRecord] = []
        self.last_batch: StepBatch | None = None

    def set(self, name: str, value) -> None:
        """Change a live setting (see :data:`LIVE_SETTINGS`); it applies from the next step."""
        if name not in LIVE_SETTINGS:
            raise ValueError(f"{name} cannot change during a run; live settings: {LIVE_SETTINGS}")
        value = float(value)
        new = replace(self.settings, **{name: value})  # validates
        if new == self.settings:
            return
        self.settings = new
        if name == "lr":
            self.optimizer.lr = value
        self.changes.append({"step": self.step_count, "setting": name, "value": value})

    def _batch(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]:
        n = self.data.n
        idx = self.rng.choice(n, size=min(self.settings.batch_size, n), replace=False)
        x = self.data.x[idx]
        aug = self.settings.augment
        x1 = augment_batch(x, aug, self.rng, self.data.image_shape)
        x2 = augment_batch(x, aug, self.rng, self.data.image_shape)
        labels = None if self.data.labels is None else self.data.labels[idx]
        return x1, x2, labels, idx

    def step(self) -> StepRecord:
        """One optimiser step on a fresh batch.

        Raises
        ------
        TrainingDiverged
            If the loss, the gradients or the updated weights are not finite, or the
            updated weights no longer map the batch to finite directions; the encoder
            then keeps the weights it had before this step.
        """
        s = self.settings
        x1, x2, labels, idx = self._batch()
        with np.errstate(over="ignore", invalid="ignore"):  # non-finite values are refused
            loss, grads, u = self.encoder.loss_grads_embeddings(
                x1, x2, s.temperature, s.loss, labels
            )
        if not all(np.isfinite(g).all() for g in grads.values()):
            raise TrainingDiverged(f"step {self.step_count + 1}: the gradients are not finite")
        before = {k: v.copy() for k, v in self.encoder.params.items()}
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            self.optimizer.step(self.encoder.params, grads)
        if not self._finite_after_update(x1):
            self.encoder.params = before
            raise TrainingDiverged(
                f"step {self.step_count + 1}: the weights overflowed; try a lower learning rate"
            )
        self.step_count += 1
        record = StepRecord(self.step_count, loss, *_batch_metrics(u))
        self.last_batch = StepBatch(self.step_count, idx, u, labels, s.temperature, s.loss)
        self.history.append(record)
        return record

    def _finite_after_update(self, x: np.ndarray) -> bool:
        """Whether the updated weights are finite and still map ``x`` to finite directions."""
        if not all(np.isfinite(p).all() for p in self.encoder.params.values()):
            return False
        try:
            self.encoder.forward(x)
        except TrainingDiverged:
            return False
        return True

    def embed(self, x: np.ndarray | None = None) -> np.ndarray:
        """Unit embeddings of ``x`` (default: all the run's data) with the current weights."""
        return self.encoder.forward(self.data.x if x is None else x)

    def to_json(self) -> dict:
        """The run as a JSON-able dict: initial settings, the change log and the step reached."""
        return {
            "format": RUN_FORMAT,
            "version": 1,
            "data": self.data.name,
            "settings": self.initial.to_dict(),
            "changes": [dict(c) for c in self.changes],
            "step": self.step_count,
        }

    @classmethod
    def replay(
        cls, data: TrainData, record: dict, steps: int | None = None, progress=None, cancelled=None
    ) -> Run:
        """Rebuild a run from :meth:`to_json`'s dict: same seed, same changes at the same steps.

        ``progress(fraction)`` is called as it goes; when ``cancelled()`` turns True the run
        is returned where it stopped.
        """
        if record.get("format") != RUN_FORMAT:
            raise ValueError("not a contrastive-viz run record")
        run = cls(data, TrainSettings.from_dict(record["settings"]))
        target = int(record["step"] if steps is None else steps)
        changes = [c for c in record.get("changes", []) if int(c["step"]) <= target]
        changes.sort(key=lambda c: int(c["step"]))
        k = 0
        while True:
            while k < len(changes) and int(changes[k]["step"]) == run.step_count:
                run.set(changes[k]["setting"], changes[k]["value"])
                k += 1
            if run.step_count >= target or (cancelled is not None and cancelled()):
                return run
            run.step()
            if progress is not None:
                progress(run.step_count / target)


@functools.lru_cache(maxsize=4)
def _upper(n: int) -> np.ndarray:
    """The boolean mask of the strict upper triangle of an (n, n) matrix."""
    return np.triu(np.ones((n, n), dtype=bool), 1)


def _batch_metrics(u: np.ndarray) -> tuple[float, float]:
    """Alignment of the pairs and uniformity (t = 2) of the first views, from unit rows."""
    n = u.shape[0] // 2
    u1, u2 = u[:n], u[n:]
    align = float(np.mean(np.sum((u1 - u2) ** 2, axis=1)))
    upper = _upper(n)
    vals = -2.0 * np.clip(2.0 - 2.0 * (u1 @ u1.T)[upper], 0.0, None)
    m = vals.max()
    uniform = float(m + np.log(np.mean(np.exp(vals - m))))
    return align, uniform
