"""The demand-shaped hint the feasibility seed starts from."""
from __future__ import annotations

import dataclasses

import numpy as np
from roster_tiny import tiny_problem

from planner.rostering.instance import compile_instance
from planner.rostering.seed_hint import demand_roster


def _afternoon_only(problem):  # type: ignore[no-untyped-def]
    minute = (np.arange(problem.n_intervals) * 15) % 1440
    afternoon = (minute >= 14 * 60) & (minute < 21 * 60)
    required = np.where(afternoon[None, :], 1, 0) * np.array([[3], [0], [0]])
    return dataclasses.replace(problem, required=required.astype(np.int64))


def test_hinted_shifts_follow_the_requirement_and_keep_the_days_per_week() -> None:
    inst = compile_instance(_afternoon_only(tiny_problem()))
    chosen = demand_roster(inst)
    starts = [inst.catalogue[o].start_min for o in chosen.values()]
    # full-timers may start 06:00–08:00 ("early") or 12:00–13:30 ("late"): demand is 14:00–21:00
    full_time = [inst.catalogue[o].start_min for (a, _d), o in chosen.items()
                 if inst.agents[a].contract == "ft"]
    assert full_time and all(s >= 12 * 60 for s in full_time)
    assert max(starts) >= 12 * 60
    for a in range(len(inst.agents)):
        for block in inst.blocks:
            lo, hi = inst.days_bounds(a, block)
            worked = sum((a, d) in chosen for d in block)
            assert lo <= worked <= hi, (inst.agents[a].id, worked, lo, hi)


def test_no_extra_days_where_nothing_is_needed() -> None:
    problem = tiny_problem()
    quiet = dataclasses.replace(problem, required=np.zeros_like(problem.required))
    inst = compile_instance(quiet)
    chosen = demand_roster(inst)
    for a in range(len(inst.agents)):
        for block in inst.blocks:
            assert sum((a, d) in chosen for d in block) == inst.days_bounds(a, block)[0]


def test_same_hint_every_time() -> None:
    inst = compile_instance(tiny_problem())
    assert demand_roster(inst) == demand_roster(inst)


def test_seed_keeps_more_of_the_hint_than_a_plain_feasibility_solve() -> None:
    """The agreement seed is a valid roster and keeps far more of the hinted shifts (the tiny
    centre's hint breaks floors and weekly hours, so part of it must change)."""
    from ortools.sat.python import cp_model

    from planner.domain import RosterOptions
    from planner.rostering.model import build_model
    from planner.rostering.seed_hint import add_demand_hint
    from planner.rostering.solve import _seed
    from planner.rostering.validate import validate

    problem = tiny_problem(options=RosterOptions(break_mode="fixed"), n_days=14)
    inst = compile_instance(problem)
    kept = {}
    for agree in (False, True):
        built = build_model(inst)
        add_demand_hint(built.model, built.v, polish_s=5.0)
        hint = built.model.proto.solution_hint
        wanted = dict(zip(list(hint.vars), list(hint.values)))
        assert _seed(built.model, 30.0, 1, None, agree=agree) in ("OPTIMAL", "FEASIBLE")
        seeded = built.model.proto.solution_hint
        got = dict(zip(list(seeded.vars), list(seeded.values)))
        shift_vars = [x.index for x in built.v.x.values()]
        kept[agree] = sum(1 for i in shift_vars if wanted.get(i) == 1 and got[i] == 1)
    assert kept[True] > kept[False], kept
    # the seed is a complete, valid roster: with its shifts fixed the hard rules hold
    fixed = built.model.clone()
    for i in shift_vars:
        fixed.add(fixed.get_int_var_from_proto_index(i) == got[i])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30
    assert solver.solve(fixed) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert validate(built.v.extract(solver), problem) == []
