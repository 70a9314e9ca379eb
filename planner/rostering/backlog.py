"""Deferred queues (email, tickets) in the roster objective: a deadline-flow model of the backlog.

A live queue's service depends on the heads in the interval, so a concave gain per interval
values it exactly. A deferred queue's does not: tickets arrive around the clock, wait in a
backlog, are worked first in, first out while the queue is open, and count as on time when done
within H opening hours (``planner.staffing.deferred.work_queue``, the scorer the app shows). A
head at 10:00 clears tickets that arrived at 08:30, or the night before.

So the model follows the work itself. Arrivals are grouped by deadline (every arrival of the
night is due at the same morning interval; about 50 groups a day). Group g may be worked in the
open intervals from its arrival to its deadline; ``y[g, t]`` is the part of it done on time in
interval t, in tickets × ``ticket_value``:

* per interval, the groups worked share what the allotted heads can do:
  ``Σ_g aht_g · y[g, t] ≤ cap_s[t] · cov[q, t]``, with ``cap_s`` = interval × max occupancy ×
  (1 − shrinkage[t]) seconds per scheduled head;
* per group, at most its tickets: ``Σ_t y[g, t] ≤ tickets_g`` (heads beyond the need add
  nothing);
* the value is ``Σ y``: each on-time ticket counts ``TICKET_SCALE`` (times the queue's
  priority), the unit of a live contact answered within target, so email and voice compete for
  shared agents on equal terms.

The windows are nested (a later arrival is never due earlier), so working the earliest deadline
first, which is first in first out, is an optimal flow (Glover's greedy for convex bipartite
graphs); when the heads keep every deadline, the model's on-time tickets are the scorer's. When
they do not, the model drops the late tickets where the scorer's FIFO still works them first,
ahead of newer ones, so it rates an understaffed backlog higher than the scorer does.

The cumulative form (work done by t ≤ arrived by t, on time = work done by the deadline − work
arrived before) has the same optimum but chains every interval to the one before: CP-SAT's
neighbourhood search cannot move a chain of a thousand variables at once, and on a 50-agent
fortnight it ended 60 s at −2.7 × 10⁸ with the seed's idle backlog. Here a head moves only the
few groups open in its interval.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from planner.rostering.instance import RosterProblem
from planner.staffing.deferred import deadlines, target_of
from planner.staffing.evaluate import is_deferred

TICKET_SCALE = 1000   # objective units per on-time ticket: the live queues' unit (marginal tables)
AHT_SCALE = 10        # handle time in tenths of a second in the integer capacity constraint


@dataclass(frozen=True)
class DeadlineGroup:
    """Arrival intervals ``first..last`` that share the deadline interval ``due``."""

    first: int
    last: int
    due: int
    tickets: float
    aht_ds: int        # mean handle time of the group's tickets, tenths of a second


@dataclass(frozen=True)
class DeferredWork:
    """One deferred queue of a problem, in integers: capacity per head and deadline groups."""

    queue: int
    open_t: np.ndarray       # int indices of the intervals the queue is open
    cap_s: np.ndarray        # int (n_t,) seconds of work one scheduled head does (0 when closed)
    groups: tuple[DeadlineGroup, ...]
    ticket_value: int        # objective value of one on-time ticket (TICKET_SCALE × queue priority)

    def max_value(self, g: DeadlineGroup) -> int:
        """Objective value of a deadline group with every ticket on time."""
        return int(round(self.ticket_value * g.tickets))

    def windows(self) -> dict[int, list[int]]:
        """Open interval → the groups (indices) that may be worked in it, earliest due first."""
        out: dict[int, list[int]] = {}
        for i, g in enumerate(self.groups):
            for t in self.open_t[(self.open_t >= g.first) & (self.open_t <= g.due)]:
                out.setdefault(int(t), []).append(i)
        return dict(sorted(out.items()))


def deferred_work(problem: RosterProblem, open_mask: np.ndarray) -> dict[int, DeferredWork]:
    """The deferred queues the deadline-flow model covers, by queue index.

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
        _, hours = target_of(q)
        out[k] = DeferredWork(queue=k, open_t=np.flatnonzero(opened), cap_s=cap.astype(np.int64),
                              groups=_deadline_groups(volume[k], aht_k, opened, s.interval_min, hours),
                              ticket_value=int(round(TICKET_SCALE * q.value_weight)))
    return out


def _deadline_groups(volume: np.ndarray, aht_s: np.ndarray, open_mask: np.ndarray,
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
        work_s = float((volume[s:e + 1] * aht_s[s:e + 1]).sum())
        if due[s] < n_t and tickets > 1e-9 and work_s > 0:
            groups.append(DeadlineGroup(s, e, int(due[s]), tickets,
                                        max(1, int(round(AHT_SCALE * work_s / tickets)))))
        s = e + 1
    return tuple(groups)


def edf_value(dw: DeferredWork, heads: np.ndarray) -> int:
    """The model's optimum for fixed ``heads`` per interval: each interval works the waiting
    groups earliest deadline first and drops what is past due (optimal on nested windows)."""
    left = [dw.max_value(g) for g in dw.groups]
    for t, members in dw.windows().items():
        room = dw.ticket_value * AHT_SCALE * int(dw.cap_s[t]) * int(round(heads[t]))
        for i in members:
            if room <= 0:
                break
            take = min(left[i], room // dw.groups[i].aht_ds)
            left[i] -= take
            room -= take * dw.groups[i].aht_ds
    return sum(dw.max_value(g) - rest for g, rest in zip(dw.groups, left))


def add_deadline_flow(model: cp_model.CpModel, dw: DeferredWork, cov: dict[int, cp_model.IntVar],
                      covered: np.ndarray | None) -> cp_model.LinearExpr:
    """Add one deferred queue's deadline flow; returns its on-time tickets × ``ticket_value``.

    Args:
        model: the roster model.
        dw: the queue's capacity per head and deadline groups.
        cov: heads allotted to the queue per open interval (absent: nobody can serve it then).
        covered: heads earlier parts of a decomposed centre already give the queue per
            interval; their work is in hand, so this part's heads come on top of it.
    """
    q = dw.queue
    served: dict[int, list[cp_model.IntVar]] = {}
    for t, members in dw.windows().items():
        heads = cov.get(t)
        in_hand = int(round(covered[t])) if covered is not None else 0
        if heads is None and in_hand == 0:
            continue
        terms = []
        for i in members:
            g = dw.groups[i]
            y = model.new_int_var(0, dw.max_value(g), f"ontime[{q},{g.first},{t}]")
            served.setdefault(i, []).append(y)
            terms.append(g.aht_ds * y)
        # aht · on-time tickets ≤ the heads' seconds of work (aht in tenths of a second)
        per_head = dw.ticket_value * AHT_SCALE * int(dw.cap_s[t])
        model.add(sum(terms) <= per_head * in_hand + (per_head * heads if heads is not None else 0))
    values = []
    for i, ys in served.items():
        model.add(sum(ys) <= dw.max_value(dw.groups[i]))
        values.extend(ys)
    return sum(values, cp_model.LinearExpr.constant(0))
