"""Live (queued) contacts: voice and chat, one queueing model per queue.

Voice uses Erlang C, or Erlang A when the queue has a customer patience. Chat uses the same
models on *slots*: an agent who handles up to C chats at once is C servers, each working one chat
for ``aht_s`` seconds (the elapsed time of a chat handled alongside others, as chat histories
record it). The first-response target is the answer-time threshold. docs/capacity.md gives the
assumptions and their limits.
"""
from __future__ import annotations

import numpy as np

from planner.domain import Queue
from planner.errors import ScenarioError
from planner.staffing.erlang import QueueMetrics, erlang_a_metrics, erlang_c_metrics

SLA_TOLERANCE = 1e-9  # a target met to nine decimals is met


def slots_per_agent(queue: Queue) -> int:
    """Servers one agent provides: chat concurrency, 1 for voice."""
    return max(1, int(queue.concurrency)) if queue.channel in ("chat", "social") else 1


def live_metrics(queue: Queue, agents: np.ndarray, lam_per_s: np.ndarray, aht_s: np.ndarray,
                 with_asa: bool = True) -> QueueMetrics:
    """Metrics for integer ``agents`` per interval (occupancy is per slot for chat)."""
    servers = np.asarray(agents, dtype=np.int64) * slots_per_agent(queue)
    if queue.patience_s:
        return erlang_a_metrics(servers, lam_per_s, aht_s, queue.answer_s, queue.patience_s, with_asa=with_asa)
    return erlang_c_metrics(servers, lam_per_s, aht_s, queue.answer_s)


def meets_targets(queue: Queue, m: QueueMetrics) -> np.ndarray:
    """True where every target of the queue holds: SL, ASA, abandonment, occupancy."""
    ok = m.service_level >= queue.target_sl - SLA_TOLERANCE
    if queue.max_asa_s is not None:
        ok &= np.nan_to_num(m.asa_s, nan=np.inf) <= queue.max_asa_s + SLA_TOLERANCE
    if queue.max_abandon is not None:
        ok &= m.p_abandon <= queue.max_abandon + SLA_TOLERANCE
    ok &= m.occupancy <= queue.max_occupancy + SLA_TOLERANCE
    return ok


def required_live_agents(queue: Queue, lam_per_s: np.ndarray, aht_s: np.ndarray,
                         max_agents: int = 20_000) -> np.ndarray:
    """Smallest integer agents per interval meeting every target (0 where there is no load).

    Each interval starts from a staffing known to fail (below the load at full occupancy, or
    below target-SL × load when callers may hang up, since answered contacts cannot exceed
    servers / AHT), gallops up in doubling steps until the targets hold, then bisects back: a
    dozen vectorised evaluations whatever the queue size. Every metric rises with staffing, so
    bisection finds the smallest.
    """
    lam = np.asarray(lam_per_s, dtype=float)
    aht = np.asarray(aht_s, dtype=float)
    slots = slots_per_agent(queue)
    load = lam * aht
    if queue.patience_s:
        lower_servers = np.ceil(queue.target_sl * load - 1e-9)
    else:
        lower_servers = np.maximum(np.floor(load) + 1.0, np.ceil(load / max(queue.max_occupancy, 1e-9) - 1e-9))
    busy = load > 0
    fail = np.maximum(np.ceil(lower_servers / slots) - 1, 0).astype(np.int64)   # known to fail
    ok = np.zeros_like(fail)
    step = np.ones_like(fail)
    active = np.flatnonzero(busy)
    while active.size:                                          # gallop up
        trial = fail[active] + step[active]
        good = meets_targets(queue, live_metrics(queue, trial, lam[active], aht[active],
                                                 with_asa=queue.max_asa_s is not None))
        ok[active[good]] = trial[good]
        fail[active[~good]] = trial[~good]
        step[active[~good]] *= 2
        active = active[~good]
        if active.size and fail[active].max() > max_agents:
            raise ScenarioError(
                f"queue '{queue.name}': no staffing up to {max_agents} agents meets its targets",
                column="max_abandon / max_asa_s / target_sl",
                fix="relax the queue's targets (e.g. max_abandon above 0 when callers may hang up)")
    active = np.flatnonzero(busy & (ok - fail > 1))
    while active.size:                                          # bisect back
        mid = (ok[active] + fail[active]) // 2
        good = meets_targets(queue, live_metrics(queue, mid, lam[active], aht[active],
                                                 with_asa=queue.max_asa_s is not None))
        ok[active[good]] = mid[good]
        fail[active[~good]] = mid[~good]
        active = active[ok[active] - fail[active] > 1]
    return np.where(busy, ok, 0)
