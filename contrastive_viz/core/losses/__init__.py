"""Contrastive losses in pure numpy, with exact gradients.

Conventions (see docs/architecture.md, "Maths conventions"):

* Every vector is L2-normalized first, so a similarity ``s`` is a cosine.
* InfoNCE for one anchor: ``L = -log(exp(s+/tau) / sum_k exp(s_k/tau))`` where
  ``k`` runs over the positive and the ``K`` negatives (cross-entropy with
  label 0).
* The gradient is taken with respect to the anchor's *direction*
  ``a_hat = a/|a|`` and projected onto the tangent plane of the unit sphere at
  ``a_hat``: ``(I - a_hat a_hat^T) sum_k (dL/ds_k) k_hat``. For InfoNCE this is
  ``(1/tau) (I - a a^T) (sum_k p_k k_hat - p_hat+)``.
* ``negative_weights`` is the share of the push each negative receives:
  ``dL/ds_n`` normalized to sum 1 over the negatives. For InfoNCE this equals
  ``softmax(s_n/tau)`` over the negatives alone, the relative penalty of
  Wang & Liu (CVPR 2021).

All softmax-style sums use log-sum-exp, so losses and gradients stay finite for
any temperature in ``[TAU_MIN, TAU_MAX]`` (``[1e-4, 1e4]``).

Modules: :mod:`.softmax` (InfoNCE and SupCon for one anchor, temperature sweeps),
:mod:`.margin` (triplet, margin contrastive), :mod:`.batch` (NT-Xent, SupCon over a
batch), :mod:`.geometry` (alignment, uniformity), :mod:`.temperature` (the accepted
temperatures), :mod:`.result` (:class:`LossResult`) and :mod:`.numerics` (unit vectors,
tangent projection, log-sum-exp).
"""

from .batch import nt_xent, supcon
from .geometry import alignment, uniformity
from .margin import margin_contrastive, triplet
from .result import LossResult
from .softmax import info_nce, supcon_anchor, temperature_sweep
from .temperature import TAU_MAX, TAU_MIN, check_temperature, check_temperature_range

__all__ = [
    "TAU_MAX",
    "TAU_MIN",
    "LossResult",
    "alignment",
    "check_temperature",
    "check_temperature_range",
    "info_nce",
    "margin_contrastive",
    "nt_xent",
    "supcon",
    "supcon_anchor",
    "temperature_sweep",
    "triplet",
    "uniformity",
]
