"""Deferred queues (email, tickets) in the roster objective: a linear FIFO backlog model.

A live queue's service depends on the heads in the interval, so a concave gain per interval
values it exactly. A deferred queue's does not: tickets arrive around the clock, wait in a
backlog, are worked first in, first out while the queue is open, and count as on time when done
within H opening hours. A head at 10:00 clears tickets that arrived at 08:30, or the night
before. So the model follows the backlog itself, the way ``planner.staffing.deferred.work_queue``
(the scorer the app shows) does, in seconds of work:

* ``W[t]``, the work done by the end of open interval t (cumulative), rises by at most what
  the heads allotted in t can do, ``cap_s[t] · cov[q, t]`` with ``cap_s`` = interval × max
  occupancy × (1 − shrinkage[t]), and never beyond the work that has arrived by then, ``A[t]``
  (arrivals while the queue is closed included);
* arrivals are grouped by deadline (every arrival of the night is due at the same morning
  interval). The on-time tickets of a group that arrived after ``A_before`` seconds of work are
  ``min(tickets, (W[due] − A_before) / aht)``. The second term is allowed below zero: a backlog
  behind by X tickets costs X at every deadline, a linear penalty that pulls the roster to catch
  up, and keeps the objective concave (clipping at zero would need a Boolean per deadline).

Whenever no deadline is missed entirely, this equals the scorer's on-time tickets for the same
heads: the greedy FIFO of ``work_queue`` does the most work possible by every interval, which
is what the maximisation picks. Heads beyond what the arrivals need add nothing (``W ≤ A``).
On-time tickets count ``TICKET_SCALE`` each, the unit of a live contact answered in target, so
email and voice compete for shared agents on equal terms.

No OR-Tools outside :func:`add_backlog`; the arithmetic helpers mirror the model in numpy so
decomposed parts and tests can score heads without a solver.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from planner.rostering.instance import RosterProblem
from planner.staffing.deferred import deadlines, target_of
from planner.staffing.evaluate import is_deferred

TICKET_SCALE = 1000   # objective units per on-time ticket: the live queues' unit (marginal tables)
AHT_SCALE = 10        # handle time in tenths of a second in the integer on-time constraint


@dataclass(frozen=True)
class DeadlineGroup:
    """Arrival intervals ``first..last`` that share the deadline interval ``due``."""

    first: int
    last: int
    due: int
    before_s: int      # work (seconds) that arrived before ``first``: done first, FIFO
    tickets: float
    aht_ds: int        # mean handle time of the group's tickets, tenths of a second

    @property
    def max_ticks(self) -> int:
        return int(round(TICKET_SCALE * self.tickets))


@dataclass(frozen=True)
class DeferredWork:
    """One deferred queue of a problem, in integers: capacity per head, arrivals, deadlines."""

    queue: int
    open_t: np.ndarray       # int indices of the intervals the queue is open
    cap_s: np.ndarray        # int (n_t,) seconds of work one scheduled head does (0 when closed)
    cum_in_s: np.ndarray     # int (n_t,) work arrived by the end of each interval, seconds
    groups: tuple[DeadlineGroup, ...]


def deferred_work(problem: RosterProblem, open_mask: np.ndarray) -> dict[int, DeferredWork]:
    """The deferred queues the backlog model covers, by queue index.

    Empty unless the problem carries per-interval handle times (``aht_s``): without them the
    queue keeps its per-interval gain table.
    """
    if problem.aht_s is None:
        return {}
    s = problem.scenario
    aht = np.asarray(problem.aht_s, dtype=float)
    n_t = aht.shape[1]
    if problem.shrinkage is not None:
        shrink = np.asarray(problem.shrinkage, dtype=float)
    else:
        shrink = np.array([[q.shrinkage] for q in s.queues], dtype=float).repeat(n_t, axis=1)
    volume = np.asarray(problem.volume, dtype=float)
    out: dict[int, DeferredWork] = {}
    for k, q in enumerate(s.queues):
        if not is_deferred(q):
            continue
        opened = np.asarray(open_mask[k], dtype=bool)
        aht_k = np.where(aht[k] > 0, aht[k], q.aht_s)
        cap = np.where(opened, np.rint((1.0 - shrink[k]) * s.interval_min * 60.0 * q.max_occupancy), 0)
        cum_in = np.rint(np.cumsum(volume[k] * aht_k)).astype(np.int64)
        _, hours = target_of(q)
        out[k] = DeferredWork(queue=k, open_t=np.flatnonzero(opened), cap_s=cap.astype(np.int64),
                              cum_in_s=cum_in,
                              groups=_deadline_groups(volume[k], cum_in, opened, s.interval_min, hours))
    return out


def _deadline_groups(volume: np.ndarray, cum_in_s: np.ndarray, open_mask: np.ndarray,
                     interval_min: int, hours: float) -> tuple[DeadlineGroup, ...]:
    """Arrivals grouped by deadline; those due after the horizon are the next plan's to keep."""
    due = deadlines(open_mask, interval_min, hours)
    n_t = len(volume)
    groups: list[DeadlineGroup] = []
    s = 0
    while s < n_t:
        e = s
        while e + 1 < n_t and due[e + 1] == due[s]:
            e += 1
        tickets = float(volume[s:e + 1].sum())
        before = int(cum_in_s[s - 1]) if s > 0 else 0
        work = int(cum_in_s[e]) - before
        if due[s] < n_t and tickets > 1e-9 and work > 0:
            groups.append(DeadlineGroup(s, e, int(due[s]), before, tickets,
                                        max(1, int(round(AHT_SCALE * work / tickets)))))
        s = e + 1
    return tuple(groups)


def greedy_work_s(dw: DeferredWork, heads: np.ndarray) -> np.ndarray:
    """Cumulative work done by the end of each interval when ``heads`` work FIFO, as fast as
    the backlog allows: the largest ``W`` the model's constraints admit, interval by interval."""
    done = np.zeros(len(dw.cap_s), dtype=np.int64)
    w = 0
    for t in range(len(dw.cap_s)):
        if dw.cap_s[t] > 0:
            w = min(int(dw.cum_in_s[t]), w + int(dw.cap_s[t]) * int(round(heads[t])))
        done[t] = w
    return done


def ontime_ticks(dw: DeferredWork, work_s: np.ndarray) -> int:
    """The model's on-time value (tickets × TICKET_SCALE, below zero when a deadline is missed
    by more than its arrivals) for the cumulative work ``work_s``."""
    total = 0
    for g in dw.groups:
        late = TICKET_SCALE * AHT_SCALE * (int(work_s[g.due]) - g.before_s) // g.aht_ds
        total += min(g.max_ticks, late)
    return total


def add_backlog(model: cp_model.CpModel, dw: DeferredWork, cov: dict[int, cp_model.IntVar],
                covered: np.ndarray | None) -> cp_model.LinearExpr:
    """Add the backlog of one deferred queue; returns its on-time ticks (tickets × TICKET_SCALE).

    Args:
        model: the roster model.
        dw: the queue's capacity, arrivals and deadline groups.
        cov: heads allotted to the queue per open interval (absent: nobody can serve it then).
        covered: heads earlier parts of a decomposed centre already give the queue per
            interval; their work is in hand, so this part's heads come on top of it.
    """
    q = dw.queue
    work: dict[int, cp_model.IntVar] = {}
    prev: cp_model.IntVar | int = 0
    for t in dw.open_t:
        t = int(t)
        w = model.new_int_var(0, int(dw.cum_in_s[t]), f"work_s[{q},{t}]")
        in_hand = int(dw.cap_s[t]) * int(round(covered[t])) if covered is not None else 0
        heads = cov.get(t)
        model.add(w >= prev)
        if heads is not None:
            model.add(w <= prev + int(dw.cap_s[t]) * heads + in_hand)
        else:
            model.add(w <= prev + in_hand)
        work[t] = w
        prev = w
    ticks = []
    for g in dw.groups:
        lowest = -(TICKET_SCALE * AHT_SCALE * g.before_s) // g.aht_ds - 1   # W = 0: every ticket before is late
        o = model.new_int_var(min(lowest, 0), g.max_ticks, f"ontime[{q},{g.first}]")
        # aht · ontime ≤ W[due] − A_before, in integers (aht in tenths of a second)
        model.add(g.aht_ds * o <= TICKET_SCALE * AHT_SCALE * (work[g.due] - g.before_s))
        ticks.append(o)
    return sum(ticks, cp_model.LinearExpr.constant(0))
