"""Why a roster problem is infeasible, in the planner's words.

Two layers:
- :func:`precheck` — cheap counting before any solve: a floor needing more heads than there
  are agents who could possibly be there, a contract minimum no allowed shift pattern reaches.
- :func:`explain_infeasible` — every hard rule (per agent, per block, per floor and day) goes
  behind an assumption literal; CP-SAT's ``sufficient_assumptions_for_infeasibility`` gives a
  conflicting subset, which is then shrunk (deletion filter) while time allows.
"""
from __future__ import annotations

import time

import numpy as np
from ortools.sat.python import cp_model

from planner.domain import MINUTES_PER_DAY
from planner.errors import Conflict
from planner.rostering.instance import RosterInstance, interval_label
from planner.rostering.model import build_model


def possible_duty(inst: RosterInstance) -> np.ndarray:
    """Bool (n_agents, n_t): the agent has some allowed shift covering the interval."""
    can = np.zeros((len(inst.agents), inst.n_t), dtype=bool)
    for a in range(len(inst.agents)):
        for d in range(inst.n_days):
            for o in inst.allowed[a][d]:
                lo, hi = inst.shift_span(d, o)
                can[a, lo:hi] = True
    return can


def _runs(ts: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive runs [first, last] in a sorted index array."""
    out: list[tuple[int, int]] = []
    for t in ts.tolist():
        if out and t == out[-1][1] + 1:
            out[-1] = (out[-1][0], t)
        else:
            out.append((t, t))
    return out


def precheck(inst: RosterInstance) -> list[Conflict]:
    """Conflicts found by counting alone (no solver)."""
    conflicts: list[Conflict] = []
    can = possible_duty(inst)
    n_q = inst.n_queues
    for q in range(n_q):
        name = inst.scenario.queues[q].name
        skilled = np.array([q in sk for sk in inst.skills], dtype=bool)
        vip = skilled & np.array([a.vip for a in inst.agents], dtype=bool)
        for need_arr, who, label in ((inst.floor[q], skilled, "skilled"), (inst.vip_floor[q], vip, "VIP-certified")):
            have = can[who].sum(axis=0) if who.any() else np.zeros(inst.n_t, dtype=int)
            bad = np.flatnonzero(need_arr > have)
            for lo, hi in _runs(bad):
                floor = inst.floor_names.get((q, lo), f"queue {name} minimum ≥ {int(need_arr[lo])}")
                conflicts.append(Conflict(
                    "cover floor",
                    f"{floor}: at {interval_label(inst, lo)}–{_end_label(inst, hi)} only {int(have[lo])} "
                    f"{label} agent(s) for {name} could be on duty (skills, night capability, contracts, "
                    f"time off), {int(need_arr[lo])} needed"))
    have_all = can.sum(axis=0)
    for lo, hi in _runs(np.flatnonzero(inst.min_staff > have_all)):
        conflicts.append(Conflict("minimum staff", f"at {interval_label(inst, lo)}–{_end_label(inst, hi)} only "
                                  f"{int(have_all[lo])} agent(s) could be on duty, {int(inst.min_staff[lo])} needed"))
    for a, ag in enumerate(inst.agents):
        for block in inst.blocks:
            lo_min, _ = inst.paid_bounds(a, block)
            _, max_days = inst.days_bounds(a, block)
            best = sorted((max((inst.catalogue[o].paid_min for o in inst.allowed[a][d]), default=0) for d in block),
                          reverse=True)[:max_days]
            if sum(best) < lo_min:
                conflicts.append(Conflict(
                    "weekly paid hours",
                    f"agent {ag.id} ({ag.contract}) can work at most {sum(best) / 60:g} h in "
                    f"{inst.days[block[0]]}–{inst.days[block[-1]]} (days allowed, templates, time off), "
                    f"contract minimum {lo_min / 60:g} h"))
    budget = inst.budget_min()
    if budget is not None and inst.contract_min_paid() > budget:
        conflicts.append(budget_conflict(budget, inst.contract_min_paid(), len(inst.agents)))
    return conflicts


def budget_conflict(budget_min: int, floor_min: int, n_agents: int) -> Conflict:
    """A paid-hours budget below what the agents' contracts guarantee."""
    return Conflict("paid hours budget",
                    f"the budget of {budget_min / 60:g} h is below the {floor_min / 60:.0f} h the {n_agents} "
                    "agents' contracts guarantee (weekly minimums, time off deducted): raise the budget or "
                    "lower contract minimums")


def _end_label(inst: RosterInstance, t: int) -> str:
    m = ((t + 1) * inst.interval_min) % MINUTES_PER_DAY
    return f"{m // 60:02d}:{m % 60:02d}"


def explain_infeasible(inst: RosterInstance, *, time_limit_s: float = 20.0) -> list[Conflict]:
    """A small set of hard rules that cannot hold together, named by rule, agent and time."""
    deadline = time.perf_counter() + time_limit_s
    built = build_model(inst, explain=True, with_objective=False)
    ctx, model = built.ctx, built.model
    lits = list(ctx.guards.values())
    if not lits:
        return [Conflict("structure", "no named rule is involved: check skills, templates and time off")]

    def infeasible(assumed: list[cp_model.IntVar], budget: float) -> tuple[bool, list[int]]:
        model.clear_assumptions()
        model.add_assumptions(assumed)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.5, budget)
        solver.parameters.num_workers = 1   # assumption cores are reported by the sequential search
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            return True, list(solver.sufficient_assumptions_for_infeasibility())
        return False, []

    ok, core = infeasible(lits, deadline - time.perf_counter())
    if not ok:
        return [Conflict("unexplained", f"the solver could not isolate the conflicting rules within "
                                        f"{time_limit_s:.0f} s; try a longer time limit")]
    by_index = {lit.index: lit for lit in lits}
    kept = [by_index[i] for i in core if i in by_index]
    # deletion filter: drop each rule that is not needed for the conflict, while time allows
    i = 0
    while i < len(kept) and len(kept) > 1 and time.perf_counter() < deadline - 0.5:
        trial = kept[:i] + kept[i + 1:]
        still, sub = infeasible(trial, min(5.0, deadline - time.perf_counter()))
        if still:
            kept = [by_index[j] for j in sub if j in by_index] or trial
        else:
            i += 1
    model.clear_assumptions()
    out = [c for lit in kept if (c := ctx.conflict(lit.index)) is not None]
    return out or [Conflict("unexplained", "the conflict involves only structural constraints")]
