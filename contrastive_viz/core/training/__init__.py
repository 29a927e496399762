"""A built-in contrastive trainer in pure numpy, for the app's Train tab and for notebooks.

>>> from contrastive_viz.core.training import MLPEncoder, Run, TrainSettings, digits_data
>>> run = Run(digits_data(), TrainSettings(temperature=0.1, seed=0))
>>> for _ in range(100):
...     record = run.step()
>>> emb = run.embed()  # (1797, 3) unit vectors

* :class:`MLPEncoder` (:mod:`.encoder`): ReLU MLP, linear last layer, L2-normalized rows;
  ``loss_and_grads`` returns exactly :func:`core.losses.nt_xent` / :func:`core.losses.supcon`
  of its embeddings with analytic gradients.
* :class:`SGD`, :class:`Adam` (:mod:`.optim`); :class:`Augment` (:mod:`.augment`).
* :class:`Run`, :class:`TrainSettings` (:mod:`.run`): a seeded run whose changes are logged;
  :meth:`Run.replay` reproduces it bit for bit (same machine, same BLAS thread count).
* :mod:`.run_files`: a run as a folder of ``step_000100.npy`` snapshots plus ``run.json``,
  and the weights as ``.npz``. :mod:`.bridge`: one anchor's batch for the playground.
"""

from .augment import Augment, augment_batch
from .data import DIGITS_NAME, TrainData, digits_data, knn_accuracy, vectors_data
from .encoder import LOSSES, MLPEncoder, TrainingDiverged
from .optim import OPTIMIZERS, SGD, Adam, make_optimizer
from .run import LIVE_SETTINGS, RUN_FORMAT, Run, StepRecord, TrainSettings

__all__ = [
    "DIGITS_NAME",
    "LIVE_SETTINGS",
    "LOSSES",
    "OPTIMIZERS",
    "RUN_FORMAT",
    "SGD",
    "Adam",
    "Augment",
    "MLPEncoder",
    "Run",
    "StepRecord",
    "TrainData",
    "TrainSettings",
    "TrainingDiverged",
    "augment_batch",
    "digits_data",
    "knn_accuracy",
    "make_optimizer",
    "vectors_data",
]
