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
