"""Day-window search: re-optimise every agent's shifts over a few days, the rest held fixed.

In a minute on two cores the whole-model search improves the queue split but hardly moves a
shift (see seed_hint.py); CP-SAT's own neighbourhoods are generic. Freeing all agents over a
window of consecutive days and fixing everything else is the move a planner would make: rest,
runs of days and weekly hours still bind across the window's edges (the fixed days are in the
model), and the sub-model is small enough to search well. Each window starts from the best
roster so far (a complete hint), so a window can only keep or improve it.

The windows run beside the whole-model search, which keeps one worker to prove the bound
(solve.py). Measured on 50 agents × 2 weeks, sequentially after a 30 s whole-model solve
(10.736 M): 5-day windows of 10 s reached 10.773 M in 40 s, which the whole-model search
reached only after 300 s; 1-day windows of 2 s gained a fifth of that, 3-day windows of 6 s
four fifths. In the 60 s solve from the seed: 5-day windows of 10 s 10.757–10.759 M, 7-day of
10.5 s 10.758 M, 3-day of 6 s 10.746 M, 5-day of 6 s 10.696 M (the first window, which takes
the roster from the seed's 10.46 M to 10.70 M, needs its time).
"""
from __future__ import annotations

import threading
import time
from typing import Callable

import numpy as np
from ortools.sat.python import cp_model

from planner.rostering.instance import RosterInstance
from planner.rostering.variables import RosterVariables

WINDOW_DAYS = 5           # days freed per window
WINDOW_S_PER_AGENT_DAY = 0.04   # search time per freed agent-day (50 agents × 5 days: 10 s)
WINDOW_MIN_S = 2.0        # a shorter window search finds too little to be worth its set-up

MIN_AGENT_DAYS = 300      # smaller models: the whole-model search does well on its own
SolveFn = Callable[[cp_model.CpSolver, cp_model.CpModel], int]


def window_s(inst: RosterInstance) -> float:
    """Search time for one window of this instance."""
    return max(WINDOW_MIN_S, WINDOW_S_PER_AGENT_DAY * len(inst.agents) * WINDOW_DAYS)


def worth_searching(inst: RosterInstance, left_s: float) -> bool:
    """Day windows pay only on models large enough that the whole-model search does not close
    them (small ones it proves optimal faster on both workers), with more days than a window
    and time for at least two windows: the first window mostly makes up for the whole-model
    search giving up a worker (from the seed, 50 agents × 2 weeks: the
    first 10 s window 10.46 → 10.70 M, the next ones +0.1 % each)."""
    return (len(inst.agents) * inst.n_days >= MIN_AGENT_DAYS and inst.n_days > WINDOW_DAYS
            and left_s >= 2 * window_s(inst))


def window_search(model: cp_model.CpModel, v: RosterVariables, values: list[int], deadline: float,
                  solve: SolveFn, *, done: threading.Event | None = None,
                  report: Callable[[float], None] | None = None,
                  num_workers: int = 2, seed: int = 0) -> tuple[cp_model.CpSolver | None, float]:
    """Improve a complete solution ``values`` of ``model`` by day windows until ``deadline``.

    Returns the solver holding the best window's solution (its values are read by variable
    index, so the caller's variables work on it) and that objective, or ``(None, -inf)`` when
    no window found a solution. ``solve`` runs one CP-SAT solve (the caller's cancellation
    applies); ``done`` ends the search early (the whole-model search finished); ``report``
    gets each improved objective.
    """
    inst = v.inst
    if inst.n_days <= WINDOW_DAYS:
        return None, float("-inf")
    seconds = window_s(inst)
    days_of: dict[int, int] = {}
    for (_, d, _), x in v.x.items():
        days_of[x.index] = d
    for (_, d), w in v.works.items():
        days_of[w.index] = d
    for (_, d), bvars in v.brk.items():
        for b in bvars.values():
            days_of[b.index] = d
    decision = np.array(sorted(days_of), dtype=np.int64)
    decision_day = np.array([days_of[int(i)] for i in decision], dtype=np.int64)
    rng = np.random.default_rng(seed)
    order: list[int] = []
    best: list[int] = list(values)
    best_solver: cp_model.CpSolver | None = None
    best_obj = float("-inf")
    while deadline - time.perf_counter() >= WINDOW_MIN_S and not (done is not None and done.is_set()):
        if not order:
            order = [int(d) for d in rng.permutation(inst.n_days - WINDOW_DAYS + 1)]
        d0 = order.pop()
        sub = model.clone()
        for i in decision[(decision_day < d0) | (decision_day >= d0 + WINDOW_DAYS)]:
            dom = sub.proto.variables[int(i)].domain
            dom.clear()
            dom.extend([best[i], best[i]])
        hint = sub.proto.solution_hint
        hint.vars.clear()
        hint.vars.extend(range(len(best)))
        hint.values.clear()
        hint.values.extend(best)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, min(seconds, deadline - time.perf_counter()))
        solver.parameters.num_workers = num_workers
        code = solve(solver, sub)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value > best_obj + 0.5:
            best_obj = float(solver.objective_value)
            best = list(solver.response_proto.solution)
            best_solver = solver
            if report is not None:
                report(best_obj)
    return best_solver, best_obj
