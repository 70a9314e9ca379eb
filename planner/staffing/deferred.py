"""Deferred work (email, tickets): "P % answered within H opening hours", FIFO backlog.

Contacts arrive around the clock but are worked only while the queue is open; the deadline
clock runs only in opening hours (a ticket at 19:50 with a 2-hour target is due at 09:50 the
next morning when the queue opens at 08:00). Work is done first in, first out, at
``max_occupancy`` of each agent's time. Within an interval arrivals are spread evenly.

The target is held *per arrival interval*: for every interval t, at least P of its contacts
are done by their deadline. Requirement: the least staffing per interval that keeps every
deadline, levelled so agents are not piled onto the last interval before a deadline (the rate
in each open interval is the largest average rate any upcoming deadline still needs).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.domain import Queue


@dataclass(frozen=True)
class DeferredResult:
    """Outcome of working a deferred queue with given staffing (arrays per interval)."""

    agents: np.ndarray          # staffing used (available agents)
    done: np.ndarray            # contacts completed in the interval
    backlog: np.ndarray         # contacts waiting at the end of the interval
    service_level: np.ndarray   # share of the interval's arrivals done by their deadline
    response_s: np.ndarray      # mean time from arrival to completion (nan if not all done)
    occupancy: np.ndarray       # work done / agent time offered


def target_of(queue: Queue) -> tuple[float, float]:
    """(share, hours) of the deferred target, falling back to target_sl / answer_s."""
    share = queue.deferred_pct if queue.deferred_pct is not None else queue.target_sl
    hours = queue.deferred_hours if queue.deferred_hours is not None else queue.answer_s / 3600.0
    return float(share), float(hours)


def deadlines(open_mask: np.ndarray, interval_min: int, hours: float) -> np.ndarray:
    """Index of the last interval in which work on each interval's arrivals still counts.

    ``len(open_mask)`` means the deadline falls after the horizon (no constraint inside it).
    """
    n_t = len(open_mask)
    need = max(1, int(np.ceil(hours * 60.0 / interval_min - 1e-9)))
    open_pos = np.flatnonzero(open_mask)
    opened_before = np.concatenate([[0], np.cumsum(open_mask)[:-1]])   # open intervals before t
    # the deadline is the need-th open interval from t on (t itself counts when open)
    target = opened_before + need - 1
    out = np.full(n_t, n_t, dtype=np.int64)
    inside = target < len(open_pos)
    out[inside] = open_pos[target[inside]]
    return out


def work_queue(volume: np.ndarray, aht_s: np.ndarray, agents: np.ndarray, open_mask: np.ndarray,
               interval_min: int, queue: Queue) -> DeferredResult:
    """Work the arrivals FIFO with the given available agents; score each arrival interval."""
    volume = np.asarray(volume, dtype=float)
    aht = np.where(np.asarray(aht_s, dtype=float) > 0, aht_s, queue.aht_s)
    agents = np.where(open_mask, np.asarray(agents, dtype=float), 0.0)
    interval_s = interval_min * 60.0
    work_s = volume * aht                                   # seconds of work arriving
    capacity_s = agents * interval_s * queue.max_occupancy
    cum_in = np.cumsum(work_s)
    done_s = np.empty_like(work_s)
    backlog_s = 0.0
    for t in range(len(work_s)):                            # FIFO: capacity eats the oldest first
        available = backlog_s + work_s[t]
        d = min(capacity_s[t], available)
        done_s[t] = d
        backlog_s = available - d
    cum_done = np.cumsum(done_s)
    share, hours = target_of(queue)
    due = deadlines(np.asarray(open_mask, dtype=bool), interval_min, hours)
    before = cum_in - work_s
    clipped = np.minimum(due, len(work_s) - 1)
    done_by_due = cum_done[clipped]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.clip((done_by_due - before) / np.where(work_s > 0, work_s, 1.0), 0.0, 1.0)
    # a deadline after the horizon is the next plan's to keep: those contacts are carried over as
    # backlog and not judged here (judging them at the horizon's end would show a false collapse)
    frac = np.where((work_s > 0) & (due < len(work_s)), frac, 1.0)
    response = _mean_response_s(cum_in, cum_done, work_s, interval_s)
    aht_safe = np.where(aht > 0, aht, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(agents > 0, done_s / (agents * interval_s), 0.0)
    return DeferredResult(agents=agents, done=done_s / aht_safe, backlog=(cum_in - cum_done) / aht_safe,
                          service_level=frac, response_s=response, occupancy=np.clip(occ, 0.0, 1.0))


def _mean_response_s(cum_in: np.ndarray, cum_done: np.ndarray, work_s: np.ndarray,
                     interval_s: float) -> np.ndarray:
    """Time from the middle of each arrival interval to when its middle contact is done."""
    n_t = len(cum_in)
    midpoint = cum_in - work_s / 2.0
    idx = np.searchsorted(cum_done, midpoint - 1e-9, side="left")
    out = np.full(n_t, np.nan)
    ok = idx < n_t
    prev = np.where(idx > 0, cum_done[np.maximum(idx - 1, 0)], 0.0)
    span = cum_done[np.minimum(idx, n_t - 1)] - prev
    with np.errstate(divide="ignore", invalid="ignore"):
        into = np.where(span > 0, (midpoint - prev) / span, 0.0)
    finish = (idx + np.clip(into, 0.0, 1.0)) * interval_s
    start = (np.arange(n_t) + 0.5) * interval_s
    out[ok] = np.maximum(finish[ok] - start[ok], 0.0)
    return np.where(work_s > 0, out, 0.0)


def required_deferred_agents(queue: Queue, volume: np.ndarray, aht_s: np.ndarray, open_mask: np.ndarray,
                             interval_min: int) -> np.ndarray:
    """Least (integer) available agents per interval keeping the deferred target, levelled.

    For each open interval s the rate is the largest, over deadlines k still ahead, of the work
    due by k and not yet done divided by the open intervals left until k; output can never
    exceed the work that has arrived. Integer agents are rounded up and carried forward, so
    the backlog the next interval sees is the one these agents leave.
    """
    volume = np.asarray(volume, dtype=float)
    aht = np.where(np.asarray(aht_s, dtype=float) > 0, aht_s, queue.aht_s)
    open_mask = np.asarray(open_mask, dtype=bool)
    n_t = len(volume)
    interval_s = interval_min * 60.0
    per_agent_s = interval_s * queue.max_occupancy
    work_s = volume * aht
    cum_in = np.cumsum(work_s)
    share, hours = target_of(queue)
    due_at = deadlines(open_mask, interval_min, hours)
    # work that must be done by the end of interval k: P of every arrival interval due by then
    need_by = np.zeros(n_t)
    inside = due_at < n_t
    np.maximum.at(need_by, due_at[inside], (cum_in - work_s + share * work_s)[inside])
    need_by = np.maximum.accumulate(need_by)
    open_left = np.concatenate([np.cumsum(open_mask[::-1])[::-1], [0]])   # open intervals t..end
    # no deadline lies further ahead than this, so looking further changes nothing
    window = int(np.max(due_at[inside] - np.flatnonzero(inside), initial=0)) + 1
    agents = np.zeros(n_t, dtype=np.int64)
    done_total = 0.0
    for s in range(n_t):
        if not open_mask[s]:
            continue
        end = min(n_t, s + window)
        future_due = need_by[s:end] - done_total
        opens = open_left[s] - open_left[s + 1:end + 1]             # open intervals s..k
        rate = np.max(np.where(opens > 0, future_due / np.maximum(opens, 1), 0.0), initial=0.0)
        rate = min(max(rate, 0.0), cum_in[s] - done_total)
        n = int(np.ceil(rate / per_agent_s - 1e-9)) if rate > 0 else 0
        agents[s] = n
        done_total += min(n * per_agent_s, cum_in[s] - done_total)
    return agents


def backlog_curve(queue: Queue, volume: np.ndarray, aht_s: np.ndarray, agents: np.ndarray,
                  open_mask: np.ndarray, interval_min: int) -> np.ndarray:
    """Contacts waiting at the end of each interval when worked by ``agents``."""
    return work_queue(volume, aht_s, agents, open_mask, interval_min, queue).backlog
