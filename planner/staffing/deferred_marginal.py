"""Marginal value of email/ticket heads for the roster objective.

A deferred queue has no per-interval service level of its own: a head short at 10:00 leaves work
in the FIFO backlog, and every ticket queued behind it is done later, so the loss shows up hours
later (or the next morning) as tickets past their deadline. Scoring each interval in isolation
(as for live queues) lets a roster starve email until the backlog collapses; a one-head
perturbation of the levelled requirement is absorbed by the rounding slack and reads as zero.

So a head is valued by the work it clears, measured against the levelled requirement
(``deferred.required_deferred_agents``, the least staffing that keeps the deadline share):

* each head up to the requirement is worth the tickets it works in the interval
  (``interval × max_occupancy / aht``), counted as tickets kept on time: the same unit as a live
  contact answered within target, so email and voice compete on equal terms for shared agents;
* each head above it is worth half the one before: it only buys slack against forecast error
  or a shortfall elsewhere in the deadline window.

The shape is flat then decreasing, hence concave, as the roster objective needs.
"""
from __future__ import annotations

import numpy as np

from planner.domain import Queue
from planner.staffing.deferred import required_deferred_agents

SLACK_DECAY = 0.5   # value of each head above the requirement relative to the one before


def deferred_marginal_table(queue: Queue, volume: np.ndarray, aht_s: np.ndarray, interval_min: int,
                            max_agents: int, open_mask: np.ndarray, per_head: np.ndarray | float) -> np.ndarray:
    """Tickets kept on time by the k-th scheduled head per interval, shape (n_t, max_agents).

    ``per_head`` is the available agents one scheduled head brings (``1 − shrinkage``), scalar or per interval.
    """
    volume = np.asarray(volume, dtype=float)
    aht = np.where(np.asarray(aht_s, dtype=float) > 0, aht_s, queue.aht_s)
    open_mask = np.asarray(open_mask, dtype=bool)
    net = required_deferred_agents(queue, volume, aht, open_mask, interval_min)
    heads = np.where(open_mask, np.ceil(net / per_head - 1e-9), 0.0)
    tickets_per_head = np.where(open_mask, per_head * interval_min * 60.0 * queue.max_occupancy / aht, 0.0)
    k = np.arange(1, max_agents + 1, dtype=float)[None, :]
    above = np.maximum(k - heads[:, None], 0.0)
    return tickets_per_head[:, None] * SLACK_DECAY ** above
