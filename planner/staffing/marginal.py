"""Marginal value of each extra agent, the currency of the roster objective.

An agent added where the queue is short saves many contacts; the same agent in a quiet,
well-staffed interval saves almost none (DOMAIN.md). The roster maximises the sum of these
gains, so the table must be integer (CP-SAT) and concave in k (each extra agent is worth no
more than the one before), which keeps the objective exact with ordered booleans.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import isotonic_regression

from planner.domain import Queue
from planner.staffing.deferred_marginal import deferred_marginal_table
from planner.staffing.evaluate import evaluate_queue, is_deferred

MARGINAL_SCALE = 1000   # contacts answered within target × 1000 per extra agent


def marginal_value_table(queue: Queue, volume: np.ndarray, aht_s: np.ndarray, interval_min: int,
                         max_agents: int, scale: int = MARGINAL_SCALE, per_scheduled_head: bool = True,
                         open_mask: np.ndarray | None = None,
                         shrinkage: np.ndarray | None = None) -> np.ndarray:
    """Integer gain in contacts answered within target of the k-th agent, shape (n_t, max_agents).

    ``per_scheduled_head`` counts heads on the roster: each is worth ``1 − shrinkage`` of an
    agent on the queue, as in the requirement (``shrinkage`` per interval when given). Deferred
    queues are valued by the tickets a head keeps on time over the whole horizon, measured
    around their levelled requirement (``deferred_marginal``), because their backlog carries
    the effect of a head into later hours. Gains are multiplied by ``queue.value_weight`` (a VIP
    contact is worth more than an ordinary one), made concave, scaled and rounded: CP-SAT has
    no floats.
    """
    n_t = np.asarray(volume).size
    share_off = 0.0 if not per_scheduled_head else (queue.shrinkage if shrinkage is None else shrinkage)
    keep = 1.0 - np.broadcast_to(np.asarray(share_off, dtype=float), (n_t,))
    mask = np.ones(n_t, dtype=bool) if open_mask is None else np.asarray(open_mask, dtype=bool)
    gain = raw_marginal_gains(queue, volume, aht_s, interval_min, np.full(n_t, max_agents), keep, mask)
    return np.rint(concave_gains(gain[:, :max_agents]) * scale).astype(np.int64)


def raw_marginal_gains(queue: Queue, volume: np.ndarray, aht_s: np.ndarray, interval_min: int,
                       valued: np.ndarray, keep: np.ndarray, open_mask: np.ndarray) -> np.ndarray:
    """Weighted gain of the k-th scheduled head for k ≤ ``valued[t]``, zero beyond: (n_t, max valued).

    Not made concave (``concave_gains`` does that): a ragged table costs the capacity engine
    only the staffings that matter in each interval, which keeps a 200-agent month cheap.
    ``keep`` is the share of a scheduled head available to the queue (``1 − shrinkage``).
    """
    volume = np.asarray(volume, dtype=float)
    n_t = volume.size
    valued = np.maximum(np.asarray(valued, dtype=np.int64), 0)
    open_mask = np.asarray(open_mask, dtype=bool)
    width = int(valued.max(initial=0))
    out = np.zeros((n_t, max(width, 1)))
    if width == 0:
        return out
    if is_deferred(queue):
        table = deferred_marginal_table(queue, volume, aht_s, interval_min, width, open_mask, keep)
        k = np.arange(width)[None, :]
        return np.where(k < valued[:, None], table, 0.0) * queue.value_weight
    rows = np.repeat(np.arange(n_t), valued + 1)
    starts = np.concatenate([[0], np.cumsum(valued + 1)[:-1]])
    k = np.arange(rows.size) - np.repeat(starts, valued + 1)
    keep = np.broadcast_to(np.asarray(keep, dtype=float), (n_t,))
    m = evaluate_queue(queue, volume[rows], np.asarray(aht_s, float)[rows], k * keep[rows],
                       interval_min, with_asa=False)
    answered = np.asarray(m["service_level"], dtype=float) * volume[rows]
    step = np.diff(answered)
    inside = np.flatnonzero(k[1:] > 0)                 # the step into the k-th head, same row
    gain_rows, gain_k = rows[1:][inside], k[1:][inside] - 1
    out[gain_rows, gain_k] = np.maximum(step[inside], 0.0)
    out[~open_mask] = 0.0
    return out * queue.value_weight


def concave_gains(gain: np.ndarray) -> np.ndarray:
    """Increments of the least concave majorant of the cumulative gain curve, row by row.

    Service level is S-shaped in agents: below the load the first agents answer almost nothing
    in time, then each one adds a lot, then less and less. The roster objective needs
    non-increasing increments, so the convex start is replaced by its chord (antitonic
    regression of the increments, which keeps their total): the k agents that lift an
    understaffed queue out of collapse are valued at their average worth.
    """
    out = gain.copy()
    rough = np.flatnonzero(np.any(np.diff(gain, axis=1) > 0, axis=1))
    for row in rough:
        out[row] = isotonic_regression(gain[row], increasing=False).x
    return out
