"""Split multi-skilled agents on duty across the queues they serve, as the roster objective does.

The roster solver chooses, per interval, how many heads of each skill group work each queue so
as to maximise the summed marginal value (``staffing.marginal``) under Hall's condition
(``rostering.coverage``). Scoring a roster with any other split — in proportion to need, say —
makes the app's predicted service level disagree with what the solver optimised: a roster can
score lower than a worse one. So the evaluator uses the same rule: the split that maximises the
same concave value, for whatever roster it is given (solver-made or hand-edited).

The feasible per-queue head counts form a polymatroid (``Σ_{q∈S} cov_q ≤ heads able to serve
some queue of S`` for every queue subset S), and the value is separable and concave in each
count, so adding heads one at a time where the next one is worth most, while the Hall bounds
allow, is optimal (greedy over a polymatroid). All intervals are processed at once.

Heads beyond the valued range (gain 0) still take contacts: they go to the open queue with the
most forecast volume among those the group may serve, the tie-break of the greedy.
"""
from __future__ import annotations

import numpy as np

from planner.domain import Queue
from planner.staffing.evaluate import is_deferred
from planner.staffing.marginal import concave_gains, raw_marginal_gains

MAX_SPLIT_QUEUES = 12          # 2^12 Hall subsets per interval; beyond it splits get slow
DEFERRED_FIRST = 1e6           # added to a deferred queue's heads up to its requirement: served first


def valued_heads(required: np.ndarray) -> np.ndarray:
    """Heads per queue-interval whose marginal value is computed: the requirement plus slack.

    Depends on the forecast only (not the roster), so every roster of a horizon — and every
    window the live evaluator re-scores — sees the same value of the k-th head.
    """
    required = np.maximum(np.asarray(required, dtype=float), 0.0)
    return np.ceil(required + np.maximum(3.0, 0.3 * required)).astype(np.int64)


def split_gains(queue: Queue, volume: np.ndarray, aht_s: np.ndarray, interval_min: int,
                open_mask: np.ndarray, keep: np.ndarray, required: np.ndarray) -> np.ndarray:
    """Value of the k-th scheduled head per interval, (n_t, max valued), zero beyond the valued range.

    A deferred queue (email) is served first up to its requirement: that requirement is already
    levelled to the least staffing that keeps the deadline, and a head short of it leaves its
    tickets in the FIFO ahead of every later ticket, so the shortfall cascades into hours of late
    work (scored per interval, such heads looked cheaper than a phone head and the backlog
    collapsed). Heads above it are valued by the tickets they clear, as for the roster.
    """
    valued = valued_heads(required)
    gains = concave_gains(raw_marginal_gains(queue, volume, aht_s, interval_min, valued, keep, open_mask))
    if is_deferred(queue):
        due = np.ceil(np.maximum(np.asarray(required, dtype=float), 0.0) - 1e-9)[:, None]
        gains = gains + np.where(np.arange(gains.shape[1])[None, :] < due, DEFERRED_FIRST, 0.0)
    return gains


def split_heads(heads: np.ndarray, group_skills: list[frozenset[int]], gains: list[np.ndarray],
                is_open: np.ndarray, volume: np.ndarray) -> np.ndarray:
    """Optimal integer heads per queue, (n_queues, n_intervals).

    Args:
        heads: (n_groups, n_t) agents of each skill group on duty (off break).
        group_skills: queue indices each group may serve.
        gains: per queue, (n_t, K_q) value of its (k+1)-th head (non-increasing in k).
        is_open: (n_queues, n_t); closed queues get nobody.
        volume: (n_queues, n_t) forecast contacts; breaks ties (surplus heads go to the busiest).
    """
    heads = np.asarray(heads, dtype=np.int64)
    n_q, n_t = is_open.shape
    alloc = np.zeros((n_q, n_t), dtype=np.int64)
    if n_t == 0 or n_q == 0 or heads.size == 0:
        return alloc
    if n_q > MAX_SPLIT_QUEUES:
        raise ValueError(f"{n_q} queues: the head split supports at most {MAX_SPLIT_QUEUES}")
    subsets = np.arange(1, 1 << n_q, dtype=np.int64)                     # (n_S,)
    member = ((subsets[None, :] >> np.arange(n_q)[:, None]) & 1).astype(bool)   # (n_q, n_S)
    open_bits = (np.asarray(is_open, dtype=np.int64) << np.arange(n_q)[:, None]).sum(axis=0)   # (n_t,)
    slack = np.zeros((len(subsets), n_t), dtype=np.int64)   # Hall bound per subset, less heads placed
    for g, skills in enumerate(group_skills):
        bits = sum(1 << q for q in skills)
        if not bits:
            continue
        reach = (bits & open_bits)[None, :] & subsets[:, None]
        slack += np.where(reach != 0, heads[g][None, :], 0)
    widths = [g.shape[1] for g in gains]
    padded = [np.concatenate([np.asarray(g, dtype=float), np.zeros((n_t, 1))], axis=1) for g in gains]
    vmax = float(np.max(volume, initial=0.0)) or 1.0
    tie = 1e-9 * (1.0 + np.asarray(volume, dtype=float) / vmax)          # below any real gain
    live = np.flatnonzero(slack[-1] > 0)                                  # intervals with anyone to place
    while live.size:
        sl = slack[:, live]
        room = np.stack([sl[member[q]].min(axis=0) for q in range(n_q)]) >= 1      # (n_q, n_live)
        room &= is_open[:, live]
        value = np.stack([padded[q][live, np.minimum(alloc[q, live], widths[q])] for q in range(n_q)])
        score = np.where(room, value + tie[:, live], -np.inf)
        best = np.argmax(score, axis=0)
        placed = room[best, np.arange(live.size)]
        live, best = live[placed], best[placed]
        if not live.size:
            break
        alloc[best, live] += 1
        slack[:, live] -= member[best].T
    return alloc
